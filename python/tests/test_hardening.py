"""Hostile input and a hostile server: every mistake is a `saasus` error naming what is wrong,
never a crash, a panic, or a request that lands somewhere else."""

from __future__ import annotations

import _thread
import http.server
import json
import math
import threading
import time
import urllib.error
import urllib.request

import pytest

import saasus

from test_faults import arm


def test_a_cycle_or_a_deep_nesting_is_an_argument_error_not_a_crash(client):
    cyclic: dict = {"a": 1}
    cyclic["self"] = cyclic
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.auth.tenant.create_tenant(name="Acme", attributes=cyclic, back_office_staff_email="ops@acme.example")
    assert e.value.type == "attributes.self" and "contains itself" in str(e.value)
    cyclic_list: list = []
    cyclic_list.append(cyclic_list)
    with pytest.raises(saasus.InvalidArgumentError, match="contains itself"):
        client.auth.tenant.create_tenant(name="Acme", attributes={"l": cyclic_list}, back_office_staff_email="ops@acme.example")
    deep: object = 1
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(saasus.InvalidArgumentError, match="nested deeper than 128 levels") as e:
        client.auth.tenant.create_tenant(name="Acme", attributes={"x": deep}, back_office_staff_email="ops@acme.example")
    assert e.value.type.startswith("attributes.x")
    # The same value, once, is fine: a cycle is a container inside itself, not one seen twice.
    shared = {"k": "v"}
    t = client.auth.tenant.create_tenant(name="Acme", attributes={"a": shared, "b": shared}, back_office_staff_email="ops@acme.example")
    assert t.name == "Acme"


@pytest.mark.parametrize("option, value", [
    ("timeout", 1e300), ("timeout", -1), ("timeout", math.nan), ("timeout", math.inf), ("timeout", "5"), ("timeout", True),
    ("timeout", 10**400), ("connect_timeout", 0), ("max_retries", -1), ("max_retries", 2**70), ("max_retries", 1.5),
    ("max_retries", "3"), ("max_retries", 11), ("max_response_bytes", 10), ("max_response_bytes", -5), ("base_url", 3),
    ("api_key", b"bytes"), ("secret_key", "\udcff"),
])
def test_every_setting_a_user_can_get_wrong_is_a_config_error_naming_it(emulator, option, value):
    with pytest.raises(saasus.ConfigError) as e:
        emulator.client(**{option: value})
    assert e.value.type == option, str(e.value)


def test_an_empty_setting_says_it_is_empty(emulator):
    with pytest.raises(saasus.ConfigError) as e:
        emulator.client(secret_key="")
    assert (e.value.type, str(e.value)) == ("secret_key", "invalid configuration: secret_key: is empty; an empty value was given")


def test_a_variable_that_is_not_utf8_is_named_not_taken_for_unset(emulator):
    import os
    import subprocess
    import sys
    env = {k.encode(): v.encode() for k, v in os.environ.items() if not k.startswith("SAASUS_")}
    env.update({b"SAASUS_API_KEY": b"k", b"SAASUS_SECRET_KEY": b"\xff\xfe", b"SAASUS_SAAS_ID": b"id"})
    code = "import saasus\ntry:\n    saasus.Client()\nexcept saasus.ConfigError as e:\n    print(e.type, '|', e)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "SAASUS_SECRET_KEY | invalid configuration: SAASUS_SECRET_KEY: is not valid UTF-8 text", out


def test_path_parameters_are_typed_and_stay_in_their_segment(client):
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.auth.tenant.get_tenant(None)  # type: ignore[arg-type]
    assert e.value.type == "tenant_id" and "not NoneType" in str(e.value)
    for bad in (3, 1.5, b"id", ["id"]):
        with pytest.raises(saasus.InvalidArgumentError):
            client.auth.tenant.get_tenant(bad)  # type: ignore[arg-type]
    # Env ids are unsigned integers in the spec: an int is taken there, and only an int 0 or more.
    env = client.auth.env.create_env(id=7, name="dev7", display_name="Dev 7")
    assert client.auth.env.get_env(7).name == "dev7"
    for wrong in (True, "7", 7.0):
        with pytest.raises(saasus.InvalidArgumentError) as e:
            client.auth.env.get_env(wrong)  # type: ignore[arg-type]
        assert e.value.type == "env_id" and "must be an int" in str(e.value)
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.auth.env.get_env(-7)
    assert e.value.type == "env_id" and "must be 0 or more" in str(e.value)
    del env
    # `..` would have turned DELETE /tenants/../users/{id} into DELETE /users/{id}.
    user = client.auth.saas_user.create_saas_user(email="u@example.com", password="Passw0rd-Emulator")
    for dots in ("..", "."):
        with pytest.raises(saasus.InvalidArgumentError) as e:
            client.auth.tenant_user.delete_tenant_user(dots, user.id)
        assert e.value.type == "tenant_id"
    assert client.auth.saas_user.get_saas_user(user.id).id == user.id


