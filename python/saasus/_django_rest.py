"""`saasus.django.SaasusAuthentication`: Django REST framework's authentication by SaaSus ID
token. Its own module, imported when asked for, since DRF's modules need Django's settings."""

from __future__ import annotations

from typing import Any, Optional

from rest_framework.authentication import BaseAuthentication  # type: ignore[import-untyped]
from rest_framework.exceptions import AuthenticationFailed  # type: ignore[import-untyped]

from ._errors import UnauthorizedError
from .django import SaasusUser, _authenticate, _token


class SaasusAuthentication(BaseAuthentication):  # type: ignore[misc]
    """The ID token of the `Authorization: Bearer` header, else of the callback's cookie:
    `request.user` is a `SaasusUser`, `request.auth` the token. A token the platform refuses is
    a 401 (`WWW-Authenticate: Bearer`); none leaves DRF's unauthenticated user."""

    def authenticate(self, request: Any) -> Optional[tuple[SaasusUser, str]]:
        token = _token(request)
        if not token:
            return None
        try:
            return SaasusUser(_authenticate(request, token)), token
        except UnauthorizedError as e:
            raise AuthenticationFailed(e.message) from None

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="saasus"'
