"""`saasus.django.SaasusAuthentication`: Django REST framework's authentication by SaaSus session.
Its own module, imported when asked for, since DRF's modules need Django's settings."""

from __future__ import annotations

from typing import Any, Optional

from rest_framework.authentication import BaseAuthentication  # type: ignore[import-untyped]
from rest_framework.exceptions import APIException, AuthenticationFailed  # type: ignore[import-untyped]

from . import _web
from ._native import bearer_token
from ._sessions import AuthError
from .django import SaasusUser, _headers, sessions


class _Unavailable(APIException):  # type: ignore[misc]
    status_code = 503
    default_detail = "sign-in is temporarily unavailable; try again shortly"
    default_code = "unavailable"


class SaasusAuthentication(BaseAuthentication):  # type: ignore[misc]
    """The `Authorization: Bearer` token, else the session's cookies: `request.user` is a
    `SaasusUser`, `request.auth` the ID token. A refused token is a 401 (`WWW-Authenticate:
    Bearer`); none leaves DRF's unauthenticated user; a platform failure is a 503, this backend's
    refused keys a 500 (both logged)."""

    def authenticate(self, request: Any) -> Optional[tuple[SaasusUser, str]]:
        s = sessions()
        if not bearer_token(request.headers.get("Authorization")) and not (
                request.COOKIES.get(s.cookie_name) or request.COOKIES.get(s.refresh_cookie_name)):
            return None
        try:
            authorized = s.authorize(_headers(request))
        except AuthError as e:
            _web.logged(e)
            if e.status == 503:
                raise _Unavailable() from e
            if e.is_server_error:
                raise
            raise AuthenticationFailed(e.public_message) from None
        return SaasusUser(authorized.user), authorized.id_token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="saasus"'
