"""The login helpers: temp code → credentials → user info with roles → refresh."""

from __future__ import annotations

import asyncio

import pytest

import saasus

PASSWORD = "Passw0rd-Emulator"


def sign_in(client, username):
    su = client.auth.saas_user
    challenge = su.sign_in(sign_in_flow="USER_SRP_AUTH", sign_in_parameters={"USERNAME": username})
    answer = su.respond_to_sign_in_challenge(challenge_name="PASSWORD_VERIFIER", session=challenge.session,
                                             challenge_responses={"USERNAME": username, "PASSWORD": PASSWORD})
    return answer.credentials


def test_from_temp_code_to_roles(client, emulator):
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    user = client.auth.saas_user.create_saas_user(email="alice@example.com", password=PASSWORD)
    client.auth.role.create_role(role_name="admin", display_name="Admin")
    client.auth.tenant_user.create_tenant_user(tenant.id, email="alice@example.com", attributes={})
    client.auth.tenant_user.create_tenant_user_roles(tenant.id, user.id, 3, role_names=["admin"])

    tokens = sign_in(client, "alice@example.com")
    code = client.auth.credential.create_auth_credentials(id_token=tokens.id_token, access_token=tokens.access_token,
                                                          refresh_token=tokens.refresh_token).code
    creds = client.exchange_temp_code(code)
    assert isinstance(creds, saasus.Credentials) and creds.id_token == tokens.id_token

    token = saasus.bearer_token(f"Bearer {creds.id_token}")
    info = client.authenticate(token)
    assert isinstance(info, saasus.UserInfo) and info.email == "alice@example.com"
    assert saasus.has_role(info, tenant.id, "admin", 3)
    assert saasus.has_role(info, tenant.id, "admin")
    assert not saasus.has_role(info, tenant.id, "admin", 1)
    assert info.tenants[0].envs[0].roles[0].role_name == "admin"

    refreshed = client.refresh(creds.refresh_token)
    assert client.authenticate(refreshed.id_token).id == user.id
    with pytest.raises(saasus.UnauthorizedError):
        client.authenticate("forged")
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.exchange_temp_code("")
    assert e.value.type == "code"
    assert saasus.bearer_token("Basic abc") is None

    async def via_async():
        aclient = emulator.client(saasus.AsyncClient)
        return (await aclient.authenticate(refreshed.id_token)).id

    assert asyncio.run(via_async()) == user.id


def test_query_operations_take_python_names(client):
    # auth-flow is auth_flow in Python; a query operation's result arrives typed.
    with pytest.raises(saasus.NotFoundError):
        client.auth.credential.get_auth_credentials(code="unknown", auth_flow="tempCodeAuth")
    result = client.auth.tenant_user.search_tenant_users(limit=10)
    assert isinstance(result, saasus.SearchTenantUsersResult) and result.users == []


def test_refresh_with_a_token_the_platform_never_issued_is_a_typed_4xx(client):
    # The platform answers that it does not know the token (404): the caller gets that error
    # typed, never a server error; and an empty token is refused before anything is sent.
    for garbage in ("garbage", "emu-refresh." + "0" * 40):
        with pytest.raises(saasus.NotFoundError) as e:
            client.refresh(garbage)
        assert (e.value.status, e.value.type) == (404, "not_found"), e.value
        assert not isinstance(e.value, saasus.ServerError)
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.refresh(" ")
    assert e.value.type == "refresh_token"
