"""The FastAPI and Flask helpers end to end: the emulator's test sign-in gives a temp code, the
app's callback exchanges it, an authenticated request sees the user, a bad token gets 401."""

from __future__ import annotations

import json
import urllib.request

import pytest

import saasus

PASSWORD = "Passw0rd-Emulator"
CALLBACK = "http://testserver/callback"


def signed_up_code(emulator) -> str:
    """A user, the callback URL, and the code the login page would send to it."""
    client = emulator.client()
    client.auth.auth_info.update_auth_info(callback_url=CALLBACK)
    client.auth.saas_user.create_saas_user(email="alice@example.com", password=PASSWORD)
    origin = emulator.base_url.rsplit("/v1", 1)[0]
    req = urllib.request.Request(f"{origin}/_emulator/sign-in", data=json.dumps({"username": "alice@example.com", "password": PASSWORD}).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        body = json.load(resp)
    assert body["redirect_url"].startswith(CALLBACK)
    return body["code"]


def test_fastapi(emulator):
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from saasus.fastapi import SaasusAuth

    auth = SaasusAuth(emulator.client(saasus.AsyncClient), cookie_name="idt")
    app = FastAPI()
    app.add_api_route("/callback", auth.callback(redirect_to="/me", secure=False))

    @app.get("/me")
    async def me(user: saasus.UserInfo = Depends(auth)) -> dict[str, str]:
        return {"email": user.email}

    web = TestClient(app)
    assert web.get("/me").status_code == 401
    code = signed_up_code(emulator)
    landed = web.get(f"/callback?code={code}")
    assert landed.status_code == 200 and landed.json() == {"email": "alice@example.com"}
    assert web.get(f"/callback?code={code}", follow_redirects=False).status_code == 401, "a code works once"
    bad = TestClient(app).get("/me", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401 and bad.json()["detail"]["type"] == "unauthorized"


def test_fastapi_with_a_blocking_client(emulator):
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from saasus.fastapi import SaasusAuth

    auth = SaasusAuth(emulator.client())
    app = FastAPI()
    app.add_api_route("/callback", auth.callback(secure=False))

    @app.get("/")
    def home(user: saasus.UserInfo = Depends(auth)) -> dict[str, str]:
        return {"id": user.id}

    web = TestClient(app)
    code = signed_up_code(emulator)
    assert web.get(f"/callback?code={code}").json()["id"]


def test_flask(emulator):
    from flask import Flask, g

    from saasus.flask import SaasusAuth

    auth = SaasusAuth(emulator.client())
    app = Flask(__name__)
    app.add_url_rule("/callback", view_func=auth.callback_view(redirect_to="/me", secure=False))

    @app.get("/me")
    @auth.required
    def me() -> dict[str, str]:
        return {"email": g.user_info.email}

    web = app.test_client()
    assert web.get("/me").status_code == 401
    code = signed_up_code(emulator)
    landed = web.get(f"/callback?code={code}", follow_redirects=True)
    assert landed.status_code == 200 and landed.get_json() == {"email": "alice@example.com"}
    bad = app.test_client().get("/me", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401 and bad.get_json()["type"] == "unauthorized"
