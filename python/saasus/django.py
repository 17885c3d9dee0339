"""Django sessions (install the `django` extra; Django REST framework for
`SaasusAuthentication`). Imported only when used.

    # settings.py
    MIDDLEWARE = [..., "saasus.django.SaasusMiddleware"]
    SAASUS_LOGIN_URL = "https://auth.example.com/"   # or the SAASUS_LOGIN_URL variable
    SAASUS_SESSIONS = {"user_cache_max_age": 60}     # optional: saasus.Sessions' settings
    # SAASUS_CLIENT = saasus.Client(...)              # optional: else one from the SAASUS_* variables

    # urls.py / views.py
    from saasus.django import callback_view, login_view, logout_view, require_role, saasus_login_required

    urlpatterns = [path("login", login_view()), path("callback", callback_view(redirect_to="/")),
                   path("logout", logout_view()),
                   path("app/<str:route>", app_view())]   # native apps: app/token, app/refresh, app/sign-out

    @saasus_login_required
    def me(request):
        return JsonResponse({"email": request.saasus_user.email})

    @require_role("admin")                        # in the view's `tenant_id` argument's tenant, if any
    async def billing(request, tenant_id): ...    # async views too: `await request.asaasus_user()`

    # Django REST framework
    REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["saasus.django.SaasusAuthentication"]}

The middleware makes no call: `request.saasus_user` is looked up when first read (None without a
valid session), so pages that do not read it stay up whatever the platform does. A platform
failure while reading it is a 503, this backend's refused keys a 500 (both logged), through
Django's error path; the decorators answer 401 and 403 as JSON.
"""

from __future__ import annotations

import functools
import inspect
from http.cookies import SimpleCookie
from typing import Any, Callable, Optional, TypeVar, cast

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse  # type: ignore[import-untyped]

from . import _web
from ._client import Client
from ._native import UserInfo
from ._sessions import APP_ROUTES, Authorized, AuthError, Sessions

__all__ = ["SaasusMiddleware", "saasus_login_required", "require_role", "login_view", "callback_view", "logout_view",
           "app_view", "SaasusUser", "sessions"]

F = TypeVar("F", bound=Callable[..., Any])

_built: dict[tuple[int, str], Sessions] = {}


def _settings() -> Any:
    # Not a module-level name: Django's settings object raises on any look at it (by tools too)
    # before the project configures it.
    from django.conf import settings  # type: ignore[import-untyped]

    return settings


def sessions() -> Sessions:
    """The project's `saasus.Sessions`: `settings.SAASUS_CLIENT` (else a `saasus.Client()` from the
    SAASUS_* variables) with `SAASUS_LOGIN_URL`, `SAASUS_COOKIE_NAME` and `SAASUS_SESSIONS`; one
    per configuration, kept for the process (its caches are what spare the platform calls)."""
    s = _settings()
    client = getattr(s, "SAASUS_CLIENT", None)
    options = dict(getattr(s, "SAASUS_SESSIONS", None) or {})
    for name, setting in (("login_url", "SAASUS_LOGIN_URL"), ("cookie_name", "SAASUS_COOKIE_NAME")):
        if getattr(s, setting, None) is not None:
            options.setdefault(name, getattr(s, setting))
    key = (id(client), repr(sorted(options.items())))
    if key not in _built:
        _built[key] = _web.sessions_of(cast(Client, client) if client is not None else Client(), options, "SAASUS_SESSIONS")
    return _built[key]


def _headers(request: Any) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in request.headers.items()]


def _with_cookies(response: HttpResponse, set_cookies: list[str]) -> HttpResponse:
    # Django writes its cookies from `response.cookies` (a SimpleCookie), one Set-Cookie each.
    for header in set_cookies:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        response.cookies.update(parsed)
    return response


