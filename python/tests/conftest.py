"""Every Python test talks to a real emulator over HTTP on 127.0.0.1, started here."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
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

    @property
    def origin(self) -> str:
        return self.base_url.rsplit("/v1", 1)[0]

    def control(self, method: str, endpoint: str, body=None):
        """A control endpoint of the emulator (faults, the request log, the test sign-in)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.origin}/_emulator/{endpoint}", data=data, method=method,
                                     headers={"content-type": "application/json"})
        with urllib.request.urlopen(req) as resp:
            text = resp.read()
        return json.loads(text) if text.strip() else None

    def calls(self, path_prefix: str) -> int:
        """How many requests under `path_prefix` the emulator saw since the last look."""
        seen = self.control("GET", "requests")
        self.control("DELETE", "requests")
        return sum(1 for r in seen if r["path"].startswith(path_prefix))

    def sign_in_code(self, username: str, password: str = "Passw0rd-Emulator", state=None) -> str:
        """The code the hosted login page would send to the callback (with `state`, as given to it)."""
        body = {"username": username, "password": password, **({"state": state} if state is not None else {})}
        return self.control("POST", "sign-in", body)["code"]

    def arm(self, **fault) -> None:
        self.control("POST", "faults", fault)


def start_emulator(*flags: str):
    binary = os.environ.get("SAASUS_EMULATOR_BIN", str(ROOT / "target" / "debug" / "saasus-emulator"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAASUS_")}
    proc = subprocess.Popen([binary, "--port", "0", "--quiet", *flags], stdout=subprocess.PIPE, text=True, env=env)
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
def short_lived_emulator():
    """An emulator whose ID tokens live 2 seconds: sessions must refresh to last."""
    proc, emu = start_emulator("--token-ttl", "2")
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
