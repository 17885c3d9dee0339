"""Secrets are hidden wherever a value is shown (repr, str, f-strings, nested in another model or
in a list, the logs) and kept wherever it is serialised (to_dict, to_json, pickle, pydantic)."""

from __future__ import annotations

import logging
import pickle

import pydantic

import saasus
import saasus.apigateway
from test_login import PASSWORD, sign_in


def signed_in(client):
    client.auth.saas_user.create_saas_user(email="secret@example.com", password=PASSWORD)
    return sign_in(client, "secret@example.com")


def test_tokens_from_the_platform_are_hidden_in_every_printed_form(client):
    tokens = signed_in(client)
    secrets = [tokens.id_token, tokens.access_token, tokens.refresh_token]
    assert all(secrets)
    for shown in (repr(tokens), str(tokens), f"{tokens}", f"{tokens!r}", repr([tokens]), repr({"c": tokens})):
        for secret in secrets:
            assert secret not in shown
        assert "'***'" in shown
    answer = client.auth.saas_user.respond_to_sign_in_challenge(
        challenge_name="PASSWORD_VERIFIER",
        session=client.auth.saas_user.sign_in(sign_in_flow="USER_SRP_AUTH",
                                              sign_in_parameters={"USERNAME": "secret@example.com"}).session,
        challenge_responses={"USERNAME": "secret@example.com", "PASSWORD": PASSWORD})
    nested = repr(answer)
    assert answer.credentials is not None and answer.credentials.id_token not in nested
    assert "credentials=" in nested and "'***'" in nested


def test_serialisation_keeps_every_secret(client):
    tokens = signed_in(client)
    assert tokens.to_dict()["refresh_token"] == tokens.refresh_token
    assert tokens.id_token in tokens.to_json()
    assert pickle.loads(pickle.dumps(tokens)) == tokens
    assert saasus.Credentials.from_dict(tokens.to_dict()) == tokens

    class Session(pydantic.BaseModel):
        credentials: saasus.Credentials

    dumped = Session(credentials=tokens).model_dump()
    assert dumped["credentials"]["access_token"] == tokens.access_token


def test_keys_and_client_secrets_of_every_api_are_hidden(client):
    client.auth.saasus_tenant.create_api_key()
    listed = client.auth.saasus_tenant.get_api_keys()
    assert listed.api_keys and not any(k in repr(listed) for k in listed.api_keys)
    secret = client.auth.saasus_tenant.get_client_secret()
    assert secret.client_secret and secret.client_secret not in repr(secret)
    gateway = saasus.apigateway.ApiKey(api_key="gw-key-0001", client_secret="gw-secret-0002", tenant_id="t", env_id=1)
    shown = repr(saasus.apigateway.ApiKeys(api_keys=[gateway]))
    assert "gw-key-0001" not in shown and "gw-secret-0002" not in shown and "'t'" in shown


def test_debug_logs_of_a_sign_in_carry_no_password_or_token(client, caplog):
    caplog.set_level(logging.DEBUG, logger="saasus")
    tokens = signed_in(client)
    client.auth.credential.create_auth_credentials(id_token=tokens.id_token, access_token=tokens.access_token,
                                                   refresh_token=tokens.refresh_token)
    text = "\n".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert caplog.records
    for secret in (PASSWORD, tokens.id_token, tokens.access_token, tokens.refresh_token):
        assert secret not in text
