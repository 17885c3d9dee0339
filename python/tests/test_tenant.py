"""The tenant operations from Python, blocking and asyncio, against the emulator."""

from __future__ import annotations

import asyncio
import threading

import pytest

import saasus


def test_create_list_get_update_delete(client):
    tenants = client.auth.tenant
    assert tenants.get_tenants().tenants == []

    created = tenants.create_tenant(name="Acme", attributes={"plan": "gold", "seats": 5, "active": True}, back_office_staff_email="ops@acme.example")
    assert isinstance(created, saasus.Tenant)
    assert (created.name, created.back_office_staff_email) == ("Acme", "ops@acme.example")
    assert created.attributes == {"plan": "gold", "seats": 5, "active": True}
    assert isinstance(created.attributes["seats"], int) and created.attributes["active"] is True
    assert created.plan_histories == [] and created.plan_id is None

    listed = tenants.get_tenants()
    assert isinstance(listed, saasus.Tenants)
    assert listed.tenants == [created]

    detail = tenants.get_tenant(created.id)
    assert isinstance(detail, saasus.TenantDetail)
    assert (detail.id, detail.name) == (created.id, "Acme")
    assert detail.to_dict()["attributes"] == {"plan": "gold", "seats": 5, "active": True}

    assert tenants.update_tenant(created.id, name="Acme 2", attributes={}, back_office_staff_email="new@acme.example") is None
    assert tenants.get_tenant(created.id).name == "Acme 2"

    assert tenants.delete_tenant(created.id) is None
    with pytest.raises(saasus.NotFoundError):
        tenants.get_tenant(created.id)


def test_models_accept_model_instances_and_repr(client):
    param = saasus.CreateTenantParam(name="Repr Inc.", attributes={}, back_office_staff_email="a@example.com")
    assert repr(param) == "CreateTenantParam(name='Repr Inc.', attributes={}, back_office_staff_email='a@example.com')"
    created = client.auth.tenant.create_tenant(**param.to_dict())
    assert created.name == "Repr Inc."
    assert "Tenant(id=" in repr(created)


def test_wrong_secret_is_unauthorized_without_the_secret(emulator):
    bad = emulator.client(secret_key="wrong-secret-value-1234")
    with pytest.raises(saasus.UnauthorizedError) as info:
        bad.auth.tenant.get_tenants()
    e = info.value
    assert isinstance(e, saasus.ApiError) and isinstance(e, saasus.SaasusError)
    assert (e.status, e.type) == (401, "invalid_signature")
    assert e.trace_id
    for text in (str(e), repr(e), repr(bad), repr(bad._native)):
        assert "wrong-secret-value-1234" not in text
        assert emulator.secret_key not in text


def test_missing_tenant_is_not_found_with_trace_id(client):
    with pytest.raises(saasus.NotFoundError) as info:
        client.auth.tenant.get_tenant("no-such-tenant")
    assert info.value.status == 404
    assert info.value.type == "not_found"
    assert "no-such-tenant" in info.value.message
    assert info.value.trace_id
    traced = client.with_context(trace_id="trace-py-1")
    with pytest.raises(saasus.NotFoundError) as info:
        traced.auth.tenant.get_tenant("no-such-tenant")
    assert info.value.trace_id == "trace-py-1"


def test_path_parameters_are_encoded(client):
    with pytest.raises(saasus.NotFoundError) as info:
        client.auth.tenant.get_tenant("a/b?c")
    assert "a/b?c" in info.value.message


def test_bad_arguments_name_the_field(client):
    with pytest.raises(saasus.InvalidArgumentError) as info:
        client.auth.tenant.create_tenant(attributes={}, back_office_staff_email="a@example.com")
    assert info.value.type == "name" and "name" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(saasus.InvalidArgumentError) as info:
        client.auth.tenant.create_tenant(name=1, attributes={}, back_office_staff_email="a@example.com")
    assert info.value.type == "name"
    with pytest.raises(saasus.InvalidArgumentError) as info:
        client.auth.tenant.get_tenants(unexpected=True)
    assert info.value.type == "unexpected"
    with pytest.raises(TypeError):
        client.auth.tenant.get_tenant()


def test_missing_configuration_names_the_variable(monkeypatch):
    for var in ("SAASUS_API_KEY", "SAASUS_SECRET_KEY", "SAASUS_SAAS_ID", "SAASUS_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SAASUS_API_KEY", "k")
    with pytest.raises(saasus.ConfigError) as info:
        saasus.Client()
    assert info.value.type == "SAASUS_SECRET_KEY"
    with pytest.raises(saasus.ConfigError) as info:
        saasus.Client(secret_key="s", saas_id="id", timeout=-1)
    assert info.value.type == "timeout"


def test_environment_configures_the_client(emulator, monkeypatch):
    monkeypatch.setenv("SAASUS_API_KEY", emulator.api_key)
    monkeypatch.setenv("SAASUS_SECRET_KEY", emulator.secret_key)
    monkeypatch.setenv("SAASUS_SAAS_ID", emulator.saas_id)
    monkeypatch.setenv("SAASUS_BASE_URL", emulator.base_url)
    assert saasus.Client().auth.env.get_envs().envs[2].name == "prod"


def test_blocking_calls_release_the_gil(client):
    ticks = 0
    stop = threading.Event()

    def spin():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        before = ticks
        for _ in range(30):
            client.auth.tenant.get_tenants()
        during = ticks - before
    finally:
        stop.set()
        t.join()
    assert during > 0, "another Python thread ran while calls were in flight"


def test_async_client_runs_many_calls_at_once(emulator):
    aclient = emulator.client(saasus.AsyncClient)

    async def main():
        created = await aclient.auth.tenant.create_tenant(name="Async", attributes={}, back_office_staff_email="a@example.com")
        results = await asyncio.gather(*(aclient.auth.tenant.get_tenant(created.id) for _ in range(50)))
        assert all(isinstance(r, saasus.TenantDetail) and r.id == created.id for r in results)
        with pytest.raises(saasus.NotFoundError):
            await aclient.auth.tenant.get_tenant("nope")
        return len(results)

    assert asyncio.run(main()) == 50


def test_enums_are_enum_members_and_unknown_values_survive(client):
    attr = client.auth.user_attribute.create_user_attribute(attribute_name="birthday", display_name="Birthday", attribute_type=saasus.AttributeType.DATE)
    assert attr.attribute_type is saasus.AttributeType.DATE
    assert attr.attribute_type == "date"
    same = client.auth.user_attribute.create_user_attribute(attribute_name="nickname", display_name="Nickname", attribute_type="string")
    assert same.attribute_type is saasus.AttributeType.STRING
    later = saasus.AttributeType("color")
    assert later == "color" and later.name == "UNKNOWN"
