"""SAASUSSIGV1 in Python, for the contract test's raw requests (the SDK itself signs in Rust)."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlsplit

import requests


def minute(t: float | None = None) -> str:
    return time.strftime("%Y%m%d%H%M", time.gmtime(time.time() if t is None else t))


def signature(secret_key: str, minute: str, api_key: str, method: str, url: str, body: bytes) -> str:
    url_without_scheme = url.split("://", 1)[1] if "://" in url else url
    message = minute.encode() + api_key.encode() + method.upper().encode() + url_without_scheme.encode() + body
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def authorization(sig: str, saas_id: str, api_key: str) -> str:
    return f"SAASUSSIGV1 Sig={sig}, SaaSID={saas_id}, APIKey={api_key}"


class SigV1Auth(requests.auth.AuthBase):
    """Signs the prepared request: its final URL and the exact body bytes it will send."""

    def __init__(self, api_key: str, secret_key: str, saas_id: str):
        self.api_key, self.secret_key, self.saas_id = api_key, secret_key, saas_id

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        assert urlsplit(r.url).scheme in ("http", "https")
        sig = signature(self.secret_key, minute(), self.api_key, r.method or "GET", r.url, body)
        r.headers["Authorization"] = authorization(sig, self.saas_id, self.api_key)
        return r

    def __repr__(self) -> str:  # never the secret
        return f"SigV1Auth(api_key={self.api_key!r}, saas_id={self.saas_id!r})"
