"""Flask sign-in helpers (install the `flask` extra). Imported only when used.

    from flask import Flask, g
    import saasus
    from saasus.flask import SaasusAuth

    auth = SaasusAuth(saasus.Client())
    app = Flask(__name__)
    app.add_url_rule("/callback", view_func=auth.callback_view(redirect_to="/"))

    @app.get("/me")
    @auth.required
    def me():
        return {"email": g.user_info.email}
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, TypeVar, cast

from flask import g, jsonify, redirect, request

from ._client import Client
from ._errors import SaasusError, UnauthorizedError
from ._native import bearer_token

__all__ = ["SaasusAuth"]

F = TypeVar("F", bound=Callable[..., Any])


class SaasusAuth:
    """`@auth.required` authenticates the request's ID token (the `Authorization: Bearer` header,
    else the cookie the callback view set) and puts the `UserInfo` in `flask.g.user_info`;
    401 JSON otherwise. The end user's `Referer` and `X-SaaSus-Referer` are forwarded."""

    def __init__(self, client: Client, *, cookie_name: str = "saasus_id_token") -> None:
        self.client = client
        self.cookie_name = cookie_name

    def _token(self) -> Optional[str]:
        return bearer_token(request.headers.get("Authorization")) or request.cookies.get(self.cookie_name)

    def required(self, view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = self._token()
            if not token:
                return jsonify(type="unauthorized", message="no ID token: sign in first"), 401
            client = self.client.with_context(referer=request.headers.get("Referer"), x_saasus_referer=request.headers.get("X-SaaSus-Referer"))
            try:
                g.user_info = client.authenticate(token)
            except UnauthorizedError as e:
                return jsonify(type="unauthorized", message=e.message), 401
            return view(*args, **kwargs)

        return cast(F, wrapper)

    def callback_view(self, *, redirect_to: str = "/", secure: bool = True) -> Callable[[], Any]:
        """A view for the callback URL: exchanges `?code=` for the user's tokens, keeps the ID
        token in an HttpOnly cookie and redirects to `redirect_to`."""

        def saasus_callback() -> Any:
            code = request.args.get("code", "")
            try:
                creds = self.client.exchange_temp_code(code)
            except SaasusError as e:
                return jsonify(type="unauthorized", message=e.message), 401
            response = redirect(redirect_to, code=303)
            response.set_cookie(self.cookie_name, creds.id_token, httponly=True, secure=secure, samesite="Lax")
            return response

        return saasus_callback
