"""The native-app endpoints of every framework helper (FastAPI's `app_router`, Flask's
`app_blueprint`, Django's `app_view`) against the emulator: a temp code exchanged for tokens as
JSON (no cookies), the ID token accepted as a bearer token, a refresh, sign-out, and the
sessions' error rules (400, 401, 503 kept from the end user's words, 429 past the limit)."""

from __future__ import annotations

import logging

import pytest

import web_apps
from conftest import configure_django

configure_django()


@pytest.fixture(params=web_apps.FRAMEWORKS)
def framework(request):
    yield request.param
    web_apps.cleanup()


def backend(framework, emulator, **options):
    options.setdefault("secure", False)
    return web_apps.Browser(framework, web_apps.make(framework, emulator.client(), **options))


def signed_up(emulator, email="app@example.com"):
    emulator.client().auth.saas_user.create_saas_user(email=email, password="Passw0rd-Emulator")
    return email


def test_an_app_exchanges_its_code_calls_with_the_bearer_token_refreshes_and_signs_out(framework, emulator):
    email = signed_up(emulator)
    web = backend(framework, emulator)
    got = web.post_json("/app/token", {"code": emulator.sign_in_code(email)})
    assert got.status == 200, got
    assert set(got.json) == {"id_token", "refresh_token", "expires_at"}
    assert got.headers["cache-control"] == "no-store" and got.set_cookies == [], "tokens as JSON, never cookies"
    me = web.get("/me", Authorization=f"Bearer {got.json['id_token']}")
    assert (me.status, me.json) == (200, {"email": email})
    emulator.calls("/")
    fresh = web.post_json("/app/refresh", {"refresh_token": got.json["refresh_token"]})
    assert fresh.status == 200 and fresh.json["id_token"], fresh
    assert emulator.calls("/v1/auth/credentials") == 1
    out = web.post_json("/app/sign-out", {"refresh_token": got.json["refresh_token"]},
                        Authorization=f"Bearer {fresh.json['id_token']}")
    assert out.status == 204, out


def test_refusals_and_failures_keep_the_sessions_rules(framework, emulator, caplog):
    web = backend(framework, emulator)
    used = web.post_json("/app/token", {"code": "made-up"})
    assert (used.status, used.json["type"]) == (401, "unauthorized")
    assert web.post_json("/app/token", {"code": "x"}, content_type="text/plain").status == 400, "JSON only"
    assert web.post_json("/app/refresh", {"refresh_token": 7}).json == {"type": "bad_request", "message": "refresh_token: must be a string"}
    emulator.arm(path="/v1/auth/credentials", status=503, count=3)
    with caplog.at_level(logging.ERROR, logger="saasus"):
        down = web.post_json("/app/refresh", {"refresh_token": "some-token"})
    assert (down.status, down.json["type"]) == (503, "unavailable")
    assert "injected" not in str(down.json), "the platform's words stay in the log"
    assert any("unavailable" in r.getMessage() for r in caplog.records), caplog.records


def test_each_client_is_limited(framework, emulator):
    web = backend(framework, emulator, app_requests_per_minute=2)
    assert [web.post_json("/app/refresh", {"refresh_token": "t"}).status for _ in range(2)] == [401, 401]
    limited = web.post_json("/app/refresh", {"refresh_token": "t"})
    assert (limited.status, limited.json["type"]) == (429, "too_many_requests")
    assert int(limited.headers["retry-after"]) >= 1
