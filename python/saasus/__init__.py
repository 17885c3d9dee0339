"""saasus: the SaaSus Platform's nine APIs, over one Rust core.

    import saasus
    client = saasus.Client()            # SAASUS_API_KEY, SAASUS_SECRET_KEY, SAASUS_SAAS_ID
    for t in client.auth.tenant.get_tenants().tenants:
        print(t.id, t.name)
    plans = client.pricing.pricing_plans.get_pricing_plans()   # saasus.pricing.PricingPlans

Auth's models are here (`saasus.Tenant`); every other API's in the module of its name
(`saasus.pricing.PricingPlan`), since the APIs name different things alike.
"""

import importlib
import logging

from . import _client, _enums, _errors, _native
from ._native import Response, bearer_token, has_role
from ._client import AppInfo, AsyncClient, Client
from ._meter import Meter, MeterFailure, MeterReport, MeterStats
from ._sessions import AppAnswer, Authorized, AuthError, Sessions, SignedIn, SignInRedirect

__version__: str = _native.__version__

_MODELS, _ENUMS = _native.type_names()
# The exceptions (SaasusError, NotFoundError, …), from the core's one list of them (generated).
globals().update({name: getattr(_errors, name) for name in _errors.__all__})
# Every model class of the API (Tenant, UserInfo, …), defined once in the Rust core, and its enums.
globals().update({name: getattr(_native, name) for name in _MODELS})
globals().update({name: getattr(_enums, name) for name in _ENUMS})
# saasus.pricing, saasus.billing, …: one module per API but Auth, from the native tables.
globals().update({api: importlib.import_module(f".{api}", __name__) for api in _client._SYNC_APIS if api != "auth"})

# The core logs each attempt (DEBUG), each retry (INFO) and a call given up after retries
# (WARNING) to the logger "saasus"; as a library, it leaves showing them to the application.
logging.getLogger("saasus").addHandler(logging.NullHandler())

__all__ = ["Client", "AsyncClient", "AppInfo", "Meter", "MeterStats", "MeterReport", "MeterFailure", "Sessions", "AuthError", "Authorized", "SignInRedirect", "SignedIn", "AppAnswer", "Response", "bearer_token", "has_role",
           *_errors.__all__, *_MODELS, *_ENUMS]
