"""Every ```python snippet of docs/python.md runs, in order, against the emulator."""

from __future__ import annotations

import re
from pathlib import Path

import saasus

DOC = Path(__file__).resolve().parents[2] / "docs" / "python.md"


def counted_today(emulator) -> int:
    """What the metering snippet's "today" read should show: the 3 calls counted `now`, when the
    emulator served the write and the read on the same UTC day (its API log says when each was
    served); none when midnight passed between them."""
    logs = emulator.client().apilog.api_log.get_logs(limit=1000).api_logs
    (written,) = [log.created_date for log in logs if log.request_method == "PUT" and log.request_uri.endswith("/units/api_calls/now")]
    (read,) = [log.created_date for log in logs if log.request_method == "GET" and log.request_uri.endswith("/units/api_calls/today")]
    return 3 if written == read else 0


def test_every_snippet_of_the_python_page_runs(emulator, monkeypatch, capsys):
    for var, value in (("SAASUS_API_KEY", emulator.api_key), ("SAASUS_SECRET_KEY", emulator.secret_key),
                       ("SAASUS_SAAS_ID", emulator.saas_id), ("SAASUS_BASE_URL", emulator.base_url)):
        monkeypatch.setenv(var, value)
    snippets = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(snippets) >= 6
    namespace: dict = {"__name__": "__main__"}  # as a script would run them (Flask reads it)
    # The Django snippet is a project's urls.py: Django is configured as its settings.py would.
    from django.test import override_settings

    from conftest import configure_django

    configure_django()

    class Urls:
        @property
        def urlpatterns(self):
            return namespace["urlpatterns"]

    with override_settings(ROOT_URLCONF=Urls()):
        for snippet in snippets:
            exec(compile(snippet, str(DOC), "exec"), namespace)
    out = capsys.readouterr().out
    assert "Acme Inc." in out  # the update the first snippet makes
    assert "404 not_found" in out  # the error snippet
    assert "['dev', 'stg', 'prod']" in out  # the asyncio snippet
    assert "5 readers\nfailed calls: " in out  # the paged search's iterators
    assert f"calls today: {counted_today(emulator)} on 2024-02-29: 5" in out  # pricing and metering
    assert "base fixed 3000" in out and "calls per api_calls 2" in out
    assert "3\ndev\n" in out  # per-call options, and a client as a context manager
    assert "200 3 1\nTrue\n" in out  # response metadata
    assert "django without a session: 401" in out
    assert "pydantic: dev" in out
    # The client settings' snippet named its application in the User-Agent.
    agents = {r.user_agent for r in emulator.requests()}
    assert f"saasus-python/{saasus.__version__} acme-billing/2.3.1 (https://acme.example)" in agents
    assert "503\ndev@example.com\n('GET', '/v1/auth/userinfo?token=***', 200)" in out  # the testing snippet: a fault, a sign-in, the log
    # The pytest example is a test as a user writes it; here it gets its fixture's client by hand.
    from saasus.testing import Emulator

    with Emulator() as emu:
        namespace["test_signup"](emu.client())
    # The framework snippets built working apps: their routes answer 401 without a token.
    from fastapi.testclient import TestClient

    assert TestClient(namespace["app"]).get("/me").status_code == 401
    assert [e["name"] for e in TestClient(namespace["app"]).get("/envs").json()["envs"]] == ["dev", "stg", "prod"]
    assert namespace["flask_app"].test_client().get("/me").status_code == 401


def test_help_shows_each_operations_summary_and_description():
    """help() and pdoc read the client's own docstrings, not the stubs: they carry the spec's text."""
    from saasus import _client

    for cls in (_client.TenantApi, _client.AsyncTenantApi):
        doc = cls.get_tenants.__doc__
        assert doc.startswith("Get Tenants (GET /tenants).\n\nGet tenants managed by SaaSus Platform."), doc
    assert "Awaitable" in _client.AsyncTenantApi.get_tenants.__doc__
    assert saasus.pricing.PricingPlansApi.get_pricing_plans.__doc__.startswith("Get Pricing Plans")
