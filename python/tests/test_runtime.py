"""The native runtime: it survives a fork, and a panic never reaches Python as one."""

from __future__ import annotations

import asyncio
import os
import sys
import threading

import pytest

import saasus
from saasus import _native


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_client_made_before_fork_works_in_the_child(client):
    created = client.auth.tenant.create_tenant(name="Before fork", attributes={}, back_office_staff_email="a@example.com")
    traced = client.with_context(trace_id="fork-trace")
    # The parent has a runtime and a pooled connection now; the child inherits neither's threads.
    assert client.auth.tenant.get_tenant(created.id).name == "Before fork"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report through the pipe, never return into pytest
        code = 1
        try:
            names = [t.name for t in client.auth.tenant.get_tenants().tenants]
            with pytest.raises(saasus.NotFoundError) as info:
                traced.auth.tenant.get_tenant("nope")
            os.write(write, f"{names}|{info.value.trace_id}".encode())
            code = 0
        except BaseException as e:  # noqa: BLE001 - everything must reach the parent
            os.write(write, f"{type(e).__name__}: {e}".encode())
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        report = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert (os.waitstatus_to_exitcode(status), report) == (0, "['Before fork']|fork-trace")
    # The parent's client is untouched by the child's.
    assert client.auth.tenant.get_tenant(created.id).id == created.id


def test_a_panic_in_a_blocking_call_is_a_saasus_error():
    with pytest.raises(saasus.SaasusError) as info:
        _native._panic_for_tests(False)
    assert type(info.value) is saasus.SaasusError
    assert "internal error in saasus" in str(info.value) and "a deliberate panic" in str(info.value)


def test_a_panic_in_an_awaitable_settles_it_with_a_saasus_error():
    async def main() -> None:
        with pytest.raises(saasus.SaasusError) as info:
            await asyncio.wait_for(_native._panic_for_tests(True), timeout=60)
        assert "a deliberate panic" in str(info.value)

    asyncio.run(main())


def test_nothing_starts_at_import():
    import subprocess

    code = "import threading, saasus; print(threading.active_count(), saasus.Client(api_key='a', secret_key='b', saas_id='c').base_url)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "https://api.saasus.io/v1"]
    # The runtime's threads are native, not Python threads: look at the process's own.
    if os.path.isdir("/proc/self/task"):
        code = "import os, saasus; saasus.Client(api_key='a', secret_key='b', saas_id='c'); print(len(os.listdir('/proc/self/task')))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "1"


def test_blocking_calls_from_many_threads_each_on_its_own_runtime(client):
    """Each thread runs its calls on a runtime and pool of its own, dropped when the thread ends."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    created = client.auth.tenant.create_tenant(name="Threads", attributes={}, back_office_staff_email="a@example.com")
    for _ in range(3):  # pools of short-lived threads: every runtime is built and dropped again
        with ThreadPoolExecutor(8) as pool:
            names = list(pool.map(lambda _: client.auth.tenant.get_tenant(created.id).name, range(40)))
        assert names == ["Threads"] * 40
    result = []
    t = threading.Thread(target=lambda: result.append(client.auth.tenant.get_tenant(created.id).id))
    t.start()
    t.join()
    assert result == [created.id]
    assert client.auth.tenant.get_tenant(created.id).id == created.id


def test_awaitables_on_successive_loops_and_cancelled_ones(emulator):
    """A bridge per loop: a second asyncio.run works, and a cancelled call is simply dropped."""
    aclient = emulator.client(saasus.AsyncClient)

    async def main() -> list[str]:
        created = await aclient.auth.tenant.create_tenant(name="Loops", attributes={}, back_office_staff_email="a@example.com")
        abandoned = asyncio.ensure_future(aclient.auth.tenant.get_tenant(created.id))
        abandoned.cancel()
        with pytest.raises(asyncio.CancelledError):
            await abandoned
        # Bounded: a completion the loop never settles must fail the test, not hang it.
        results = await asyncio.wait_for(asyncio.gather(*(aclient.auth.tenant.get_tenant(created.id) for _ in range(20))), 60)
        return [r.name for r in results]

    assert asyncio.run(main()) == ["Loops"] * 20
    assert asyncio.run(main()) == ["Loops"] * 20


def test_awaitables_on_two_loops_used_in_turn_and_on_threads_of_their_own(emulator):
    """Each loop has its own bridge, found again whichever loop a thread ran last."""
    aclient = emulator.client(saasus.AsyncClient)
    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        async def create() -> saasus.Tenant:
            return await aclient.auth.tenant.create_tenant(name="Turns", attributes={}, back_office_staff_email="a@example.com")

        created = first.run_until_complete(create())

        async def names() -> list[str]:
            results = await asyncio.wait_for(asyncio.gather(*(aclient.auth.tenant.get_tenant(created.id) for _ in range(5))), 60)
            return [r.name for r in results]

        for loop in (second, first, second, first):
            assert loop.run_until_complete(names()) == ["Turns"] * 5
    finally:
        first.close()
        second.close()

    out: list[list[str]] = []
    threads = [threading.Thread(target=lambda: out.append(asyncio.run(names()))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert out == [["Turns"] * 5] * 4
