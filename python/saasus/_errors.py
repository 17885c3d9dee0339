"""The exceptions of saasus: one base class, the same data in every one of them."""

from __future__ import annotations

import builtins
from typing import Any, Optional, Type


class SaasusError(Exception):
    """Every error of the SDK. `status`, `type`, `data` and `trace_id` are None where they do
    not apply; the text never contains the secret key, a signature or a token."""

    def __init__(self, message: str, *, status: Optional[int] = None, type: Optional[str] = None,
                 data: Optional[dict[str, Any]] = None, trace_id: Optional[str] = None, detail: Optional[str] = None):
        super().__init__(message)
        self.message = detail if detail is not None else message
        self.status = status
        self.type = type
        self.data = data
        self.trace_id = trace_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, type={self.type!r}, message={self.message!r}, trace_id={self.trace_id!r})"


class ApiError(SaasusError):
    """The API answered with an error status."""


class BadRequestError(ApiError):
    """400: the request was refused as malformed or invalid."""


class UnauthorizedError(ApiError):
    """401: the signature, API key or token was not accepted."""


class ForbiddenError(ApiError):
    """403."""


class NotFoundError(ApiError):
    """404: what the request names does not exist."""


class ConflictError(ApiError):
    """409: a name or id that must be unique is taken."""


class RateLimitError(ApiError):
    """429: too many requests (retried by the client before you see it)."""


class ServerError(ApiError):
    """5xx."""


class TransportError(SaasusError):
    """The request could not be sent or the answer not read."""


class TimeoutError(SaasusError, builtins.TimeoutError):
    """The connect or total timeout elapsed."""


class DecodeError(SaasusError):
    """A 2xx answer whose body is not what the API documents."""


class ConfigError(SaasusError):
    """A missing or invalid setting; `type` names it (e.g. SAASUS_API_KEY)."""


class InvalidArgumentError(SaasusError, ValueError):
    """An argument was refused before anything was sent; `type` names the field."""


_BY_STATUS: dict[int, Type[SaasusError]] = {400: BadRequestError, 401: UnauthorizedError, 403: ForbiddenError, 404: NotFoundError,
              409: ConflictError, 429: RateLimitError}
_BY_KIND: dict[str, Type[SaasusError]] = {"transport": TransportError, "timeout": TimeoutError, "decode": DecodeError, "config": ConfigError,
            "invalid_argument": InvalidArgumentError}


def _from_native(kind: str, status: Optional[int], type: Optional[str], text: str, message: str,
                 data: Optional[dict[str, Any]], trace_id: Optional[str]) -> SaasusError:
    """Called by the native module to build the exception for a core error."""
    cls: Type[SaasusError]
    if kind == "api":
        cls = _BY_STATUS.get(status or 0) or (ServerError if (status or 0) >= 500 else ApiError)
    else:
        cls = _BY_KIND.get(kind, SaasusError)
    return cls(text, status=status, type=type, data=data, trace_id=trace_id, detail=message)


__all__ = ["SaasusError", "ApiError", "BadRequestError", "UnauthorizedError", "ForbiddenError", "NotFoundError",
           "ConflictError", "RateLimitError", "ServerError", "TransportError", "TimeoutError", "DecodeError",
           "ConfigError", "InvalidArgumentError"]

for _name in __all__:
    globals()[_name].__module__ = "saasus"
