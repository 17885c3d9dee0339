"""FastAPI sessions (install the `fastapi` extra). Imported only when used.

    from fastapi import Depends, FastAPI
    import saasus
    from saasus.fastapi import SaasusAuth

    auth = SaasusAuth(saasus.AsyncClient(), login_url="https://auth.example.com/")
    app = FastAPI()
    app.include_router(auth.router(redirect_to="/"))      # /login, /callback, /logout
    app.include_router(auth.app_router(prefix="/app"))   # native apps: /app/token, /app/refresh, /app/sign-out

    @app.get("/me")
    async def me(user: saasus.UserInfo = Depends(auth)) -> dict[str, str]:
        return {"email": user.email}

    @app.get("/tenants/{tenant_id}/billing")
    async def billing(tenant_id: str, user: saasus.UserInfo = Depends(auth.require("admin"))) -> dict[str, str]:
        ...

Every request's user comes from its `Authorization: Bearer` token, else the session's cookies
(refreshed before the ID token expires, the new cookies set on the response). 401 without a
valid session (a redirect to sign in for a browser's page load, with `login_redirect`), 403 from
a guard, 503 when the platform fails, 500 when it refuses this backend's keys — both logged to
the "saasus" logger, neither shown to the end user in the platform's words.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional, Sequence, Union

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers

from . import _web
from ._client import AsyncClient, Client
from ._native import UserInfo
from ._sessions import APP_ROUTES, AppAnswer, Authorized, AuthError, SignedIn

__all__ = ["SaasusAuth"]


def _headers_with_cookies(set_cookies: Sequence[str], **more: str) -> Headers:
    # A Headers object, unlike a dict, carries several Set-Cookie headers through HTTPException.
    raw = [(b"set-cookie", c.encode("latin-1")) for c in set_cookies]
    raw += [(k.replace("_", "-").encode("latin-1"), v.encode("latin-1")) for k, v in more.items()]
    return Headers(raw=raw)


class SaasusAuth:
    """A dependency yielding the request's `UserInfo`; `require(...)` for guards; `router()` for
    the sign-in endpoints. Takes `saasus.Sessions`' settings (`login_url`, `user_cache_max_age`,
    `secure`, …); `login_redirect` sends a browser's page load to `/login` instead of a 401."""

    def __init__(self, client: Union[Client, AsyncClient], *, login_redirect: Optional[str] = None, **options: Any) -> None:
        self.client = client
        self.sessions = _web.sessions_of(client, options, "SaasusAuth")
        self.cookie_name = self.sessions.cookie_name
        self.login_redirect = login_redirect

    async def _run(self, blocking: Callable[[], Any], awaitable: Callable[[], Awaitable[Any]]) -> Any:
        # A blocking client must not block the event loop.
        if isinstance(self.client, AsyncClient):
            return await awaitable()
        return await run_in_threadpool(blocking)

    def _refused(self, request: Request, e: AuthError) -> Exception:
        _web.logged(e)
        if e.status == 500:
            # Through the framework's error path: a traceback in the log, a bare 500 to the user.
            return e
        if e.status == 401 and self.login_redirect and _web.page_load(request.method, request.headers.get("accept")):
            return HTTPException(303, headers=_headers_with_cookies(e.set_cookies, location=self.login_redirect))
        extra = {"www_authenticate": 'Bearer realm="saasus"'} if e.status == 401 else {}
        return HTTPException(e.status or 500, detail=_web.body(e), headers=_headers_with_cookies(e.set_cookies, **extra))

    async def authorize(self, request: Request) -> Authorized:
        """The request's `Authorized` (user, ID token, cookies to set), or the HTTP error."""
        headers = request.headers.items()
        try:
            authorized: Authorized = await self._run(lambda: self.sessions.authorize(headers),
                                                     lambda: self.sessions.aauthorize(headers))
        except AuthError as e:
            raise self._refused(request, e) from None
        request.state.saasus = authorized
        return authorized

    async def __call__(self, request: Request, response: Response) -> UserInfo:
        authorized = await self.authorize(request)
        for cookie in authorized.set_cookies:
            response.headers.append("set-cookie", cookie)
        user: UserInfo = authorized.user
        return user

    def require(self, *roles: str, tenant_param: str = "tenant_id", env_id: Optional[int] = None,
                require_tenant: bool = True) -> Callable[..., Awaitable[UserInfo]]:
        """A dependency yielding the user if they belong to the tenant of the path parameter
        `tenant_param` (or, for a route without one, to any tenant) and hold one of `roles` there
        (in `env_id`, or any env); 403 otherwise."""

        async def saasus_required(request: Request, user: UserInfo = Depends(self)) -> UserInfo:
            try:
                self.sessions.check(user, tenant_id=request.path_params.get(tenant_param), roles=roles, env_id=env_id,
                                    require_tenant=require_tenant)
            except AuthError as e:
                raise self._refused(request, e) from None
            return user

        return saasus_required

    def login(self) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint that sends the browser to the hosted login page, with a fresh `state`."""

        async def saasus_login(request: Request) -> Response:
            try:
                redirect = self.sessions.begin_sign_in()
            except AuthError as e:
                raise self._refused(request, e) from None
            response = RedirectResponse(redirect.location, status_code=303)
            response.headers.append("set-cookie", redirect.set_cookie)
            return response

        return saasus_login

    def callback(self, *, redirect_to: str = "/") -> Callable[[Request], Awaitable[Response]]:
        """An endpoint for the callback URL: refuses a code this browser did not ask for, keeps the
        session in HttpOnly cookies and redirects to `redirect_to`."""

        async def saasus_callback(request: Request) -> Response:
            q, headers = request.query_params, request.headers.items()
            code, state = q.get("code"), q.get("state")
            try:
                signed_in: SignedIn = await self._run(lambda: self.sessions.complete_sign_in(code, state, headers),
                                                      lambda: self.sessions.acomplete_sign_in(code, state, headers))
            except AuthError as e:
                raise self._refused(request, e) from None
            response = RedirectResponse(redirect_to, status_code=303)
            for cookie in signed_in.set_cookies:
                response.headers.append("set-cookie", cookie)
            return response

        return saasus_callback

    def logout(self, *, redirect_to: str = "/") -> Callable[[Request], Awaitable[Response]]:
        """An endpoint (POST) that clears the session's cookies and redirects to `redirect_to`."""

        async def saasus_logout(request: Request) -> Response:
            response = RedirectResponse(redirect_to, status_code=303)
            for cookie in self.sessions.sign_out(request.headers.items()):
                response.headers.append("set-cookie", cookie)
            return response

        return saasus_logout

    def router(self, *, redirect_to: str = "/", prefix: str = "") -> APIRouter:
        """`GET {prefix}/login`, `GET {prefix}/callback` (set your callback URL to it) and
        `POST {prefix}/logout`."""
        router = APIRouter(prefix=prefix)
        router.add_api_route("/login", self.login(), methods=["GET"], include_in_schema=False)
        router.add_api_route("/callback", self.callback(redirect_to=redirect_to), methods=["GET"], include_in_schema=False)
        router.add_api_route("/logout", self.logout(redirect_to=redirect_to), methods=["POST"], include_in_schema=False)
        return router

    def app_endpoint(self, route: str) -> Callable[[Request], Awaitable[Response]]:
        """The endpoint (POST) a native app's session calls for `route` (one of `APP_ROUTES`):
        tokens as JSON, never cookies; limited per client address."""

        async def saasus_app(request: Request) -> Response:
            body, headers = await request.body(), request.headers.items()
            client = request.client.host if request.client else ""
            answer: AppAnswer = await self._run(lambda: self.sessions.app_request(route, body, client, headers),
                                                lambda: self.sessions.aapp_request(route, body, client, headers))
            _web.app_logged(answer)
            return Response(answer.body, status_code=answer.status, headers=answer.headers)

        return saasus_app

    def app_router(self, *, prefix: str = "/app") -> APIRouter:
        """`POST {prefix}/token`, `{prefix}/refresh` and `{prefix}/sign-out`: the backend of native
        apps' sessions (`AppSession` in Kotlin and Swift), which hold no SaaSus keys."""
        router = APIRouter(prefix=prefix)
        for route in APP_ROUTES:
            router.add_api_route(f"/{route}", self.app_endpoint(route), methods=["POST"], include_in_schema=False)
        return router
