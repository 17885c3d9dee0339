"""The phases every Python driver runs (see bench/src/lib.rs for the protocol), shared by ours
(python_driver.py) and the official SDK's (official_python_driver.py): standard library only,
so that either venv can import it."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Awaitable, Callable


def phase(wall: float, cpu: float, latencies_ns: list[int]) -> dict:
    return {"seconds": wall, "cpu_seconds": cpu, "latencies_us": [round(ns / 1000, 1) for ns in latencies_ns]}


def check(tenant_id: str, expected: str) -> None:
    # A wrong answer must not pass for a fast one.
    if tenant_id != expected:
        raise SystemExit(f"the emulator answered with tenant {tenant_id!r}, not {expected!r}")


def run_threads(get_id: Callable[[], str], expected: str, sequential: int, concurrency: int, concurrent_calls: int,
                warm_up: int) -> dict:
    """Blocking calls (`get_id()` returns the tenant's id): calls in flight are threads of a
    ThreadPoolExecutor, as a WSGI server would run them."""

    def worker(calls: int) -> list[int]:
        lat = []
        for _ in range(calls):
            t = time.perf_counter_ns()
            check(get_id(), expected)
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


async def run_coroutines(get_id: Callable[[], Awaitable[str]], expected: str, sequential: int, concurrency: int,
                         concurrent_calls: int, warm_up: int) -> dict:
    """Awaited calls: calls in flight are coroutines on one event loop."""

    async def worker(calls: int) -> list[int]:
        lat = []
        for _ in range(calls):
            t = time.perf_counter_ns()
            check(await get_id(), expected)
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
