"""Retries and timeouts from Python, against faults the emulator injects."""

from __future__ import annotations

import json
import urllib.request

import pytest

import saasus


def arm(emulator, **fault):
    origin = emulator.base_url.rsplit("/v1", 1)[0]
    req = urllib.request.Request(f"{origin}/_emulator/faults", data=json.dumps(fault).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 201


def test_get_is_retried_post_is_not(emulator):
    client = emulator.client()
    arm(emulator, method="GET", path="/v1/auth/tenants", status=503, count=2)
    assert client.auth.tenant.get_tenants().tenants == []
    arm(emulator, method="POST", path="/v1/auth/roles", status=503, count=1)
    with pytest.raises(saasus.ServerError) as e:
        client.auth.role.create_role(role_name="admin", display_name="Admin")
    assert e.value.status == 503
    assert client.auth.role.get_roles().roles == [], "the POST was not repeated"
    arm(emulator, path="/v1/auth/envs", status=429, count=3)
    with pytest.raises(saasus.RateLimitError):
        client.auth.env.get_envs()


def test_a_stalled_answer_is_a_timeout(emulator):
    client = emulator.client(timeout=0.3)
    arm(emulator, path="/v1/auth/tenants", stall_ms=3000)
    with pytest.raises(saasus.TimeoutError) as e:
        client.auth.tenant.get_tenants()
    assert isinstance(e.value, TimeoutError)


def test_a_400_is_a_bad_request_error(client):
    with pytest.raises(saasus.BadRequestError) as e:
        client.auth.tenant.create_tenant(name=" ", attributes={}, back_office_staff_email="ops@example.com")
    assert (e.value.status, e.value.type) == (400, "invalid_request")
    assert "name" in e.value.message


def test_with_options_sets_timeout_retries_and_trace_id_for_its_calls(emulator):
    client = emulator.client()
    arm(emulator, method="GET", path="/v1/auth/envs", status=503, count=1)
    with pytest.raises(saasus.ServerError):
        client.with_options(max_retries=0).auth.env.get_envs()
    arm(emulator, method="GET", path="/v1/auth/envs", status=503, count=1)
    assert len(client.auth.env.get_envs().envs) == 3, "the client itself still retries"
    arm(emulator, path="/v1/auth/tenants", stall_ms=3000)
    with pytest.raises(saasus.TimeoutError):
        client.with_options(timeout=0.2, max_retries=0).auth.tenant.get_tenants()
    for bad, field in [(dict(timeout=0), "timeout"), (dict(max_retries=11), "max_retries"), (dict(trace_id="a\nb"), "trace_id"),
                       (dict(timeout="1"), "timeout")]:
        with pytest.raises(saasus.InvalidArgumentError, match=field):
            client.with_options(**bad)


def test_clients_are_context_managers(emulator):
    with emulator.client() as client:
        assert len(client.auth.env.get_envs().envs) == 3

    async def main() -> int:
        async with emulator.client(saasus.AsyncClient) as aclient:
            return len((await aclient.with_options(trace_id="t-1").auth.env.get_envs()).envs)

    import asyncio
    assert asyncio.run(main()) == 3