def test_the_renamed_role_id_is_refused_naming_role_name(client, emulator):
    """SaaSus API v1.13.8 renamed SearchTenantUsers' role_id to role_name: the old keyword, also
    through extra_query or the query model, is an error naming the new one, and nothing is sent."""
    rule = "was renamed role_name in SaaSus API v1.13.8 (it filters by a role's name); pass role_name instead"
    calls = [
        (lambda: client.auth.tenant_user.search_tenant_users(role_id="admin"), "role_id"),  # type: ignore[call-arg]
        (lambda: client.auth.tenant_user.search_tenant_users(extra_query={"role_id": "admin"}), "extra_query.role_id"),
        (lambda: saasus.SearchTenantUsersQuery(role_id="admin"), "role_id"),  # type: ignore[call-arg]
    ]
    for call, field in calls:
        with pytest.raises(saasus.InvalidArgumentError) as e:
            call()
        assert e.value.type == field and rule in str(e.value), str(e.value)
    assert emulator.requests() == [], "nothing was sent"
    assert client.auth.tenant_user.search_tenant_users(role_name="admin").users == []


def test_unknown_keyword_arguments_are_refused_and_extra_body_sends_newer_fields(client):
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.auth.tenant.create_tenant(nmae="Acme", attributes={}, back_office_staff_email="ops@acme.example")  # type: ignore[call-arg]
    assert e.value.type == "nmae" and "is not a field of CreateTenantParam" in str(e.value)
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.auth.tenant.get_tenants(limit=3)  # type: ignore[call-arg]
    assert e.value.type == "limit"
    with pytest.raises(saasus.InvalidArgumentError) as e:
        saasus.CreateTenantParam(name="Acme", attributes={}, back_office_staff_email="x", colour="red")  # type: ignore[call-arg]
    assert e.value.type == "colour"
    t = client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example",
                                         extra_body={"field_from_the_future": True})
    assert t.name == "Acme"
    # What the platform received (its API log keeps the body): the newer field beside the known ones.
    (created,) = [log for log in client.apilog.api_log.get_logs().api_logs
                  if (log.request_method, log.request_uri) == ("POST", "/v1/auth/tenants")]
    assert json.loads(created.request_body) == {"name": "Acme", "attributes": {}, "back_office_staff_email": "ops@acme.example",
                                                 "field_from_the_future": True}
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="x", extra_body={"name": "B"})
    assert e.value.type == "extra_body.name"


def test_wrong_types_in_context_and_login_helpers_are_argument_errors(client):
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.with_context(referer=3)  # type: ignore[arg-type]
    assert e.value.type == "referer"
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.exchange_temp_code(None)  # type: ignore[arg-type]
    assert e.value.type == "code"
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.authenticate(b"token")  # type: ignore[arg-type]
    assert e.value.type == "id_token"


def test_an_empty_trace_id_and_non_ascii_header_values_are_refused_naming_the_rule(client):
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.with_options(trace_id="")
    assert (e.value.type, "must not be empty" in str(e.value)) == ("trace_id", True), str(e.value)
    for kwargs, field in [(dict(trace_id="café"), "trace_id")]:
        with pytest.raises(saasus.InvalidArgumentError) as e:
            client.with_options(**kwargs)
        assert e.value.type == field and "non-ASCII" in str(e.value), str(e.value)
    with pytest.raises(saasus.InvalidArgumentError) as e:
        client.with_context(referer="https://app.example/café")
    assert e.value.type == "referer" and "printable ASCII" in str(e.value), str(e.value)
    client.with_context(x_saasus_referer="a b")  # spaces stay allowed, as HTTP allows them


def test_a_base_url_with_credentials_is_refused_and_never_printed(emulator):
    with pytest.raises(saasus.ConfigError) as e:
        emulator.client(base_url=emulator.base_url.replace("http://", "http://user:hunter2@"))
    assert e.value.type == "base_url" and "credentials" in str(e.value), str(e.value)
    assert "hunter2" not in str(e.value) and "hunter2" not in repr(e.value)


