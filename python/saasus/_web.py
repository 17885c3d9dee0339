"""What the framework helpers (saasus.fastapi, .flask, .django) share beyond `Sessions`: how a
refusal or failure is answered and logged, whether a request is a browser's page load (sent to
sign in rather than given a 401), and the options every helper takes."""

from __future__ import annotations

import logging
from typing import Any, Optional

from ._sessions import AppAnswer, AuthError, Sessions

log = logging.getLogger("saasus")

# `Sessions`' settings, which every helper's constructor passes on.
SESSION_OPTIONS = ("login_url", "issuer", "audience", "learn_issuer", "clock_skew", "user_cache_max_age", "user_cache_capacity",
                   "refresh_margin", "jwks_cooldown", "cookie_name", "refresh_cookie_name", "state_cookie_name", "cookie_path",
                   "cookie_domain", "secure", "session_max_age", "app_requests_per_minute")


def sessions_of(client: Any, options: dict[str, Any], where: str) -> Sessions:
    """The `Sessions` a helper runs on, its options checked by name."""
    unknown = set(options) - set(SESSION_OPTIONS)
    if unknown:
        raise TypeError(f"{where}: unknown option(s) {', '.join(sorted(unknown))}; the options are {', '.join(SESSION_OPTIONS)}")
    return Sessions(client, **options)


def body(e: AuthError) -> dict[str, Any]:
    """The JSON of a refusal: the end user's message only (a server error's cause stays in the log)."""
    return {"type": e.type, "message": e.public_message}


def logged(e: AuthError) -> AuthError:
    """Logs a server error (with its cause and trace id) at ERROR, a refusal at DEBUG."""
    if e.is_server_error:
        log.error("saasus sessions: %s", e, extra={"saasus_trace_id": e.trace_id})
    else:
        log.debug("saasus sessions: %s", e)
    return e


def app_logged(answer: AppAnswer) -> AppAnswer:
    """Logs an app endpoint's failure as `logged` does a refusal's."""
    if answer.log is not None:
        server_error, message = answer.log
        if server_error:
            log.error("saasus app sessions: %s", message)
        else:
            log.debug("saasus app sessions: %s", message)
    return answer


def page_load(method: str, accept: Optional[str]) -> bool:
    """A browser navigating to a page (sent to sign in when not signed in), not an API call."""
    return method in ("GET", "HEAD") and "text/html" in (accept or "")


def safe_next(path: Optional[str], default: str) -> str:
    """A local path to return to after sign-in; anything else (another host, `//evil`) is `default`."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default
