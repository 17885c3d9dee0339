"""Sessions through every Python framework helper (FastAPI, Flask, Django), against the emulator:
sign-in bound to the browser's state, a session that outlives its ID tokens, authorization
without a platform call per request, bad tokens refused with 401 and never cached, platform
failures answered 503, a backend whose keys are refused answered 500, guards and sign-out."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import parse_qs, urlparse

import pytest

import web_apps
from conftest import Emulator, configure_django

configure_django()

import saasus  # noqa: E402

PASSWORD = "Passw0rd-Emulator"


@pytest.fixture(params=web_apps.FRAMEWORKS)
def framework(request):
    yield request.param
    web_apps.cleanup()


def app(framework, emulator, client=None, **options):
    options.setdefault("secure", False)  # the test clients speak plain HTTP
    options.setdefault("login_url", f"{emulator.origin}/login")
    client = client or (emulator.client(saasus.AsyncClient) if framework == "fastapi" else emulator.client())
    return web_apps.Browser(framework, web_apps.make(framework, client, **options))


def user(emulator, email="alice@example.com"):
    return emulator.client().auth.saas_user.create_saas_user(email=email, password=PASSWORD)


def until_expired(token):
    """Sleeps until the ID token's `exp` (whole seconds) has passed by this clock: the token's
    own end, not a margin guessed for a slow machine."""
    time.sleep(max(0.0, _parts(token)[1]["exp"] + 1 - time.time()))


def test_sign_in_and_a_session_outliving_three_id_tokens(framework):
    with Emulator(token_ttl=1) as emu:
        alice = user(emu)
        web = app(framework, emu)
        assert web.get("/me").status == 401
        landed = web.sign_in(emu, "alice@example.com")
        assert landed.status == 303 and landed.location.endswith("/me")
        # The cookies hold the tokens the emulator issued to alice: her ID token, and a refresh
        # token the platform takes for new tokens of hers.
        claims = _parts(web.cookie("saasus_id_token"))[1]
        assert (claims["sub"], claims["email"], claims["token_use"]) == (alice.id, "alice@example.com", "id")
        renewed = emu.client().refresh(web.cookie("saasus_refresh_token"))
        assert _parts(renewed.id_token)[1]["sub"] == alice.id
        assert web.cookie("saasus_login_state") is None, "the state is used once"
        emu.calls("/")
        # Three times: the token ends and the next request replaces it. Every token the browser
        # held cost one refresh, however slow the machine.
        held = {web.cookie("saasus_id_token")}
        for _ in range(3):
            ended = web.cookie("saasus_id_token")
            until_expired(ended)
            for _ in range(3):
                me = web.get("/me")
                assert me.status == 200 and me.json == {"email": "alice@example.com"}, me
                held.add(web.cookie("saasus_id_token"))
            assert web.cookie("saasus_id_token") != ended, "an ended token is replaced"
        assert emu.calls("/v1/auth/credentials") == len(held) - 1, "one refresh per token replaced"
        assert web.request("POST", "/logout").status == 303
        assert web.cookie("saasus_id_token") is None and web.cookie("saasus_refresh_token") is None
        assert web.get("/me").status == 401


def test_a_hundred_requests_make_one_user_info_call(framework, emulator):
    user(emulator)
    web = app(framework, emulator)
    web.sign_in(emulator, "alice@example.com")
    emulator.calls("/")
    for _ in range(100):
        assert web.get("/me").status == 200
    assert emulator.calls("/v1/auth/userinfo") <= 1


def _parts(token):
    def decode(s):
        return json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))

    h, c, s = token.split(".")
    return decode(h), decode(c), s


def _token(header, claims, sig):
    enc = lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{enc(header)}.{enc(claims)}.{sig}"


def error_type(answer):
    """The `type` of a helper's JSON error (FastAPI puts it under `detail`)."""
    body = answer.json or {}
    return body.get("detail", body).get("type")


