"""saasus.testing: the emulator served by the installed package itself, as a user's tests get it
(the pytest fixtures come from the plugin the package registers, not from our conftest)."""
import asyncio

import pytest

import saasus
from saasus.testing import Emulator


def test_the_plugin_gives_a_client_for_a_fresh_emulator(saasus_client, saasus_emulator):
    assert saasus_client.auth.tenant.get_tenants().tenants == []
    created = saasus_client.auth.tenant.create_tenant(name="Acme", attributes={"seats": 5}, back_office_staff_email="ops@acme.example")
    assert saasus_emulator.client().auth.tenant.get_tenant(created.id).attributes == {"seats": 5}
    assert saasus_emulator.base_url.startswith("http://127.0.0.1:") and saasus_emulator.base_url.endswith("/v1")


def test_each_test_gets_its_own_emulator(saasus_client):
    assert saasus_client.auth.tenant.get_tenants().tenants == []


def test_faults_and_the_async_client(saasus_emulator):
    saasus_emulator.fault(path="/v1/auth/tenants", method="GET", status=503, count=1)
    with pytest.raises(saasus.ServerError) as raised:
        saasus_emulator.client(max_retries=0).auth.tenant.get_tenants()
    assert raised.value.status == 503

    async def listed():
        return (await saasus_emulator.async_client().auth.tenant.get_tenants()).tenants

    assert asyncio.run(listed()) == []
    with pytest.raises(saasus.InvalidArgumentError, match="path: must start with /") as refused:
        saasus_emulator.fault(path="no-slash", status=503)
    assert isinstance(refused.value, ValueError) and refused.value.type == "path"
    # Applied, then answered 502: the role exists once, and the caller is told the outcome is unknown.
    saasus_emulator.fault(path="/v1/auth/roles", method="POST", status=502, after_applying=True)
    client = saasus_emulator.client()
    with pytest.raises(saasus.OutcomeUnknownError):
        client.auth.role.create_role(role_name="admin", display_name="Admin")
    assert [r.role_name for r in client.auth.role.get_roles().roles] == ["admin"]


def test_sign_in_through_the_emulator_to_user_info():
    with Emulator() as emu:
        client = emu.client()
        client.auth.auth_info.update_auth_info(callback_url="http://localhost:3000/callback")
        client.auth.saas_user.create_saas_user(email="alice@example.com", password="Passw0rd-Emulator")
        credentials = client.exchange_temp_code(emu.sign_in_code("alice@example.com", "Passw0rd-Emulator"))
        assert client.authenticate(credentials.id_token).email == "alice@example.com"
        with pytest.raises(saasus.InvalidArgumentError, match="incorrect username or password"):
            emu.sign_in_code("alice@example.com", "wrong")
    with pytest.raises(saasus.TransportError):
        saasus.Client(**{k.lower().removeprefix("saasus_"): v for k, v in emu.env.items()}, max_retries=0).auth.tenant.get_tenants()


def test_settings_and_what_it_shows():
    with Emulator(api_key="key-1", secret_key="secret-value-1", saas_id="saas-1", token_ttl=60) as emu:
        assert (emu.api_key, emu.secret_key, emu.saas_id) == ("key-1", "secret-value-1", "saas-1")
        assert emu.env["SAASUS_SECRET_KEY"] == "secret-value-1"
        assert "secret-value-1" not in repr(emu) and "secret-value-1" not in repr(emu._native)
        assert emu.client().auth.tenant.get_tenants().tenants == []
    emu.stop()  # a second stop does nothing
    with pytest.raises(saasus.ConfigError, match="token_ttl"):
        Emulator(token_ttl=0)


def test_the_request_log_and_the_armed_faults_in_process(saasus_emulator):
    saasus_emulator.fault(path="/v1/auth/envs", status=503, count=2, body={"why": "x"})
    assert [(f["path"], f["count"], f["body"]) for f in saasus_emulator.faults()] == [("/v1/auth/envs", 2, {"why": "x"})]
    saasus_emulator.clear_faults()
    assert saasus_emulator.faults() == []
    saasus_emulator.client().with_options(trace_id="t-log").auth.env.get_envs()
    (seen,) = saasus_emulator.requests()
    assert (seen.method, seen.path, seen.status, seen.trace_id) == ("GET", "/v1/auth/envs", 200, "t-log")
    assert seen.user_agent is not None and seen.user_agent.startswith("saasus-python/")
    saasus_emulator.clear_requests()
    assert saasus_emulator.requests() == []


def test_the_data_file_keeps_the_state_across_a_restart(tmp_path):
    data = str(tmp_path / "emulator.sqlite")
    settings = dict(api_key="key-1", secret_key="secret-value-1", saas_id="saas-1", data=data)
    with Emulator(**settings) as first:
        created = first.client().auth.tenant.create_tenant(name="Acme", attributes={"seats": 5}, back_office_staff_email="ops@acme.example")
    with Emulator(**settings) as second:
        kept = second.client().auth.tenant.get_tenants().tenants
        assert [(t.id, t.name, t.attributes) for t in kept] == [(created.id, "Acme", {"seats": 5})]
    with Emulator(api_key="key-1", secret_key="secret-value-1", saas_id="saas-1") as in_memory:
        assert in_memory.client().auth.tenant.get_tenants().tenants == [], "without the file, a fresh state"


def test_cleared_faults_no_longer_fail_calls(saasus_emulator):
    saasus_emulator.fault(path="/v1/auth/envs", status=503, count=5)
    saasus_emulator.fault(path="/v1/auth/tenants", stall_ms=60_000)
    saasus_emulator.clear_faults()
    client = saasus_emulator.client(max_retries=0)
    assert [e.name for e in client.auth.env.get_envs().envs] == ["dev", "stg", "prod"]
    assert client.auth.tenant.get_tenants().tenants == []
    assert [(r.path, r.status) for r in saasus_emulator.requests()] == [("/v1/auth/envs", 200), ("/v1/auth/tenants", 200)]
