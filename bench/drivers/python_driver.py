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
from concurrent.futures import ThreadPoolExecutor

import saasus

def phase(wall: float, cpu: float, latencies_ns: list[int]) -> dict:
    return {"seconds": wall, "cpu_seconds": cpu, "latencies_us": [round(ns / 1000, 1) for ns in latencies_ns]}


def check(tenant, tenant_id: str) -> None:
    # A wrong answer must not pass for a fast one.
    if tenant.id != tenant_id:
        raise SystemExit(f"the emulator answered with tenant {tenant.id!r}, not {tenant_id!r}")


def run_sync(tenant_id: str, sequential: int, concurrency: int, concurrent_calls: int, warm_up: int) -> dict:
    client = saasus.Client()
    get = client.auth.tenant.get_tenant

    def worker(calls: int) -> list[int]:
        lat = []
        for _ in range(calls):
            t = time.perf_counter_ns()
            check(get(tenant_id), tenant_id)
            lat.append(time.perf_counter_ns() - t)
        return lat

    def concurrently(per_worker: int) -> list[int]:
        with ThreadPoolExecutor(concurrency) as pool:
            return [ns for lat in pool.map(worker, [per_worker] * concurrency) for ns in lat]

    concurrently(warm_up)
    t, cpu = time.perf_counter(), time.process_time()
    seq = worker(sequential)
    seq_wall, seq_cpu = time.perf_counter() - t, time.process_time() - cpu
    t, cpu = time.perf_counter(), time.process_time()
    conc = concurrently(-(-concurrent_calls // concurrency))
    conc_wall, conc_cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"sequential": phase(seq_wall, seq_cpu, seq), "concurrent": phase(conc_wall, conc_cpu, conc)}


async def run_asyncio(tenant_id: str, sequential: int, concurrency: int, concurrent_calls: int, warm_up: int) -> dict:
    client = saasus.AsyncClient()
    get = client.auth.tenant.get_tenant

    async def worker(calls: int) -> list[int]:
        lat = []
        for _ in range(calls):
            t = time.perf_counter_ns()
            check(await get(tenant_id), tenant_id)
            lat.append(time.perf_counter_ns() - t)
        return lat

    async def concurrently(per_worker: int) -> list[int]:
        results = await asyncio.gather(*(worker(per_worker) for _ in range(concurrency)))
        return [ns for lat in results for ns in lat]

    await concurrently(warm_up)
    t, cpu = time.perf_counter(), time.process_time()
    seq = await worker(sequential)
    seq_wall, seq_cpu = time.perf_counter() - t, time.process_time() - cpu
    t, cpu = time.perf_counter(), time.process_time()
    conc = await concurrently(-(-concurrent_calls // concurrency))
    conc_wall, conc_cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"sequential": phase(seq_wall, seq_cpu, seq), "concurrent": phase(conc_wall, conc_cpu, conc)}


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
