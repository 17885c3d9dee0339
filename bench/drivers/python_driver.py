"""The Python driver (see bench/src/lib.rs for the protocol): `python_driver.py sync|sync-logging|asyncio
TENANT_ID SEQUENTIAL CONCURRENCY CONCURRENT_CALLS WARM_UP`, credentials from SAASUS_*; or
`python_driver.py meter TENANTS ADDS` (bench/meter.py).

Blocking calls in flight are threads (a ThreadPoolExecutor, as a WSGI server would run them);
asyncio calls are coroutines on one event loop."""

from __future__ import annotations

import asyncio
import json
import sys
import time

import saasus
from phases import run_coroutines, run_threads


def run_sync(tenant_id: str, sequential: int, concurrency: int, concurrent_calls: int, warm_up: int) -> dict:
    get = saasus.Client().auth.tenant.get_tenant
    return run_threads(lambda: get(tenant_id).id, tenant_id, sequential, concurrency, concurrent_calls, warm_up)


async def run_asyncio(tenant_id: str, sequential: int, concurrency: int, concurrent_calls: int, warm_up: int) -> dict:
    get = saasus.AsyncClient().auth.tenant.get_tenant

    async def get_id() -> str:
        return (await get(tenant_id)).id

    return await run_coroutines(get_id, tenant_id, sequential, concurrency, concurrent_calls, warm_up)


def run_meter(tenants: list[str], adds: int) -> dict:
    """`meter.add` on one thread (bench/meter.py): the adds alone timed, then close()."""
    meter = saasus.Client().meter(flush_interval=3600)
    add, units, n = meter.add, ("api_calls", "storage"), len(tenants)
    t, cpu = time.perf_counter(), time.process_time()
    for i in range(adds):
        add(tenants[i % n], units[i % 2])
    wall, cpu_s = time.perf_counter() - t, time.process_time() - cpu
    closing = time.perf_counter()
    stats = meter.close().stats
    if stats.sent != adds:
        raise SystemExit(f"sent {stats.sent} of {adds}")
    return {"adds": adds, "seconds": wall, "cpu_seconds": cpu_s, "requests": stats.requests, "sent": stats.sent,
            "close_seconds": time.perf_counter() - closing}


def main() -> None:
    if sys.argv[1] == "meter":
        print(json.dumps(run_meter(sys.argv[2].split(","), int(sys.argv[3]))))
        return
    mode, tenant_id, *numbers = sys.argv[1:]
    sequential, concurrency, concurrent_calls, warm_up = (int(n) for n in numbers)
    if mode == "sync-logging":
        # Logging on: every attempt's DEBUG record made and handled (by a handler that drops it,
        # so that what is measured is the SDK's share, not a formatter's or a file's).
        import logging

        class Drop(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                pass

        logger = logging.getLogger("saasus")
        logger.addHandler(Drop())
        logger.setLevel(logging.DEBUG)
        mode = "sync"
    if mode == "sync":
        result = run_sync(tenant_id, sequential, concurrency, concurrent_calls, warm_up)
    elif mode == "asyncio":
        result = asyncio.run(run_asyncio(tenant_id, sequential, concurrency, concurrent_calls, warm_up))
    else:
        raise SystemExit(f"mode must be sync, sync-logging or asyncio, not {mode!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
