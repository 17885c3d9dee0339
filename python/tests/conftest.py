"""Every Python test talks to a real emulator over HTTP on 127.0.0.1, started here: the one
`saasus.testing` serves from this package's own native library, controlled in-process (faults,
the request log, the test sign-in) as a user's tests control it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import pytest

import saasus
import saasus.testing

ROOT = Path(__file__).resolve().parents[2]


class Emulator(saasus.testing.Emulator):
    """`saasus.testing.Emulator` with the suite's shorthands."""

    def client(self, cls: Any = saasus.Client, **overrides: Any) -> Any:  # type: ignore[override]
        args = dict(api_key=self.api_key, secret_key=self.secret_key, saas_id=self.saas_id, base_url=self.base_url)
        args.update(overrides)
        return cls(**args)

    @property
    def origin(self) -> str:
        return self.base_url.rsplit("/v1", 1)[0]

    def calls(self, path_prefix: str) -> int:
        """How many requests under `path_prefix` the emulator saw since the last look."""
        seen = self.requests()
        self.clear_requests()
        return sum(1 for r in seen if r.path.startswith(path_prefix))

    def sign_in_code(self, username: str, password: str = "Passw0rd-Emulator", *, state: Optional[str] = None) -> str:
        """The code the hosted login page would send to the callback (with `state`, as given to it)."""
        return super().sign_in_code(username, password, state=state)

    def arm(self, **fault: Any) -> None:
        self.fault(**fault)


@pytest.fixture()
def emulator():
    """A fresh emulator per test: no test sees another's tenants."""
    with Emulator() as emu:
        yield emu


@pytest.fixture()
def short_lived_emulator():
    """An emulator whose ID tokens live 2 seconds: sessions must refresh to last."""
    with Emulator(token_ttl=2) as emu:
        yield emu


@pytest.fixture()
def client(emulator):
    return emulator.client()


def configure_django():
    """Django's settings, once per process, as a project's settings.py would hold them (each
    test then sets ROOT_URLCONF and SAASUS_CLIENT with `override_settings`)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            SECRET_KEY="saasus-tests",
            ALLOWED_HOSTS=["testserver"],
            MIDDLEWARE=["saasus.django.SaasusMiddleware"],
            INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
            REST_FRAMEWORK={"DEFAULT_AUTHENTICATION_CLASSES": ["saasus.django.SaasusAuthentication"], "UNAUTHENTICATED_USER": None},
        )
        django.setup()
