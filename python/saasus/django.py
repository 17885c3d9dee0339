"""Django sign-in helpers (install the `django` extra; Django REST framework for
`SaasusAuthentication`). Imported only when used.

    # settings.py
    MIDDLEWARE = [..., "saasus.django.SaasusMiddleware"]
    SAASUS_COOKIE_NAME = "saasus_id_token"          # optional; the client: SAASUS_CLIENT or saasus.Client()

    # urls.py / views.py
    from saasus.django import callback_view, require_role, saasus_login_required

    urlpatterns = [path("callback", callback_view(redirect_to="/"))]

    @saasus_login_required
    def me(request):
        return JsonResponse({"email": request.saasus_user.email})

    @require_role("admin")                        # in the view's `tenant_id` argument's tenant, if any
    def billing(request, tenant_id): ...

    # Django REST framework
    REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["saasus.django.SaasusAuthentication"]}
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, TypeVar, cast

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse  # type: ignore[import-untyped]

from ._client import Client
from ._errors import SaasusError, UnauthorizedError
from ._native import UserInfo, bearer_token, has_role

__all__ = ["SaasusMiddleware", "saasus_login_required", "require_role", "callback_view", "SaasusUser"]

F = TypeVar("F", bound=Callable[..., Any])

_client: Optional[Client] = None


def _settings() -> Any:
    # Not a module-level name: Django's settings object raises on any look at it (by tools too)
    # before the project configures it.
    from django.conf import settings  # type: ignore[import-untyped]

    return settings


def _the_client() -> Client:
    """`settings.SAASUS_CLIENT`, else one `saasus.Client()` from the SAASUS_* variables."""
    global _client
    settings = _settings()
    configured = getattr(settings, "SAASUS_CLIENT", None)
    if configured is not None:
        return cast(Client, configured)
    if _client is None:
        _client = Client()
    return _client


def _cookie_name() -> str:
    return cast(str, getattr(_settings(), "SAASUS_COOKIE_NAME", "saasus_id_token"))


def _token(request: Any) -> Optional[str]:
    return bearer_token(request.headers.get("Authorization")) or request.COOKIES.get(_cookie_name())


def _authenticate(request: Any, token: str) -> UserInfo:
    """The token's user, the end user's Referer and X-SaaSus-Referer forwarded; a token the
    platform refuses raises `UnauthorizedError`."""
    client = _the_client().with_context(referer=request.headers.get("Referer"), x_saasus_referer=request.headers.get("X-SaaSus-Referer"))
    return client.authenticate(token)


def _unauthorized(message: str) -> JsonResponse:
    return JsonResponse({"type": "unauthorized", "message": message}, status=401)


class SaasusMiddleware:
    """Puts the request's SaaSus user (`UserInfo`, from the `Authorization: Bearer` header, else
    the cookie `callback_view` set) on `request.saasus_user`, or None without a valid token.
    Refuses nothing itself: `saasus_login_required` and `require_role` do, per view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Optional[UserInfo] = None
        error: Optional[str] = "no ID token: sign in first"
        token = _token(request)
        if token:
            try:
                user, error = _authenticate(request, token), None
            except UnauthorizedError as e:
                error = e.message
        request.saasus_user = user
        request._saasus_refusal = error
        return self.get_response(request)


def _user_of(request: HttpRequest) -> tuple[Optional[UserInfo], str]:
    if not hasattr(request, "saasus_user"):
        raise RuntimeError("saasus.django: add 'saasus.django.SaasusMiddleware' to MIDDLEWARE")
    return request.saasus_user, getattr(request, "_saasus_refusal", None) or ""


def saasus_login_required(view: F) -> F:
    """401 JSON unless the middleware found a valid SaaSus user."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user, refusal = _user_of(request)
        if user is None:
            return _unauthorized(refusal)
        return view(request, *args, **kwargs)

    return cast(F, wrapper)


def require_role(role_name: str, *, tenant_kwarg: str = "tenant_id", env_id: Optional[int] = None) -> Callable[[F], F]:
    """401 JSON without a valid user; 403 JSON unless the user holds `role_name` in the tenant of
    the view's `tenant_kwarg` argument (or, for a view without one, in any of the user's
    tenants), in `env_id` if given, else in any env."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user, refusal = _user_of(request)
            if user is None:
                return _unauthorized(refusal)
            tenant_id = kwargs.get(tenant_kwarg)
            tenants = [tenant_id] if tenant_id is not None else [t.id for t in user.tenants]
            if not any(has_role(user, t, role_name, env_id) for t in tenants):
                where = f"tenant {tenant_id}" if tenant_id is not None else "any tenant"
                return JsonResponse({"type": "forbidden", "message": f"the role {role_name} in {where} is required"}, status=403)
            return view(request, *args, **kwargs)

        return cast(F, wrapper)

    return decorate


def callback_view(*, redirect_to: str = "/", secure: bool = True) -> Callable[[HttpRequest], HttpResponse]:
    """A view for the callback URL: exchanges `?code=` for the user's tokens, keeps the ID token
    in an HttpOnly cookie and redirects to `redirect_to`."""

    def saasus_callback(request: HttpRequest) -> HttpResponse:
        try:
            creds = _the_client().exchange_temp_code(request.GET.get("code", ""))
        except SaasusError as e:
            return _unauthorized(e.message)
        response = HttpResponseRedirect(redirect_to, status=303)
        response.set_cookie(_cookie_name(), creds.id_token, httponly=True, secure=secure, samesite="Lax")
        return response

    return saasus_callback


class SaasusUser:
    """`request.user` under `SaasusAuthentication`: authenticated, with the `UserInfo` as `info`
    and its attributes (`email`, `tenants`, …) read through."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, info: UserInfo) -> None:
        self.info = info

    def __getattr__(self, name: str) -> Any:
        return getattr(self.info, name)

    def __str__(self) -> str:
        return self.info.email

    def __repr__(self) -> str:
        return f"SaasusUser(id={self.info.id!r}, email={self.info.email!r})"


def __getattr__(name: str) -> Any:
    # Django REST framework is optional, and its modules read Django's settings as they load:
    # its class comes from its own module, when asked for (as DRF's settings do, by name).
    if name == "SaasusAuthentication":
        from ._django_rest import SaasusAuthentication

        return SaasusAuthentication
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
