"""The Django helpers end to end with Django's own test client: the emulator's test sign-in gives
a temp code, the callback view exchanges it into a cookie, the middleware puts the user on the
request, the decorators refuse (401) without a user and (403) without the role; and Django REST
framework's authentication class."""

from __future__ import annotations

import pytest

from conftest import configure_django
from test_frameworks import signed_up_code

configure_django()

from django.http import JsonResponse  # noqa: E402
from django.test import Client as DjangoClient, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.decorators import api_view  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from saasus.django import SaasusUser, callback_view, require_role, saasus_login_required  # noqa: E402


@saasus_login_required
def me(request):
    return JsonResponse({"email": request.saasus_user.email})


@require_role("admin")
def tenant_admin(request, tenant_id):
    return JsonResponse({"tenant": tenant_id})


@require_role("admin")
def any_admin(request):
    return JsonResponse({"ok": True})


@api_view(["GET"])
def drf_me(request):
    user = request.user
    return Response({"email": user.email if isinstance(user, SaasusUser) else None, "authenticated": bool(user and user.is_authenticated)})


class URLS:
    """The project's urls.py (Django takes any object with `urlpatterns`; hashable, as it caches by it)."""

    urlpatterns = [
        path("callback", callback_view(redirect_to="/me", secure=False)),
        path("me", me),
        path("tenants/<tenant_id>/admin", tenant_admin),
        path("admin", any_admin),
        path("api/me", drf_me),
    ]


@pytest.fixture()
def web(emulator):
    with override_settings(ROOT_URLCONF=URLS, SAASUS_CLIENT=emulator.client()):
        yield DjangoClient()


def test_middleware_decorators_and_callback(emulator, web):
    assert web.get("/me").status_code == 401
    assert web.get("/me").json() == {"type": "unauthorized", "message": "no ID token: sign in first"}
    code = signed_up_code(emulator)
    landed = web.get(f"/callback?code={code}")
    assert landed.status_code == 303 and landed["Location"] == "/me"
    assert landed.cookies["saasus_id_token"]["httponly"]
    me_answer = web.get("/me")
    assert me_answer.status_code == 200 and me_answer.json() == {"email": "alice@example.com"}
    assert web.get(f"/callback?code={code}").status_code == 401, "a code works once"

    # Roles: none yet (403), then admin in one tenant.
    assert web.get("/admin").status_code == 403
    client = emulator.client()
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    client.auth.role.create_role(role_name="admin", display_name="Admin")
    user_id = web.get("/me").wsgi_request.saasus_user.id
    client.auth.tenant_user.create_tenant_user(tenant.id, email="alice@example.com", attributes={})
    client.auth.tenant_user.create_tenant_user_roles(tenant.id, user_id, 1, role_names=["admin"])
    assert web.get(f"/tenants/{tenant.id}/admin").json() == {"tenant": tenant.id}
    assert web.get("/admin").status_code == 200
    forbidden = web.get("/tenants/other-tenant/admin")
    assert forbidden.status_code == 403 and forbidden.json()["type"] == "forbidden"

    forged = DjangoClient().get("/me", HTTP_AUTHORIZATION="Bearer forged")
    assert forged.status_code == 401 and forged.json()["type"] == "unauthorized"


def test_rest_framework_authentication(emulator, web):
    anonymous = web.get("/api/me")
    assert anonymous.status_code == 200 and anonymous.json() == {"email": None, "authenticated": False}
    forged = web.get("/api/me", HTTP_AUTHORIZATION="Bearer forged")
    assert forged.status_code == 401
    assert forged["WWW-Authenticate"] == 'Bearer realm="saasus"'
    web.get(f"/callback?code={signed_up_code(emulator)}")
    token = web.cookies["saasus_id_token"].value
    bearer = DjangoClient().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bearer.status_code == 200 and bearer.json() == {"email": "alice@example.com", "authenticated": True}