def _refusal(request: Any, e: AuthError) -> HttpResponse:
    """A refusal as JSON (401, 403, 400); a server error raised through Django's error path."""
    _web.logged(e)
    if e.status == 503:
        return _with_cookies(JsonResponse(_web.body(e), status=503), e.set_cookies)
    if e.is_server_error:
        raise e
    if e.status == 401 and getattr(_settings(), "SAASUS_LOGIN_REDIRECT", None) and _web.page_load(request.method, request.headers.get("Accept")):
        response: HttpResponse = HttpResponseRedirect(_settings().SAASUS_LOGIN_REDIRECT, status=303)
    else:
        response = JsonResponse(_web.body(e), status=e.status or 500)
        if e.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="saasus"'
    return _with_cookies(response, e.set_cookies)


class _Lookup:
    """The request's authorization, made on first use and kept for the request."""

    def __init__(self, request: Any) -> None:
        self.request = request
        self.outcome: Optional[Authorized | AuthError] = None

    def _settle(self, outcome: Authorized | AuthError) -> Optional[UserInfo]:
        self.outcome = outcome
        if isinstance(outcome, AuthError):
            if outcome.is_server_error:
                _web.logged(outcome)
                raise outcome
            return None
        return outcome.user

    def user(self) -> Optional[UserInfo]:
        if self.outcome is None:
            try:
                return self._settle(sessions().authorize(_headers(self.request)))
            except AuthError as e:
                return self._settle(e)
        return self._settle(self.outcome)

    async def auser(self) -> Optional[UserInfo]:
        if self.outcome is None:
            try:
                return self._settle(await sessions().aauthorize(_headers(self.request)))
            except AuthError as e:
                return self._settle(e)
        return self._settle(self.outcome)

    def refusal(self) -> AuthError:
        if isinstance(self.outcome, AuthError):
            return self.outcome
        return AuthError("no session", status=401, type="unauthorized", public_message="no ID token: sign in first")

    def set_cookies(self) -> list[str]:
        return list(self.outcome.set_cookies) if self.outcome is not None else []


