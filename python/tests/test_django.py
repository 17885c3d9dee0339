"""What only the Django helpers do (the shared behaviour is test_sessions.py's): the lazy
`request.saasus_user`, async views, Django REST framework's authentication class, the
SAASUS_COOKIE_NAME setting, and a clear error without the middleware."""

from __future__ import annotations

import base64
import json

import pytest

from conftest import configure_django

configure_django()

from django.http import JsonResponse  # noqa: E402
from django.test import Client as DjangoClient, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.decorators import api_view  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from saasus.django import SaasusUser, callback_view, login_view, require_role, saasus_login_required  # noqa: E402

PASSWORD = "Passw0rd-Emulator"


@saasus_login_required
async def async_me(request):
    user = await request.asaasus_user()
    return JsonResponse({"email": user.email})


@require_role("admin")
async def async_admin(request, tenant_id):
    return JsonResponse({"tenant": tenant_id})


def whoami(request):
    user = request.saasus_user
    return JsonResponse({"email": user.email if user else None})


@api_view(["GET"])
def drf_me(request):
    user = request.user
    return Response({"email": user.email if isinstance(user, SaasusUser) else None, "authenticated": bool(user and user.is_authenticated)})


@require_role("admin", "owner", tenant_kwarg="org")
def org_page(request, org):
    return JsonResponse({"org": org})


@require_role("admin", env_id=3)
def prod_page(request, tenant_id):
    return JsonResponse({"tenant": tenant_id})


@require_role("owner")
def any_tenant_owner(request):
    return JsonResponse({"owner": True})


@require_role("admin")
def any_tenant_admin(request):
    return JsonResponse({"admin": True})


urls = type("Urls", (), {"urlpatterns": [
    path("login", login_view()), path("callback", callback_view(redirect_to="/whoami")), path("whoami", whoami),
    path("async/me", async_me), path("async/tenants/<tenant_id>/admin", async_admin), path("api/me", drf_me),
    path("orgs/<org>/page", org_page), path("tenants/<tenant_id>/prod", prod_page), path("owner", any_tenant_owner),
    path("admin", any_tenant_admin)]})


@pytest.fixture()
def web(emulator):
    emulator.client().auth.saas_user.create_saas_user(email="alice@example.com", password=PASSWORD)
    sessions = {"secure": False, "login_url": f"{emulator.origin}/login", "user_cache_max_age": 0}
    with override_settings(ROOT_URLCONF=urls, SAASUS_CLIENT=emulator.client(), SAASUS_SESSIONS=sessions):
        yield DjangoClient(raise_request_exception=False)


def sign_in(web, emulator):
    state = web.get("/login")["Location"].split("state=")[1]
    return web.get(f"/callback?code={emulator.sign_in_code('alice@example.com', state=state)}&state={state}")


def test_no_cookie_no_call_and_the_user_looked_up_only_when_read(emulator, web):
    emulator.calls("/")
    assert web.get("/whoami").json() == {"email": None}
    assert emulator.calls("/v1/") == 0, "no session: no call"
    sign_in(web, emulator)
    emulator.calls("/")
    assert web.get("/whoami").json() == {"email": "alice@example.com"}
    assert emulator.calls("/v1/auth/userinfo") == 1
    emulator.arm(path="/v1/auth/userinfo", status=503, count=3)
    assert web.get("/whoami").status_code == 503, "a platform failure while reading the user is a 503"


def test_async_views(emulator, web):
    assert web.get("/async/me").status_code == 401
    sign_in(web, emulator)
    assert web.get("/async/me").json() == {"email": "alice@example.com"}
    assert web.get("/async/tenants/t1/admin").status_code == 403


def test_rest_framework_authentication(emulator, web):
    anonymous = web.get("/api/me")
    assert anonymous.status_code == 200 and anonymous.json() == {"email": None, "authenticated": False}
    forged = web.get("/api/me", HTTP_AUTHORIZATION="Bearer forged")
    assert forged.status_code == 401 and forged["WWW-Authenticate"] == 'Bearer realm="saasus"'
    sign_in(web, emulator)
    assert web.get("/api/me").json() == {"email": "alice@example.com", "authenticated": True}
    token = web.cookies["saasus_id_token"].value
    bearer = DjangoClient().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bearer.status_code == 200 and bearer.json() == {"email": "alice@example.com", "authenticated": True}
    emulator.arm(path="/v1/auth/userinfo", status=503, count=3)
    assert web.get("/api/me").status_code == 503


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_cookie_name_setting(emulator):
    alice = emulator.client().auth.saas_user.create_saas_user(email="alice@example.com", password=PASSWORD)
    sessions = {"secure": False, "login_url": f"{emulator.origin}/login"}
    with override_settings(ROOT_URLCONF=urls, SAASUS_CLIENT=emulator.client(), SAASUS_SESSIONS=sessions, SAASUS_COOKIE_NAME="idt"):
        web = DjangoClient()
        sign_in(web, emulator)
        assert "saasus_id_token" not in web.cookies
        assert claims(web.cookies["idt"].value)["sub"] == alice.id, "the ID token the emulator issued to alice, under the set name"
        assert web.get("/whoami").json() == {"email": "alice@example.com"}


def test_without_the_middleware_the_error_says_what_to_add(emulator):
    with override_settings(ROOT_URLCONF=urls, SAASUS_CLIENT=emulator.client(), MIDDLEWARE=[]):
        # request.saasus_user, a guarded view and an async guarded view: the same error, not a 401.
        for page in ("/whoami", "/owner", "/async/me"):
            with pytest.raises(RuntimeError, match="add 'saasus.django.SaasusMiddleware' to MIDDLEWARE"):
                DjangoClient().get(page)


def test_require_role_options(emulator, web):
    """Any of several roles, the tenant from another URL argument (`tenant_kwarg`), one env
    (`env_id`), and a view without a tenant argument (a role in any of the user's tenants)."""
    client = emulator.client()
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    for role in ("admin", "owner"):
        client.auth.role.create_role(role_name=role, display_name=role.title())
    alice = client.auth.saas_user.get_saas_users().users[0]
    client.auth.tenant_user.create_tenant_user(tenant.id, email="alice@example.com", attributes={})
    assert web.get(f"/orgs/{tenant.id}/page").status_code == 401, "no session"
    sign_in(web, emulator)
    assert [web.get(p).status_code for p in (f"/orgs/{tenant.id}/page", "/owner", "/admin")] == [403, 403, 403], "no role yet"
    client.auth.tenant_user.create_tenant_user_roles(tenant.id, alice.id, 1, role_names=["owner"])
    assert web.get(f"/orgs/{tenant.id}/page").json() == {"org": tenant.id}, "owner is one of the roles, in the tenant named by org"
    assert web.get("/orgs/other-tenant/page").status_code == 403
    assert web.get("/owner").json() == {"owner": True}, "a role in any tenant"
    assert web.get("/admin").status_code == 403
    assert web.get(f"/tenants/{tenant.id}/prod").status_code == 403, "owner in env 1 is not admin in env 3"
    client.auth.tenant_user.create_tenant_user_roles(tenant.id, alice.id, 1, role_names=["admin"])
    assert web.get(f"/tenants/{tenant.id}/prod").status_code == 403, "admin in env 1, not in env 3"
    assert web.get("/admin").json() == {"admin": True}
    client.auth.tenant_user.create_tenant_user_roles(tenant.id, alice.id, 3, role_names=["admin"])
    assert web.get(f"/tenants/{tenant.id}/prod").json() == {"tenant": tenant.id}
