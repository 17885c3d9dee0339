"""The contract suite's emulator: the release-independent debug binary, started per session."""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SAASUS_SHARED_DIR", ROOT.parent / "shared"))


@dataclass
class Emulator:
    base_url: str
    api_key: str
    secret_key: str
    saas_id: str


@contextlib.contextmanager
def run_emulator():
    binary = os.environ.get("SAASUS_EMULATOR_BIN", str(ROOT / "target" / "debug" / "saasus-emulator"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAASUS_")}
    proc = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        values = dict(proc.stdout.readline().strip().split("=", 1) for _ in range(4))
        yield Emulator(values["SAASUS_BASE_URL"], values["SAASUS_API_KEY"], values["SAASUS_SECRET_KEY"], values["SAASUS_SAAS_ID"])
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def emulator():
    with run_emulator() as emu:
        yield emu
