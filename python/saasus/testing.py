"""The emulator in your own tests: a local SaaSus Platform, served by this package's native
library on 127.0.0.1 (no binary, no Rust, no network).

With pytest (this module is a pytest plugin, registered when saasus is installed):

    def test_signup(saasus_client):                 # a saasus.Client configured for a fresh emulator
        saasus_client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")

    def test_retry(saasus_emulator):                # the emulator itself, controlled in-process
        saasus_emulator.fault(path="/v1/auth/tenants", status=503, count=1)
        ...
        assert saasus_emulator.requests()[-1].status == 200

With unittest or anything else, as a context manager:

    with saasus.testing.Emulator() as emu:
        client = emu.client()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

from . import _native
from ._client import AsyncClient, Client

__all__ = ["Emulator", "SeenRequest"]


@dataclass(frozen=True)
class SeenRequest:
    """A request the emulator answered: its path with secrets in the query shown as `***`."""

    method: str
    path: str
    status: int
    user_agent: Optional[str]
    trace_id: Optional[str]
    referer: Optional[str]
    """The `Referer` the request carried (a framework helper forwards the browser's)."""
    x_saasus_referer: Optional[str]


class Emulator:
    """A running emulator with credentials of its own; `stop()` (or leaving the `with`) stops it.
    Its state lives in memory unless `data` names an SQLite file to keep it in."""

    def __init__(self, *, api_key: Optional[str] = None, secret_key: Optional[str] = None, saas_id: Optional[str] = None,
                 token_ttl: Optional[int] = None, data: Optional[str] = None) -> None:
        self._native = _native.NativeEmulator(api_key=api_key, secret_key=secret_key, saas_id=saas_id, token_ttl=token_ttl, data=data)

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>/v1`."""
        return self._native.base_url

    @property
    def api_key(self) -> str:
        return self._native.api_key

    @property
    def secret_key(self) -> str:
        return self._native.secret_key

    @property
    def saas_id(self) -> str:
        return self._native.saas_id

    @property
    def env(self) -> dict[str, str]:
        """The four `SAASUS_*` variables that point an SDK (this one or another) at it."""
        return {"SAASUS_BASE_URL": self.base_url, "SAASUS_API_KEY": self.api_key,
                "SAASUS_SECRET_KEY": self.secret_key, "SAASUS_SAAS_ID": self.saas_id}

    def client(self, **settings: Any) -> Client:
        """A `saasus.Client` for this emulator; `settings` as the constructor takes them (`timeout=…`)."""
        return Client(api_key=self.api_key, secret_key=self.secret_key, saas_id=self.saas_id, base_url=self.base_url, **settings)

    def async_client(self, **settings: Any) -> AsyncClient:
        """A `saasus.AsyncClient` for this emulator."""
        return AsyncClient(api_key=self.api_key, secret_key=self.secret_key, saas_id=self.saas_id, base_url=self.base_url, **settings)

    def fault(self, *, path: str, status: Optional[int] = None, method: Optional[str] = None, stall_ms: Optional[int] = None,
              retry_after: Optional[int] = None, retry_after_as_date: bool = False, count: int = 1, after_applying: bool = False,
              body: Optional[Any] = None) -> int:
        """Arms a fault: the next `count` requests to `path` (a prefix when it ends in `*`) answer
        `status` (with `body` as their JSON, when given) or stall `stall_ms` first; with
        `after_applying`, each is served first (its effect kept) and its answer replaced, as when
        the platform did the work and a gateway failed. Returns its id. A fault that breaks a
        rule raises `saasus.InvalidArgumentError` naming the field."""
        fault = dict(path=path, status=status, method=method, stall_ms=stall_ms, retry_after=retry_after,
                     retry_after_as_date=retry_after_as_date, count=count, after_applying=after_applying, body=body)
        return self._native.fault(**{k: v for k, v in fault.items() if v is not None})

    def faults(self) -> list[dict[str, Any]]:
        """The faults still armed (with their `id` and remaining `count`), oldest first."""
        return self._native.faults()

    def clear_faults(self) -> None:
        """Disarms every fault."""
        self._native.clear_faults()

    def sign_in_code(self, username: str, password: str, *, state: Optional[str] = None) -> str:
        """The code the login page would send to the callback URL after this user (email or
        sign-in ID) signs in: what `client.exchange_temp_code` takes. A wrong password raises
        `saasus.InvalidArgumentError`."""
        return self._native.sign_in(username, password, state)[0]

    def requests(self) -> list[SeenRequest]:
        """What the emulator was sent, oldest first (at most the last 1000)."""
        return [SeenRequest(*r) for r in self._native.requests()]

    def clear_requests(self) -> None:
        """Forgets the request log."""
        self._native.clear_requests()

    def stop(self) -> None:
        """Stops it; requests in flight finish first. A second stop does nothing."""
        self._native.stop()

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Emulator(base_url={self.base_url!r})"


try:
    import pytest
except ImportError:  # unittest users: the context manager is all they need
    pass
else:
    @pytest.fixture()
    def saasus_emulator() -> Iterator[Emulator]:
        """A fresh emulator for the test, stopped after it."""
        with Emulator() as emu:
            yield emu

    @pytest.fixture()
    def saasus_client(saasus_emulator: Emulator) -> Client:
        """A `saasus.Client` configured for the test's emulator."""
        return saasus_emulator.client()