def test_bad_tokens_get_401_without_a_call_and_are_never_cached(framework, emulator):
    user(emulator)
    web = app(framework, emulator)
    web.sign_in(emulator, "alice@example.com")
    good = web.cookie("saasus_id_token")
    assert web.get("/me", Authorization=f"Bearer {good}").json == {"email": "alice@example.com"}
    # A browser without cookies: only the header can authorize it.
    stranger = app(framework, emulator)
    assert stranger.get("/me").status == 401
    answer = stranger.get("/me", Authorization=f"Bearer {good}")
    assert (answer.status, answer.json) == (200, {"email": "alice@example.com"}), answer
    refused = stranger.get("/me", Authorization="Bearer not-a-token")
    assert (refused.status, error_type(refused)) == (401, "unauthorized"), refused
    header, claims, sig = _parts(good)
    bad = {
        "another subject": _token(header, {**claims, "sub": "mallory"}, sig),
        "a longer life": _token(header, {**claims, "exp": claims["exp"] + 86400}, sig),
        "another issuer": _token(header, {**claims, "iss": "https://cognito-idp.ap-northeast-1.amazonaws.com/x_y"}, sig),
        "expired": _token(header, {**claims, "exp": 1000}, sig),
        "alg none": _token({"alg": "none", "typ": "JWT"}, claims, ""),
        "HS256": _token({**header, "alg": "HS256"}, claims, "c2ln"),
        "oversized": _token(header, claims, "A" * 70_000),
        "not a JWT": "forged",
    }
    emulator.calls("/")
    for what, token in bad.items():
        for _ in range(2):  # the second time too: a refusal is never cached as a user
            answer = web.get("/me", Authorization=f"Bearer {token}")
            assert (answer.status, error_type(answer)) == (401, "unauthorized"), (what, answer)
    assert emulator.calls("/v1/") == 0, "no platform call for any of them"


def test_platform_failures_are_503_and_keep_the_session(framework, short_lived_emulator):
    emu = short_lived_emulator
    user(emu)
    web = app(framework, emu, user_cache_max_age=0)
    web.sign_in(emu, "alice@example.com")
    signed_in = web.cookie("saasus_id_token")
    assert signed_in is not None
    emu.arm(path="/v1/auth/userinfo", status=503, count=3)
    assert web.get("/me").status == 503
    assert web.cookie("saasus_id_token") == signed_in, "an outage does not sign the user out"
    until_expired(web.cookie("saasus_id_token"))  # the next request refreshes
    emu.arm(path="/v1/auth/credentials", status=503, count=3)
    assert web.get("/me").status == 503
    assert web.get("/me").status == 200, "back once the platform is"
    # The callback during an outage.
    fresh = app(framework, emu)
    started = fresh.get("/login")
    state = started.location.split("state=")[1]
    code = emu.sign_in_code("alice@example.com", state=state)
    emu.arm(path="/v1/auth/credentials", status=503, count=3)
    failed = fresh.get(f"/callback?code={code}&state={state}")
    assert failed.status == 503
    assert "503" not in json.dumps(failed.json), "the platform's words are not shown to the end user"


def test_a_refused_secret_key_is_a_server_error_not_401(framework, emulator):
    user(emulator)
    good = app(framework, emulator)
    good.sign_in(emulator, "alice@example.com")
    token = good.cookie("saasus_id_token")
    web_apps.cleanup()
    wrong = emulator.client(secret_key="not-the-secret-key")
    if framework == "fastapi":
        wrong = emulator.client(saasus.AsyncClient, secret_key="not-the-secret-key")
    misconfigured = app(framework, emulator, client=wrong)
    answer = misconfigured.get("/me", Authorization=f"Bearer {token}")
    assert answer.status == 500, answer


def test_the_callback_refuses_codes_this_browser_did_not_ask_for(framework, emulator):
    user(emulator)
    web = app(framework, emulator)
    code = emulator.sign_in_code("alice@example.com")
    assert web.get(f"/callback?code={code}").status == 401, "no sign-in started in this browser"
    web.get("/login")
    assert web.get(f"/callback?code={code}&state=someone-elses").status == 401
    web.get("/login")
    assert web.get("/callback").status == 400
    assert web.get("/callback?code=a%20b").status == 400
    assert emulator.calls("/v1/auth/credentials") == 0