def test_ctrl_c_ends_a_blocking_call_at_once(emulator):
    client = emulator.client(timeout=60)
    arm(emulator, path="/v1/auth/tenants", stall_ms=20_000)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        client.auth.tenant.get_tenants()
    # The order of events, not a clock: the call ended before the emulator answered it (the
    # stalled answer is logged when it is given; without the fix the call waits out the stall).
    assert [r for r in emulator.requests() if r.path == "/v1/auth/tenants"] == [], "the call waited for the answer"
    # The client is still usable (the stall was for one request only).
    assert client.auth.tenant.get_tenants().tenants == []


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def _serve(handler: type) -> tuple[_Server, str]:
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


def test_a_huge_answer_fails_without_being_read_whole(emulator):
    total = 200 * 1024 * 1024
    sent = [0]

    class Huge(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            chunk = b" " * 65536
            try:
                while sent[0] < total:
                    self.wfile.write(chunk)
                    sent[0] += len(chunk)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server, base_url = _serve(Huge)
    try:
        client = emulator.client(base_url=base_url, max_retries=0)
        with pytest.raises(saasus.DecodeError, match=r"larger than max_response_bytes \(8388608 bytes\)"):
            client.auth.tenant.get_tenants()
        # The rest was never read: the server is held back by TCP, far from the end.
        time.sleep(0.5)
        assert sent[0] < total / 4, sent
    finally:
        server.shutdown()


def test_a_redirect_is_an_api_error_and_not_followed(emulator):
    reached = []

    class Elsewhere(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            reached.append(self.path)
            self.send_response(201)
            self.end_headers()

        def log_message(self, *args):
            pass

    target, target_url = _serve(Elsewhere)

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(307)
            self.send_header("location", f"{target_url}/auth/tenants")
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server, base_url = _serve(Redirect)
    try:
        client = emulator.client(base_url=base_url, max_retries=0)
        with pytest.raises(saasus.ApiError) as e:
            client.auth.tenant.create_tenant(name="Acme", attributes={}, back_office_staff_email="ops@acme.example")
        assert e.value.status == 307
        assert reached == [], "the signed POST went to the Location host"
    finally:
        server.shutdown()
        target.shutdown()


def test_the_emulator_refuses_a_value_outside_an_enum(client):
    with pytest.raises(saasus.BadRequestError) as e:
        client.auth.auth_info.update_sign_in_settings(mfa_configuration={"mfa_configuration": "__not_in_enum__"})
    assert "mfa_configuration" in str(e.value)
    assert json.loads(json.dumps(client.auth.auth_info.get_sign_in_settings().to_dict()))["mfa_configuration"]["mfa_configuration"] != "__not_in_enum__"



def test_a_web_page_cannot_drive_the_embedded_emulator(emulator):
    """saasus.testing's emulator listens on 127.0.0.1, where any page the developer visits can POST
    text/plain without a CORS preflight, or read through DNS rebinding (its own name in Host)."""
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def status(request: urllib.request.Request) -> tuple[int, dict]:
        try:
            with direct.open(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read())

    everything = b'{"path": "/v1/*", "status": 503, "count": 4294967295}'
    for content_type in ["text/plain", "application/x-www-form-urlencoded"]:
        request = urllib.request.Request(f"{emulator.origin}/_emulator/faults", data=everything, method="POST", headers={"Content-Type": content_type})
        code, body = status(request)
        assert (code, body["type"]) == (415, "unsupported_media_type") and "application/json" in body["message"], body
    assert emulator.faults() == []
    emulator.client().auth.env.get_envs()
    code, body = status(urllib.request.Request(f"{emulator.origin}/_emulator/requests", headers={"Host": "evil.example"}))
    assert (code, body["type"]) == (403, "forbidden") and "Host" in body["message"], body
    code, seen = status(urllib.request.Request(f"{emulator.origin}/_emulator/requests"))
    assert code == 200 and [r["path"] for r in seen] == ["/v1/auth/envs"], seen


def test_a_misspelt_setting_is_a_config_error_naming_it(emulator):
    # The settings are the core's one list of them (saasus::options): a name not on it is
    # refused, naming it and the ones there are, instead of being dropped.
    with pytest.raises(saasus.ConfigError) as e:
        emulator.client(timout=5)
    assert e.value.type == "timout" and "connect_timeout" in str(e.value)
    assert emulator.client(connect_timeout=0.5, max_retries=0).base_url == emulator.base_url


def test_an_unknown_union_case_built_by_hand_takes_a_str_and_a_dict():
    unit = saasus.pricing.UnknownPricingUnit("metered_v2", {"type": "metered_v2", "name": "x"})
    assert unit.to_dict() == {"type": "metered_v2", "name": "x"} and unit.kind == "metered_v2"
    with pytest.raises(TypeError, match="takes a str and a dict"):
        saasus.pricing.UnknownPricingUnit("x", None)  # type: ignore[arg-type]