class SaasusMiddleware:
    """`request.saasus_user` (the `UserInfo`, or None without a valid session), looked up when first
    read; `await request.asaasus_user()` in async views. Refuses nothing itself and makes no call
    for a request that never asks: `saasus_login_required` and `require_role` refuse, per view.
    Sends the session's rotated cookies (after a refresh) with the response."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self._async = iscoroutinefunction(get_response)
        if self._async:
            markcoroutinefunction(self)

    def _attach(self, request: Any) -> _Lookup:
        lookup = _Lookup(request)
        request._saasus = lookup
        request.asaasus_user = lookup.auser
        return lookup

    def __call__(self, request: HttpRequest) -> Any:
        if self._async:
            return self.__acall__(request)
        lookup = self._attach(request)
        return _with_cookies(self.get_response(request), lookup.set_cookies())

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        lookup = self._attach(request)
        response = await self.get_response(request)
        return _with_cookies(response, lookup.set_cookies())

    def process_exception(self, request: HttpRequest, exception: Exception) -> Optional[HttpResponse]:
        # A view that read `request.saasus_user` while the platform failed: 503, not Django's 500.
        if isinstance(exception, AuthError) and exception.status == 503:
            return _with_cookies(JsonResponse(_web.body(exception), status=503), exception.set_cookies)
        return None


def _install_lazy_attribute() -> None:
    # `request.saasus_user` as a property of Django's request classes: computed on first read.
    def saasus_user(request: Any) -> Optional[UserInfo]:
        lookup = getattr(request, "_saasus", None)
        if lookup is None:
            raise RuntimeError("saasus.django: add 'saasus.django.SaasusMiddleware' to MIDDLEWARE")
        return cast(Optional[UserInfo], lookup.user())

    HttpRequest.saasus_user = property(saasus_user)


_install_lazy_attribute()


def _lookup(request: Any) -> _Lookup:
    lookup = getattr(request, "_saasus", None)
    if lookup is None:
        raise RuntimeError("saasus.django: add 'saasus.django.SaasusMiddleware' to MIDDLEWARE")
    return cast(_Lookup, lookup)


def _guard(view: F, check: Callable[[Any, UserInfo, dict[str, Any]], None]) -> F:
    """`view` behind a session (401) and `check` (403), sync or async as the view is."""
    if iscoroutinefunction(view) or inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            lookup = _lookup(request)
            user = await lookup.auser()
            try:
                if user is None:
                    raise lookup.refusal()
                check(request, user, kwargs)
            except AuthError as e:
                return _refusal(request, e)
            return await view(request, *args, **kwargs)

        return cast(F, async_wrapper)

    @functools.wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
        lookup = _lookup(request)
        user = lookup.user()
        try:
            if user is None:
                raise lookup.refusal()
            check(request, user, kwargs)
        except AuthError as e:
            return _refusal(request, e)
        return view(request, *args, **kwargs)

    return cast(F, wrapper)


def saasus_login_required(view: F) -> F:
    """401 JSON (or, with `SAASUS_LOGIN_REDIRECT`, a redirect for a page load) without a session."""
    return _guard(view, lambda request, user, kwargs: None)


def require_role(*role_names: str, tenant_kwarg: str = "tenant_id", env_id: Optional[int] = None) -> Callable[[F], F]:
    """401 without a session; 403 JSON unless the user holds one of `role_names` in the tenant of the
    view's `tenant_kwarg` argument (or, for a view without one, in any of the user's tenants), in
    `env_id` if given, else in any env."""

    def decorate(view: F) -> F:
        def check(request: Any, user: UserInfo, kwargs: dict[str, Any]) -> None:
            sessions().check(user, tenant_id=kwargs.get(tenant_kwarg), roles=role_names, env_id=env_id)

        return _guard(view, check)

    return decorate


def login_view() -> Callable[[HttpRequest], HttpResponse]:
    """A view that sends the browser to the hosted login page (`SAASUS_LOGIN_URL`) with a `state`."""

    def saasus_login(request: HttpRequest) -> HttpResponse:
        try:
            begun = sessions().begin_sign_in()
        except AuthError as e:
            return _refusal(request, e)
        return _with_cookies(HttpResponseRedirect(begun.location, status=303), [begun.set_cookie])

    return saasus_login


def callback_view(*, redirect_to: str = "/") -> Callable[[HttpRequest], HttpResponse]:
    """A view for the callback URL: refuses a code this browser did not ask for (401) or a
    malformed one (400), keeps the session in HttpOnly cookies and redirects to `redirect_to`."""

    def saasus_callback(request: HttpRequest) -> HttpResponse:
        try:
            done = sessions().complete_sign_in(request.GET.get("code"), request.GET.get("state"), _headers(request))
        except AuthError as e:
            return _refusal(request, e)
        return _with_cookies(HttpResponseRedirect(redirect_to, status=303), done.set_cookies)

    return saasus_callback


def logout_view(*, redirect_to: str = "/") -> Callable[[HttpRequest], HttpResponse]:
    """A view (POST) that clears the session's cookies and redirects to `redirect_to`."""

    def saasus_logout(request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return JsonResponse({"type": "method_not_allowed", "message": "sign out with POST"}, status=405)
        return _with_cookies(HttpResponseRedirect(redirect_to, status=303), sessions().sign_out(_headers(request)))

    return saasus_logout


def app_view() -> Callable[..., HttpResponse]:
    """A view (POST, its `route` from the URL: `token`, `refresh` or `sign-out`) for native apps'
    sessions (`AppSession` in Kotlin and Swift), which hold no SaaSus keys: tokens as JSON, never
    cookies; limited per client address (`REMOTE_ADDR`). Exempt from CSRF: it takes only JSON
    bodies, which a page on another site cannot post without the browser's preflight."""

    def saasus_app(request: HttpRequest, route: str) -> HttpResponse:
        if route not in APP_ROUTES:
            return JsonResponse({"type": "not_found", "message": f"no app endpoint {route!r}"}, status=404)
        if request.method != "POST":
            return JsonResponse({"type": "method_not_allowed", "message": "app endpoints take POST"}, status=405)
        answer = _web.app_logged(sessions().app_request(route, request.body, request.META.get("REMOTE_ADDR", ""),
                                                        _headers(request)))
        response = HttpResponse(answer.body, status=answer.status)
        for name, value in answer.headers.items():
            response[name] = value
        return response

    setattr(saasus_app, "csrf_exempt", True)
    return saasus_app


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
