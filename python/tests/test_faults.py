"""Retries and timeouts from Python, against faults the emulator injects."""

from __future__ import annotations

import logging

import pytest

import saasus


def arm(emulator, **fault):
    emulator.fault(**fault)


def test_get_is_retried_post_is_not(emulator):
    client = emulator.client()
    arm(emulator, method="GET", path="/v1/auth/tenants", status=503, count=2)
    assert client.auth.tenant.get_tenants().tenants == []
    arm(emulator, method="POST", path="/v1/auth/roles", status=503, count=1)
    with pytest.raises(saasus.OutcomeUnknownError) as e:
        client.auth.role.create_role(role_name="admin", display_name="Admin")
    assert (e.value.status, e.value.type) == (503, "injected_fault")
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


def sent(emulator):
    """What the emulator was sent (its request log: method, path, user_agent, trace_id)."""
    return [vars(r) for r in emulator.requests()]


def test_app_info_is_named_in_the_user_agent(emulator):
    client = emulator.client(app_info={"name": "acme-billing", "version": "2.3.1", "url": "https://acme.example"})
    client.with_options(trace_id="trace-app").auth.env.get_envs()
    (last,) = [r for r in sent(emulator) if r["trace_id"] == "trace-app"]
    assert last["user_agent"] == f"saasus-python/{saasus.__version__} acme-billing/2.3.1 (https://acme.example)"
    for bad, field in [({"version": "1"}, "app_info.name"), ({"name": "acme billing"}, "app_info.name"),
                       ({"name": "acme", "nmae": "x"}, "app_info.nmae"), ({"name": 3}, "app_info.name"), ("acme", "app_info")]:
        with pytest.raises(saasus.ConfigError, match=field):
            emulator.client(app_info=bad)


def test_max_retry_delay_caps_a_long_retry_after(emulator, caplog):
    # A Retry-After of an hour would stall the call; capped at 0.05 s, the retry comes at once.
    # The retry's log record says how long it waited: no clock is read here.
    caplog.set_level(logging.DEBUG, logger="saasus")
    client = emulator.client(max_retry_delay=0.05)
    arm(emulator, method="GET", path="/v1/auth/envs", status=503, retry_after=3600, count=1)
    assert len(client.auth.env.get_envs().envs) == 3
    backoffs = [r.backoff_ms for r in caplog.records if r.name == "saasus" and hasattr(r, "backoff_ms")]
    assert len(backoffs) == 1 and 0 <= backoffs[0] <= 50, f"one retry, waiting at most max_retry_delay (50 ms): {backoffs}"
    assert [(r.path, r.status) for r in emulator.requests()] == [("/v1/auth/envs", 503), ("/v1/auth/envs", 200)]
    for bad in (-1, 0, "1"):
        with pytest.raises(saasus.ConfigError, match="max_retry_delay"):
            emulator.client(max_retry_delay=bad)


def test_with_response_gives_status_trace_id_headers_and_attempts(emulator):
    client = emulator.client()
    arm(emulator, method="GET", path="/v1/auth/envs", status=503, count=1)
    r = client.with_options(trace_id="trace-r").with_response.auth.env.get_envs()
    assert isinstance(r, saasus.Response)
    assert (len(r.value.envs), r.status, r.trace_id, r.attempts) == (3, 200, "trace-r", 2)
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-saasus-trace-id"] == "trace-r"
    r.headers["x-extra"] = "x"
    assert "x-extra" not in r.headers, "each read is a new dict"
    assert repr(r) == "Response(status=200, trace_id='trace-r', attempts=2, value=<Envs>)"
    # An operation answering with a status only: its value is None.
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    deleted = client.with_response.auth.tenant.delete_tenant(tenant.id)
    assert (deleted.value, deleted.status, deleted.attempts) == (None, 200, 1)
    # Errors are raised as without it; other APIs are there too.
    with pytest.raises(saasus.NotFoundError):
        client.with_response.auth.tenant.get_tenant("no-such-tenant")
    assert client.with_response.pricing.pricing_plans.get_pricing_plans().status == 200
    assert saasus.Response[saasus.Envs] is saasus.Response

    async def main() -> saasus.Response[saasus.Envs]:
        return await emulator.client(saasus.AsyncClient).with_response.auth.env.get_envs()

    import asyncio
    ar = asyncio.run(main())
    assert (len(ar.value.envs), ar.status, ar.attempts) == (3, 200, 1) and ar.trace_id


def metering(emulator):
    """A client, a tenant, the metering unit api_calls, and the count of 2024-02-29 read back."""
    client = emulator.client()
    client.pricing.metering.create_metering_unit(unit_name="api_calls", display_name="API calls", description="")
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@example.com").id

    def counted() -> int:
        return client.pricing.metering.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(tenant, "api_calls", "2024-02-29").count

    return client, tenant, counted


AT = 1709168400  # 2024-02-29T01:00:00Z
METERING = "/v1/pricing/metering/tenants/*"


@pytest.mark.parametrize("status", [502, 504])
def test_an_add_applied_and_then_answered_5xx_is_counted_once_and_its_outcome_unknown(emulator, status):
    client, tenant, counted = metering(emulator)
    arm(emulator, method="PUT", path=METERING, status=status, after_applying=True)
    with pytest.raises(saasus.OutcomeUnknownError) as e:
        client.pricing.metering.update_metering_unit_timestamp_count(tenant, "api_calls", AT, method="add", count=5)
    assert counted() == 5, "applied once, not sent again"
    assert (e.value.status, e.value.type) == (status, "injected_fault")
    assert e.value.data["sent"] == {
        "operation": "UpdateMeteringUnitTimestampCount",
        "method": "PUT",
        "path": f"/pricing/metering/tenants/{tenant}/units/api_calls/timestamp/{AT}",
        "body": {"method": "add", "count": 5},
    }
    assert e.value.data["cause"]["status"] == status
    assert not isinstance(e.value, saasus.ApiError), "no answer said whether it was applied"


def test_a_direct_count_and_reads_are_still_sent_again(emulator):
    client, tenant, counted = metering(emulator)
    arm(emulator, method="PUT", path=METERING, status=502, after_applying=True, count=2)
    assert client.pricing.metering.update_metering_unit_timestamp_count(tenant, "api_calls", AT, method="direct", count=20).count == 20
    arm(emulator, method="GET", path=METERING, status=504, count=2)
    assert counted() == 20
    arm(emulator, method="PUT", path=METERING, status=429, count=1)
    assert client.pricing.metering.update_metering_unit_timestamp_count(tenant, "api_calls", AT, method="add", count=1).count == 21, "a 429 refused it: sent again"
