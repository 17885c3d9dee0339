"""`saasus.events` against the emulator's events: read into the operation, its path's ids and its
models; unknown fields kept; signatures checked; the Lambda handler and the FastAPI receiver of
python/examples run (the receiver behind uvicorn, fed by the real `saasus listen`)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

import saasus
import saasus.events

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example(name: str):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def emulator_events(emulator) -> list[dict]:
    origin = emulator.base_url.removesuffix("/v1")
    with urllib.request.urlopen(f"{origin}/_emulator/events") as r:
        return json.load(r)


def test_events_are_read_into_their_operation_ids_and_models(emulator):
    client = emulator.client()
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    client.auth.tenant.update_tenant(tenant.id, name="Acme 2", attributes={}, back_office_staff_email="ops@acme.example")
    client.auth.tenant.get_tenants()  # a GET: no event
    created, updated = (saasus.events.parse(e) for e in emulator_events(emulator))
    assert (created.operation, created.event_type, created.api, created.status) == ("CreateTenant", "create_tenant", "auth", 201)
    assert created.output.name == "Acme" and created.output.id == tenant.id, "the answer as the operation's model"
    assert created.input.name == "Acme", "the request as its input model"
    assert (updated.operation, updated.path_params) == ("UpdateTenant", {"tenant_id": tenant.id})
    assert updated.request["name"] == "Acme 2"
    earlier = dataclasses.replace(created, time="2000-01-01T00:00:00Z")  # times are whole seconds
    assert saasus.events.in_order([updated, earlier])[0] is earlier
    # The detail alone reads the same; unknown fields are kept, never refused.
    envelope = emulator_events(emulator)[0]
    envelope["added_later"] = {"x": 1}
    assert saasus.events.parse(envelope).envelope["added_later"] == {"x": 1}
    assert saasus.events.parse(envelope["detail"]).operation == "CreateTenant"
    with pytest.raises(saasus.InvalidArgumentError):
        saasus.events.parse("[]")


def test_the_lambda_handler_applies_each_tenants_newest_event(emulator):
    handler = example("lambda_handler")
    client = emulator.client()
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
    created = emulator_events(emulator)[0]
    assert handler.handler(created, None) == {"applied": True, "operation": "CreateTenant", "tenant_id": tenant.id}
    stale = dict(created, time="2000-01-01T00:00:00Z")
    assert handler.handler(stale, None)["applied"] is False, "an older event arriving late is not applied"


def test_a_signature_is_checked_for_its_secret_and_body():
    with pytest.raises(saasus.InvalidArgumentError, match="t=<unix seconds>"):
        saasus.events.verify(b"{}", None, "whsec_x")
    with pytest.raises(saasus.InvalidArgumentError, match="too old"):
        saasus.events.verify(b"{}", "t=1000,v1=00", "whsec_x")


def test_the_fastapi_receiver_gets_what_saasus_listen_forwards(emulator, tmp_path):
    import uvicorn

    os.environ["SAASUS_LISTEN_SECRET"] = "whsec_test_receiver"
    receiver = example("listen_receiver")
    server = uvicorn.Server(uvicorn.Config(receiver.app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    saasus_cmd = shutil.which("saasus", path=os.path.dirname(sys.executable))
    env = {**os.environ, "SAASUS_API_KEY": emulator.api_key, "SAASUS_SECRET_KEY": emulator.secret_key,
           "SAASUS_SAAS_ID": emulator.saas_id, "SAASUS_BASE_URL": emulator.base_url, "XDG_CONFIG_HOME": str(tmp_path)}
    listen = subprocess.Popen([saasus_cmd, "listen", "--forward-to", f"http://127.0.0.1:{port}/saasus-events"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert "forwarding the emulator's events" in listen.stderr.readline()
        emulator.client().auth.tenant.create_tenant(name="Heard", attributes={}, back_office_staff_email="ops@heard.example")
        deadline = time.monotonic() + 20
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.05)
        (event,) = receiver.received
        assert (event.operation, event.output.name) == ("CreateTenant", "Heard")
    finally:
        listen.terminate()
        listen.wait(timeout=10)
        server.should_exit = True
        thread.join(timeout=10)
        del os.environ["SAASUS_LISTEN_SECRET"]
