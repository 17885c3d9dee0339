"""The same small app in FastAPI, Flask and Django, each behind the saasus helper of its
framework, and a browser (the framework's own test client, keeping cookies) to drive it:

    GET  /login, /callback, POST /logout     the sign-in endpoints
    GET  /me                                  the signed-in user's email (401 without a session)
    GET  /tenants/<tenant_id>/admin           the role `admin` in that tenant (403 otherwise)
    GET  /public                              reads no session
    POST /app/token, /app/refresh, /app/sign-out   native apps' sessions (JSON, no cookies)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import parse_qs, urlparse

import saasus

FRAMEWORKS = ["fastapi", "flask", "django"]


@dataclass
class Answer:
    status: int
    json: Any
    location: Optional[str]
    set_cookies: list[str]
    headers: dict[str, str]


def _json(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError:
        return None


class Browser:
    """A browser of one app: follows no redirect, keeps cookies."""

    def __init__(self, framework: str, make_app: Any) -> None:
        self.framework = framework
        self._client = make_app()

    def request(self, method: str, path: str, headers: Optional[dict[str, str]] = None, body: bytes = b"") -> Answer:
        headers = headers or {}
        if self.framework == "fastapi":
            r = self._client.request(method, path, headers=headers, content=body, follow_redirects=False)
            return Answer(r.status_code, _json(r.text), r.headers.get("location"), r.headers.get_list("set-cookie"),
                          {k.lower(): v for k, v in r.headers.items()})
        if self.framework == "flask":
            r = self._client.open(path, method=method, headers=headers, data=body)
            return Answer(r.status_code, _json(r.get_data(as_text=True)), r.headers.get("Location"), r.headers.getlist("Set-Cookie"),
                          {k.lower(): v for k, v in r.headers.items()})
        content_type = headers.pop("content-type", "application/octet-stream")
        meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        r = self._client.generic(method, path, data=body, content_type=content_type, **meta)
        cookies = [m.output(header="").strip() for m in r.cookies.values()]
        return Answer(r.status_code, _json(r.content.decode() or "null"), r.get("Location"), cookies,
                      {k.lower(): v for k, v in r.headers.items()})

    def post_json(self, path: str, value: Any, content_type: str = "application/json", **headers: str) -> Answer:
        """POSTs `value` as JSON, as a native app's session does."""
        import json

        more = {k.replace("_", "-"): v for k, v in headers.items()}
        return self.request("POST", path, {"content-type": content_type, **more}, json.dumps(value).encode())

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, {k.replace("_", "-"): v for k, v in headers.items()})

    def cookie(self, name: str) -> Optional[str]:
        if self.framework == "fastapi":
            return self._client.cookies.get(name)
        if self.framework == "flask":
            c = self._client.get_cookie(name)
            return c.value if c is not None else None
        m = self._client.cookies.get(name)
        return m.value if m is not None and m.value else None

    def sign_in(self, emulator: Any, email: str) -> Answer:
        """/login → the login page (the emulator's test sign-in, with the state) → /callback."""
        started = self.get("/login")
        assert started.status == 303, started
        state = parse_qs(urlparse(started.location).query)["state"][0]
        code = emulator.sign_in_code(email, state=state)
        return self.get(f"/callback?code={code}&state={state}")


def fastapi_app(client: Any, **options: Any) -> Any:
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from saasus.fastapi import SaasusAuth

    auth = SaasusAuth(client, **options)
    app = FastAPI()
    app.include_router(auth.router(redirect_to="/me"))
    app.include_router(auth.app_router(prefix="/app"))

    @app.get("/me")
    async def me(user: saasus.UserInfo = Depends(auth)) -> dict[str, str]:
        return {"email": user.email}

    @app.get("/tenants/{tenant_id}/admin")
    async def admin(tenant_id: str, user: saasus.UserInfo = Depends(auth.require("admin"))) -> dict[str, str]:
        return {"tenant": tenant_id}

    @app.get("/public")
    async def public() -> dict[str, bool]:
        return {"public": True}

    app.state.auth = auth
    return lambda: TestClient(app, raise_server_exceptions=False)


def flask_app(client: Any, **options: Any) -> Any:
    from flask import Flask, g

    from saasus.flask import SaasusAuth

    auth = SaasusAuth(client, **options)
    app = Flask(__name__)
    app.register_blueprint(auth.blueprint(redirect_to="/me"))
    app.register_blueprint(auth.app_blueprint(url_prefix="/app"))

    @app.get("/me")
    @auth.required
    def me() -> dict[str, str]:
        return {"email": g.user_info.email}

    @app.get("/tenants/<tenant_id>/admin")
    @auth.require("admin")
    def admin(tenant_id: str) -> dict[str, str]:
        return {"tenant": tenant_id}

    @app.get("/public")
    def public() -> dict[str, bool]:
        return {"public": True}

    return app.test_client


_undo: list[Any] = []


def cleanup() -> None:
    """Undoes what the apps changed beyond themselves (Django's settings)."""
    while _undo:
        _undo.pop()()


def django_app(client: Any, **options: Any) -> Any:
    from django.http import JsonResponse
    from django.test import Client as DjangoClient, override_settings
    from django.urls import clear_url_caches, path

    from saasus.django import app_view, callback_view, login_view, logout_view, require_role, saasus_login_required

    @saasus_login_required
    def me(request: Any) -> Any:
        return JsonResponse({"email": request.saasus_user.email})

    @require_role("admin")
    def admin(request: Any, tenant_id: str) -> Any:
        return JsonResponse({"tenant": tenant_id})

    def public(request: Any) -> Any:
        return JsonResponse({"public": True})

    urls = type("Urls", (), {"urlpatterns": [
        path("login", login_view()), path("callback", callback_view(redirect_to="/me")), path("logout", logout_view()),
        path("me", me), path("tenants/<tenant_id>/admin", admin), path("public", public), path("app/<str:route>", app_view())]})
    options = dict(options)
    settings = override_settings(ROOT_URLCONF=urls, SAASUS_CLIENT=client, SAASUS_SESSIONS=options)
    settings.enable()
    _undo.append(settings.disable)
    clear_url_caches()
    return lambda: DjangoClient(raise_request_exception=False)


def make(framework: str, client: Any, **options: Any) -> Any:
    return {"fastapi": fastapi_app, "flask": flask_app, "django": django_app}[framework](client, **options)
