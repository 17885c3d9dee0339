"""`saasus.Sessions`: which web request is signed in as whom, over the core's authenticator
(saasus::session) — ID tokens verified locally once the issuer is known, `UserInfo` cached, the
session refreshed before its ID token expires, and every refusal or failure an `AuthError` whose
`status` says whose fault it is. The framework helpers (saasus.fastapi, .flask, .django) are
built on it; it takes plain header lists, for any other framework.

    sessions = saasus.Sessions(saasus.Client(), login_url="https://auth.example.com/")
    try:
        signed_in = sessions.authorize(list(request.headers.items()))
    except saasus.AuthError as e:
        ...  # e.status: 401, 503 or 500; e.public_message for the end user; e.set_cookies to send
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence, Union, cast

from ._base import SaasusError
from ._client import AsyncClient, Client
from ._native import UserInfo

__all__ = ["Sessions", "AuthError", "Authorized", "SignInRedirect", "SignedIn", "AppAnswer", "APP_ROUTES"]

# The endpoints a native app's session (Kotlin's and Swift's `AppSession`) posts to, below the
# prefix the backend mounts them at.
APP_ROUTES = ("token", "refresh", "sign-out")

Headers = Iterable[tuple[str, str]]


class AuthError(SaasusError):
    """A request that is not signed in, or could not be checked.

    `status` is what to answer: 401 (no session, or a token that is forged, expired beyond refresh,
    foreign or refused), 400 (a malformed callback), 403 (a guard), 503 (the platform failed: the
    user is still signed in) or 500 (this backend's keys were refused: see the log). `type` says
    which (`unauthorized`, `bad_request`, `forbidden`, `unavailable`, `misconfigured`);
    `public_message` is what the end user may read; `str(e)` is for the log; `set_cookies` the
    Set-Cookie headers to send with the answer; `cause` the SDK error behind a server error."""

    def __init__(self, message: str, *, status: int, type: str, public_message: str, set_cookies: Sequence[str] = (),
                 cause: Optional[SaasusError] = None):
        super().__init__(message, status=status, type=type, trace_id=cause.trace_id if cause is not None else None,
                         detail=public_message)
        self.public_message = public_message
        self.set_cookies = list(set_cookies)
        self.cause = cause

    @property
    def is_server_error(self) -> bool:
        return (self.status or 0) >= 500


AuthError.__module__ = "saasus"


def _auth_error(status: int, kind: str, public_message: str, message: str, set_cookies: list[str],
                cause: Optional[SaasusError]) -> AuthError:
    # Called by the native module.
    return AuthError(message, status=status, type=kind, public_message=public_message, set_cookies=set_cookies, cause=cause)


@dataclass(frozen=True)
class Authorized:
    """A signed-in request: its user, the ID token, and Set-Cookie headers to send back (the
    rotated tokens after a refresh; usually none)."""

    user: UserInfo
    id_token: str = field(repr=False)
    set_cookies: list[str] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class SignInRedirect:
    """Where to send the browser to sign in, and the Set-Cookie header binding the sign-in to it."""

    location: str
    set_cookie: str = field(repr=False)


@dataclass(frozen=True)
class SignedIn:
    """A completed sign-in: the user's id and the new session's Set-Cookie headers."""

    user_id: str
    set_cookies: list[str] = field(repr=False)


@dataclass(frozen=True)
class AppAnswer:
    """What an app endpoint answers: the status, the JSON body (the tokens for a 200: never
    logged) and the headers to send (`Content-Type`, `Cache-Control: no-store`, `Retry-After`).
    `log` is the failure behind an error, for the server's log: `(is_server_error, message)`."""

    status: int
    body: str = field(repr=False)
    headers: dict[str, str] = field(default_factory=dict)
    log: Optional[tuple[bool, str]] = None


def _app_answer(status: int, body: str, retry_after: Optional[int], log: Optional[tuple[bool, str]]) -> AppAnswer:
    headers = {"cache-control": "no-store"}
    if body:
        headers["content-type"] = "application/json"
    if retry_after is not None:
        headers["retry-after"] = str(retry_after)
    return AppAnswer(status, body, headers, log)


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in headers]


