"""saasus: the SaaSus Platform Auth API, over one Rust core.

    import saasus
    client = saasus.Client()            # SAASUS_API_KEY, SAASUS_SECRET_KEY, SAASUS_SAAS_ID
    for t in client.auth.tenant.get_tenants().tenants:
        print(t.id, t.name)
"""

from . import _enums, _native
from ._native import bearer_token, has_role
from ._client import AsyncClient, Client
from ._errors import (ApiError, BadRequestError, ConfigError, ConflictError, DecodeError, ForbiddenError,
                      InvalidArgumentError, NotFoundError, RateLimitError, SaasusError, ServerError, TimeoutError,
                      TransportError, UnauthorizedError)

__version__: str = _native.__version__

_MODELS, _ENUMS = _native.type_names()
# Every model class of the API (Tenant, UserInfo, …), defined once in the Rust core, and its enums.
globals().update({name: getattr(_native, name) for name in _MODELS})
globals().update({name: getattr(_enums, name) for name in _ENUMS})

__all__ = ["Client", "AsyncClient", "bearer_token", "has_role", "SaasusError", "ApiError", "BadRequestError", "UnauthorizedError",
           "ForbiddenError", "NotFoundError", "ConflictError", "RateLimitError", "ServerError", "TransportError",
           "TimeoutError", "DecodeError", "ConfigError", "InvalidArgumentError", *_MODELS, *_ENUMS]
