"""The official SaaSus Python SDK (saasus-platform/saasus-sdk-python) driven like our blocking
Python (python_driver.py sync): `official_python_driver.py TENANT_ID SEQUENTIAL CONCURRENCY
CONCURRENT_CALLS WARM_UP`, credentials and SAASUS_BASE_URL from the environment, as that SDK reads
them. Calls in flight are threads of a ThreadPoolExecutor over one API client (its urllib3 pool).

Run by bench/run.py only with the venv it made from a copy of that repository (--official-python):
the SDK is never a dependency of this project."""

from __future__ import annotations

import json
import sys

from phases import run_threads
from saasus_sdk_python.client.auth_client import SignedAuthApiClient
from saasus_sdk_python.src.auth.api.tenant_api import TenantApi
from saasus_sdk_python.src.auth.configuration import Configuration


def main() -> None:
    tenant_id, *numbers = sys.argv[1:]
    sequential, concurrency, concurrent_calls, warm_up = (int(n) for n in numbers)
    # The pool as large as the calls in flight, as a user running 64 threads would configure it
    # (the SDK's default, 5 per core, would make the other threads open throwaway connections).
    configuration = Configuration()
    configuration.connection_pool_maxsize = concurrency
    api = TenantApi(SignedAuthApiClient(configuration=configuration))
    result = run_threads(lambda: api.get_tenant(tenant_id).id, tenant_id, sequential, concurrency, concurrent_calls, warm_up)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