class Sessions:
    """Authenticates web requests for one SaaS; make one per process (its caches are what spare
    the platform calls) and share it between requests and threads.

    - `login_url`: the hosted login page (`SAASUS_LOGIN_URL` when not given), for sign-in.
    - `issuer`, `audience`: verify ID tokens locally from the first request; otherwise the issuer is
      learned from the first token the platform accepts (`learn_issuer`).
    - `user_cache_max_age` (60 s): how soon role changes reach a session; 0 asks on every request.
    - `refresh_margin` (300 s, at most a quarter of a token's life), `clock_skew` (10 s),
      `jwks_cooldown` (30 s), `user_cache_capacity` (10,000).
    - Cookies: `cookie_name`, `refresh_cookie_name`, `state_cookie_name`, `cookie_path` ("/"),
      `cookie_domain`, `secure` (True; False only for http://localhost), `session_max_age` (30 days).
    - `app_requests_per_minute` (30; 0 for none): each client's limit on the native-app endpoints.
    """

    def __init__(self, client: Union[Client, AsyncClient], *, login_url: Optional[str] = None, issuer: Optional[str] = None,
                 audience: Optional[str] = None, learn_issuer: bool = True, clock_skew: Optional[float] = None,
                 user_cache_max_age: Optional[float] = None, user_cache_capacity: Optional[int] = None,
                 refresh_margin: Optional[float] = None, jwks_cooldown: Optional[float] = None,
                 cookie_name: Optional[str] = None, refresh_cookie_name: Optional[str] = None,
                 state_cookie_name: Optional[str] = None, cookie_path: Optional[str] = None,
                 cookie_domain: Optional[str] = None, secure: bool = True, session_max_age: Optional[float] = None,
                 app_requests_per_minute: Optional[int] = None) -> None:
        if not isinstance(client, (Client, AsyncClient)):
            raise TypeError(f"client: must be a saasus.Client or saasus.AsyncClient, not {type(client).__name__}")
        self.client = client
        if login_url is None:
            login_url = os.environ.get("SAASUS_LOGIN_URL") or None
        self._native = cast(Any, client)._native.authenticator(
            issuer=issuer, audience=audience, login_url=login_url, cookie_name=cookie_name,
            refresh_cookie_name=refresh_cookie_name, state_cookie_name=state_cookie_name, cookie_path=cookie_path,
            cookie_domain=cookie_domain, clock_skew=clock_skew, user_cache_max_age=user_cache_max_age,
            refresh_margin=refresh_margin, jwks_cooldown=jwks_cooldown, session_max_age=session_max_age,
            user_cache_capacity=user_cache_capacity, app_requests_per_minute=app_requests_per_minute,
            learn_issuer=learn_issuer, secure=secure)
        self.cookie_name = cookie_name or "saasus_id_token"
        self.refresh_cookie_name = refresh_cookie_name or "saasus_refresh_token"
        self.login_url = login_url

    def authorize(self, headers: Headers) -> Authorized:
        """The request's user (from `Authorization: Bearer`, else the session's cookies), blocking."""
        return Authorized(*self._native.authorize(_pairs(headers)))

    async def aauthorize(self, headers: Headers) -> Authorized:
        """`authorize`, awaited on the SDK's call thread."""
        return Authorized(*await self._native.authorize(_pairs(headers), asynchronous=True))

    def begin_sign_in(self) -> SignInRedirect:
        """The redirect to the login page with a fresh `state`, and its cookie."""
        return SignInRedirect(*self._native.begin_sign_in())

    def complete_sign_in(self, code: Any, state: Any, headers: Headers) -> SignedIn:
        """The callback: refuses a malformed code (400) or one this browser did not ask for (401),
        else exchanges it; blocking."""
        return SignedIn(*self._native.complete_sign_in(code, state, _pairs(headers)))

    async def acomplete_sign_in(self, code: Any, state: Any, headers: Headers) -> SignedIn:
        return SignedIn(*await self._native.complete_sign_in(code, state, _pairs(headers), asynchronous=True))

    def app_request(self, route: str, body: bytes, client: str, headers: Headers) -> AppAnswer:
        """A native app's request to `route` (one of `APP_ROUTES`): its raw `body`, the `client`
        the per-client limit counts it against (the peer's address) and its headers; blocking.
        Never raises for the app's or the platform's faults: they are the answer's status."""
        return _app_answer(*self._native.app_request(route, bytes(body), str(client), _pairs(headers)))

    async def aapp_request(self, route: str, body: bytes, client: str, headers: Headers) -> AppAnswer:
        """`app_request`, awaited on the SDK's call thread."""
        return _app_answer(*await self._native.app_request(route, bytes(body), str(client), _pairs(headers), asynchronous=True))

    def sign_out(self, headers: Headers) -> list[str]:
        """The Set-Cookie headers that end the request's session."""
        return list(self._native.sign_out(_pairs(headers)))

    def check(self, user: Any, *, tenant_id: Optional[str] = None, roles: Sequence[str] = (), env_id: Optional[int] = None,
              require_tenant: bool = True) -> None:
        """Raises `AuthError` (403) unless `user` belongs to `tenant_id` (or, without one, to any
        tenant) and holds one of `roles` there (in `env_id`, or any env)."""
        self._native.check(user, tenant_id, list(roles), env_id, require_tenant)

    def forget_user(self, user_id: str) -> int:
        """Drops what is cached about a user (after changing their roles): their next request asks
        the platform. Returns how many entries went."""
        return int(self._native.forget_user(user_id))

    def forget_all(self) -> None:
        self._native.forget_all()

    @property
    def issuer(self) -> Optional[str]:
        """The issuer whose key set verifies ID tokens, once known."""
        return self._native.issuer  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"Sessions(issuer={self.issuer!r}, login_url={self.login_url!r})"
