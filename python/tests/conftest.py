"""Every Python test talks to a real emulator over HTTP on 127.0.0.1, started here."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import saasus

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Emulator:
    base_url: str
    api_key: str
    secret_key: str
    saas_id: str

    def client(self, cls=saasus.Client, **overrides):
        args = dict(api_key=self.api_key, secret_key=self.secret_key, saas_id=self.saas_id, base_url=self.base_url)
        args.update(overrides)
        return cls(**args)


def start_emulator():
    binary = os.environ.get("SAASUS_EMULATOR_BIN", str(ROOT / "target" / "debug" / "saasus-emulator"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAASUS_")}
    proc = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True, env=env)
    values = dict(proc.stdout.readline().strip().split("=", 1) for _ in range(4))
    return proc, Emulator(values["SAASUS_BASE_URL"], values["SAASUS_API_KEY"], values["SAASUS_SECRET_KEY"], values["SAASUS_SAAS_ID"])


@pytest.fixture()
def emulator():
    """A fresh emulator per test: no test sees another's tenants."""
    proc, emu = start_emulator()
    try:
        yield emu
    finally:
        proc.terminate()
        proc.wait(timeout=10)


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
