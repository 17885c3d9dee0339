"""FastAPI sign-in helpers (install the `fastapi` extra). Imported only when used.

    from fastapi import Depends, FastAPI
    import saasus
    from saasus.fastapi import SaasusAuth

    auth = SaasusAuth(saasus.AsyncClient())
    app = FastAPI()
    app.add_api_route("/callback", auth.callback(redirect_to="/"))

    @app.get("/me")
    async def me(user: saasus.UserInfo = Depends(auth)) -> dict[str, str]:
        return {"email": user.email}
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional, Union

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ._client import AsyncClient, Client
from ._errors import SaasusError, UnauthorizedError
from ._native import Credentials, UserInfo, bearer_token

__all__ = ["SaasusAuth"]


class SaasusAuth:
    """A dependency that authenticates the request's ID token (the `Authorization: Bearer`
    header, else the cookie the callback set) and yields the `UserInfo`; 401 JSON otherwise.
    The end user's `Referer` and `X-SaaSus-Referer` are forwarded to the platform."""

    def __init__(self, client: Union[Client, AsyncClient], *, cookie_name: str = "saasus_id_token") -> None:
        self.client = client
        self.cookie_name = cookie_name

    async def _run(self, call: Callable[[], Any]) -> Any:
        # A blocking client must not block the event loop.
        if isinstance(self.client, AsyncClient):
            return await call()
        return await run_in_threadpool(call)

    def _token(self, request: Request) -> Optional[str]:
        return bearer_token(request.headers.get("authorization")) or request.cookies.get(self.cookie_name)

    async def __call__(self, request: Request) -> UserInfo:
        token = self._token(request)
        if not token:
            raise HTTPException(status_code=401, detail={"type": "unauthorized", "message": "no ID token: sign in first"})
        client = self.client.with_context(referer=request.headers.get("referer"), x_saasus_referer=request.headers.get("x-saasus-referer"))
        try:
            user: UserInfo = await self._run(lambda: client.authenticate(token))
        except UnauthorizedError as e:
            raise HTTPException(status_code=401, detail={"type": "unauthorized", "message": e.message}) from None
        return user

    def callback(self, *, redirect_to: str = "/", secure: bool = True) -> Callable[[str], Awaitable[RedirectResponse]]:
        """An endpoint for the callback URL: exchanges `?code=` for the user's tokens, keeps the
        ID token in an HttpOnly cookie and redirects to `redirect_to`."""

        async def saasus_callback(code: str) -> RedirectResponse:
            try:
                creds: Credentials = await self._run(lambda: self.client.exchange_temp_code(code))
            except SaasusError as e:
                raise HTTPException(status_code=401, detail={"type": "unauthorized", "message": e.message}) from None
            response = RedirectResponse(redirect_to, status_code=303)
            response.set_cookie(self.cookie_name, creds.id_token, httponly=True, secure=secure, samesite="lax")
            return response

        return saasus_callback
