"""Flask sessions (install the `flask` extra). Imported only when used.

    from flask import Flask, g
    import saasus
    from saasus.flask import SaasusAuth

    auth = SaasusAuth(saasus.Client(), login_url="https://auth.example.com/")
    app = Flask(__name__)
    app.register_blueprint(auth.blueprint(redirect_to="/"))   # /login, /callback, /logout
    app.register_blueprint(auth.app_blueprint())             # native apps: /app/token, /refresh, /sign-out

    @app.get("/me")
    @auth.required
    def me():
        return {"email": g.user_info.email}

    @app.get("/tenants/<tenant_id>/billing")
    @auth.require("admin")                    # in the view's `tenant_id` argument's tenant
    def billing(tenant_id): ...

401 without a valid session (a redirect for a browser's page load, with `login_redirect`), 403
from a guard; a platform failure (503) or this backend's refused keys (500) go through Flask's
error path (`saasus.AuthError`, logged), never shown to the end user in the platform's words.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, TypeVar, cast

from flask import Blueprint, g, jsonify, make_response, redirect, request
from werkzeug.exceptions import HTTPException

from . import _web
from ._client import Client
from ._sessions import APP_ROUTES, AuthError

__all__ = ["SaasusAuth"]

F = TypeVar("F", bound=Callable[..., Any])


class _Unavailable(HTTPException):
    code = 503
    description = "sign-in is temporarily unavailable; try again shortly"


class SaasusAuth:
    """`@auth.required` puts the request's `UserInfo` in `flask.g.user_info` (and the `Authorized`
    in `g.saasus`); `@auth.require(...)` adds a guard; `blueprint()` the sign-in endpoints. Takes
    `saasus.Sessions`' settings (`login_url`, `user_cache_max_age`, `secure`, …)."""

    def __init__(self, client: Client, *, login_redirect: Optional[str] = None, **options: Any) -> None:
        self.client = client
        self.sessions = _web.sessions_of(client, options, "SaasusAuth")
        self.cookie_name = self.sessions.cookie_name
        self.login_redirect = login_redirect

    def _refusal(self, e: AuthError) -> Any:
        """The answer to a refusal; a server error is raised instead, through Flask's error path."""
        _web.logged(e)
        if e.status == 503:
            raise _Unavailable() from e
        if e.is_server_error:
            raise e
        if e.status == 401 and self.login_redirect and _web.page_load(request.method, request.headers.get("Accept")):
            response = redirect(self.login_redirect, code=303)
        else:
            response = jsonify(_web.body(e))
            response.status_code = e.status or 500
            if e.status == 401:
                response.headers["WWW-Authenticate"] = 'Bearer realm="saasus"'
        for cookie in e.set_cookies:
            response.headers.add("Set-Cookie", cookie)
        return response

    def _with_cookies(self, result: Any) -> Any:
        response = make_response(result)
        for cookie in g.saasus.set_cookies:
            response.headers.add("Set-Cookie", cookie)
        return response

    def required(self, view: F) -> F:
        return self.require(require_tenant=False)(view)

    def require(self, *roles: str, tenant_kwarg: str = "tenant_id", env_id: Optional[int] = None,
                require_tenant: bool = True) -> Callable[[F], F]:
        """A decorator: 401 without a session; 403 unless the user belongs to the tenant of the
        view's `tenant_kwarg` argument (or, for a view without one, any tenant) and holds one of
        `roles` there (in `env_id`, or any env). `@auth.required` asks only for a session."""

        def decorate(view: F) -> F:
            @functools.wraps(view)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                try:
                    g.saasus = self.sessions.authorize(list(request.headers.items()))
                    g.user_info = g.saasus.user
                    if roles or require_tenant:
                        self.sessions.check(g.user_info, tenant_id=kwargs.get(tenant_kwarg), roles=roles, env_id=env_id,
                                            require_tenant=require_tenant)
                except AuthError as e:
                    return self._refusal(e)
                return self._with_cookies(view(*args, **kwargs))

            return cast(F, wrapper)

        return decorate

    def login_view(self) -> Callable[[], Any]:
        """A view that sends the browser to the hosted login page, with a fresh `state`."""

        def saasus_login() -> Any:
            try:
                begun = self.sessions.begin_sign_in()
            except AuthError as e:
                return self._refusal(e)
            response = redirect(begun.location, code=303)
            response.headers.add("Set-Cookie", begun.set_cookie)
            return response

        return saasus_login

    def callback_view(self, *, redirect_to: str = "/") -> Callable[[], Any]:
        """A view for the callback URL: refuses a code this browser did not ask for, keeps the
        session in HttpOnly cookies and redirects to `redirect_to`."""

        def saasus_callback() -> Any:
            try:
                done = self.sessions.complete_sign_in(request.args.get("code"), request.args.get("state"),
                                                      list(request.headers.items()))
            except AuthError as e:
                return self._refusal(e)
            response = redirect(redirect_to, code=303)
            for cookie in done.set_cookies:
                response.headers.add("Set-Cookie", cookie)
            return response

        return saasus_callback

    def logout_view(self, *, redirect_to: str = "/") -> Callable[[], Any]:
        """A view (POST) that clears the session's cookies and redirects to `redirect_to`."""

        def saasus_logout() -> Any:
            response = redirect(redirect_to, code=303)
            for cookie in self.sessions.sign_out(list(request.headers.items())):
                response.headers.add("Set-Cookie", cookie)
            return response

        return saasus_logout

    def blueprint(self, *, redirect_to: str = "/", name: str = "saasus", url_prefix: str = "") -> Blueprint:
        """`GET /login`, `GET /callback` (set your callback URL to it), `POST /logout`."""
        bp = Blueprint(name, __name__, url_prefix=url_prefix or None)
        bp.add_url_rule("/login", "login", self.login_view())
        bp.add_url_rule("/callback", "callback", self.callback_view(redirect_to=redirect_to))
        bp.add_url_rule("/logout", "logout", self.logout_view(redirect_to=redirect_to), methods=["POST"])
        return bp


    def app_view(self, route: str) -> Callable[[], Any]:
        """A view (POST) a native app's session calls for `route` (one of `APP_ROUTES`): tokens as
        JSON, never cookies; limited per client address."""

        def saasus_app() -> Any:
            answer = self.sessions.app_request(route, request.get_data(cache=False), request.remote_addr or "",
                                               list(request.headers.items()))
            _web.app_logged(answer)
            return make_response(answer.body, answer.status, answer.headers)

        return saasus_app

    def app_blueprint(self, *, name: str = "saasus_app", url_prefix: str = "/app") -> Blueprint:
        """`POST {url_prefix}/token`, `/refresh` and `/sign-out`: the backend of native apps'
        sessions (`AppSession` in Kotlin and Swift), which hold no SaaSus keys."""
        bp = Blueprint(name, __name__, url_prefix=url_prefix or None)
        for route in APP_ROUTES:
            bp.add_url_rule(f"/{route}", route.replace("-", "_"), self.app_view(route), methods=["POST"])
        return bp
