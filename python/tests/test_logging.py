"""The core's log events in Python's logging: the logger "saasus", its levels honoured, the
event's fields on the record, and never a secret."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys

import pytest

import saasus
from test_faults import arm


@pytest.fixture()
def records(caplog):
    caplog.set_level(logging.DEBUG, logger="saasus")
    return caplog


def test_each_attempt_and_retry_is_a_record_of_the_saasus_logger(emulator, records):
    client = emulator.client()
    arm(emulator, method="GET", path="/v1/auth/tenants/*", status=503, count=3)
    with pytest.raises(saasus.ServerError):
        client.auth.tenant.get_tenant("tenant-secret-id")
    mine = [r for r in records.records if r.name == "saasus"]
    assert [r.levelname for r in mine] == ["DEBUG", "INFO", "DEBUG", "INFO", "DEBUG", "WARNING"]
    first = mine[0]
    assert (first.api, first.operation, first.method, first.path, first.status, first.attempt) == (
        "auth", "GetTenant", "GET", "/tenants/{tenant_id}", 503, 1)
    assert first.elapsed_ms > 0
    assert mine[1].backoff_ms >= 0 and mine[-1].attempts == 3
    assert "GetTenant failed after 3 attempts" in mine[-1].getMessage()
    text = "\n".join(f"{r.getMessage()} {vars(r)}" for r in mine)
    for secret in ["tenant-secret-id", emulator.secret_key, "SAASUSSIGV1"]:
        assert secret not in text


def test_levels_are_honoured_as_they_change(emulator, caplog):
    client = emulator.client()
    caplog.set_level(logging.WARNING, logger="saasus")
    client.auth.env.get_envs()
    assert not [r for r in caplog.records if r.name == "saasus"], "DEBUG is below WARNING"
    caplog.set_level(logging.DEBUG, logger="saasus")
    client.auth.env.get_envs()
    (record,) = [r for r in caplog.records if r.name == "saasus"]
    assert (record.operation, record.status) == ("GetEnvs", 200)


def test_awaitable_calls_log_too(emulator, records):
    async def main() -> None:
        await emulator.client(saasus.AsyncClient).auth.env.get_envs()

    asyncio.run(main())
    assert [(r.operation, r.status) for r in records.records if r.name == "saasus"] == [("GetEnvs", 200)]


def test_an_application_without_logging_set_up_sees_nothing(emulator):
    # The package's NullHandler keeps Python's last-resort handler from printing the warning of
    # a call given up: a library leaves its logs to the application.
    script = (
        "import saasus, sys\n"
        "c = saasus.Client(max_retries=1)\n"
        "try:\n    c.auth.env.get_envs()\nexcept saasus.ServerError:\n    print('raised')\n"
    )
    arm(emulator, method="GET", path="/v1/auth/envs", status=503, count=2)
    env = {**os.environ, "SAASUS_API_KEY": emulator.api_key, "SAASUS_SECRET_KEY": emulator.secret_key,
           "SAASUS_SAAS_ID": emulator.saas_id, "SAASUS_BASE_URL": emulator.base_url}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("raised\n", "")


def test_a_filter_or_handler_that_raises_fails_no_call(emulator, records):
    # A logging filter's exception propagates out of Logger.log; the SDK reports it as
    # unraisable and goes on: a broken log setup never fails a call, blocking or awaitable.
    logger = logging.getLogger("saasus")
    seen = []

    def broken(record):
        seen.append(record.getMessage())
        raise RuntimeError("broken filter")

    logger.addFilter(broken)
    unraisable = []
    previous, sys.unraisablehook = sys.unraisablehook, unraisable.append
    try:
        client = emulator.client()
        assert client.auth.env.get_envs().envs

        async def main() -> None:
            assert (await emulator.client(saasus.AsyncClient).auth.env.get_envs()).envs

        asyncio.run(main())
    finally:
        sys.unraisablehook = previous
        logger.removeFilter(broken)
    assert len(seen) == 2 and len(unraisable) == 2
    assert all(isinstance(u.exc_value, RuntimeError) for u in unraisable)