def test_guards(framework, emulator):
    alice = user(emulator)
    client = emulator.client()
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    client.auth.role.create_role(role_name="admin", display_name="Admin")
    client.auth.tenant_user.create_tenant_user(tenant.id, email="alice@example.com", attributes={})
    web = app(framework, emulator, user_cache_max_age=0)
    web.sign_in(emulator, "alice@example.com")
    denied = web.get(f"/tenants/{tenant.id}/admin")
    assert denied.status == 403
    client.auth.tenant_user.create_tenant_user_roles(tenant.id, alice.id, 3, role_names=["admin"])
    assert web.get(f"/tenants/{tenant.id}/admin").json == {"tenant": tenant.id}
    assert web.get("/tenants/other/admin").status == 403


def _cookie(set_cookies, name):
    """The value and the attributes (lower-cased names) of the Set-Cookie header for `name`."""
    (header,) = [c for c in set_cookies if c.startswith(f"{name}=")]
    first, *rest = [part.strip() for part in header.split(";") if part.strip()]
    attributes = {}
    for part in rest:
        key, _, value = part.partition("=")
        attributes[key.lower()] = value
    return first.split("=", 1)[1], attributes


def test_cookies_are_secure_by_default(framework, emulator):
    # No `secure` given: the helper's default, as documented (HttpOnly, Secure, SameSite=Lax, Path=/).
    user(emulator)
    client = emulator.client(saasus.AsyncClient) if framework == "fastapi" else emulator.client()
    web = web_apps.Browser(framework, web_apps.make(framework, client, login_url=f"{emulator.origin}/login"))
    started = web.get("/login")
    state_value, state = _cookie(started.set_cookies, "saasus_login_state")
    assert {k: state.get(k) for k in ("secure", "httponly", "samesite", "path")} == {
        "secure": "", "httponly": "", "samesite": "Lax", "path": "/"}, started
    # The session's cookies too (the browser would send the Secure state cookie back over HTTPS).
    state_param = parse_qs(urlparse(started.location).query)["state"][0]
    code = emulator.sign_in_code("alice@example.com", state=state_param)
    landed = web.get(f"/callback?code={code}&state={state_param}", Cookie=f"saasus_login_state={state_value}")
    assert landed.status == 303, landed
    for name in ("saasus_id_token", "saasus_refresh_token"):
        _, attributes = _cookie(landed.set_cookies, name)
        assert {k: attributes.get(k) for k in ("secure", "httponly", "samesite", "path", "max-age")} == {
            "secure": "", "httponly": "", "samesite": "Lax", "path": "/", "max-age": "2592000"}, (name, landed)


def test_a_page_that_reads_no_session_stays_up_while_the_platform_fails(framework, emulator):
    user(emulator)
    web = app(framework, emulator, user_cache_max_age=0)
    web.sign_in(emulator, "alice@example.com")
    emulator.arm(path="/v1/*", status=503, count=100)
    emulator.calls("/")
    assert web.get("/public").status == 200
    assert emulator.calls("/v1/") == 0


def test_the_end_users_referer_reaches_the_platform(framework, emulator):
    # The helpers forward the browser's Referer to the platform; its API log keeps what it received.
    user(emulator)
    web = app(framework, emulator, user_cache_max_age=0)
    web.sign_in(emulator, "alice@example.com")
    page = "https://app.example/settings?tab=billing"
    emulator.clear_requests()
    me = web.get("/me", Referer=page, X_SaaSus_Referer="https://app.example/settings")
    assert me.status == 200, me
    # The API log keeps no X-SaaSus-Referer; the emulator's request log has both headers.
    seen = [(r.referer, r.x_saasus_referer) for r in emulator.requests() if r.path.startswith("/v1/auth/userinfo")]
    assert seen == [(page, "https://app.example/settings")], seen
    logs = emulator.client().apilog.api_log.get_logs().api_logs  # newest first
    asked = [log for log in logs if log.request_uri.startswith("/v1/auth/userinfo")]
    assert asked and asked[0].referer == page, [(log.request_uri, log.referer) for log in asked]
    assert all(log.referer == "" for log in asked[1:]), "the sign-in's own calls had no Referer to forward"
