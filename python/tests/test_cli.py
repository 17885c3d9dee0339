"""The `saasus` console script the wheel installs (the command line inside the native module)
against the emulator: a tenant created, read and deleted; its JSON piped into a JSON tool; an
error's exit code and JSON on stderr; logs tail; trigger; completions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

SAASUS = shutil.which("saasus", path=os.path.dirname(sys.executable))


@pytest.fixture()
def run(emulator):
    assert SAASUS is not None, "the wheel installs a `saasus` console script beside this Python"
    env = {**os.environ, "SAASUS_API_KEY": emulator.api_key, "SAASUS_SECRET_KEY": emulator.secret_key,
           "SAASUS_SAAS_ID": emulator.saas_id, "SAASUS_BASE_URL": emulator.base_url}

    def saasus(*args: str, **kw):
        return subprocess.run([SAASUS, *args], env=env, capture_output=True, text=True, timeout=60, **kw)

    saasus.env = env
    return saasus


def test_a_tenant_is_created_read_and_deleted(run):
    created = run("auth", "tenant", "create-tenant", "--name", "Acme", "--attributes", "{}",
                  "--back-office-staff-email", "ops@acme.example")
    assert created.returncode == 0, created.stderr
    tenant = json.loads(created.stdout)
    got = json.loads(run("auth", "tenant", "get-tenant", "--tenant-id", tenant["id"]).stdout)
    assert got["name"] == "Acme"
    gone = run("auth", "tenant", "delete-tenant", "--tenant-id", tenant["id"])
    assert (gone.returncode, gone.stdout) == (0, "")


def test_the_answer_pipes_into_a_json_tool(run):
    run("auth", "tenant", "create-tenant", "--name", "Piped", "--attributes", "{}", "--back-office-staff-email", "p@x.example")
    piped = subprocess.run(f"'{SAASUS}' auth tenant get-tenants | '{sys.executable}' -m json.tool --sort-keys",
                           shell=True, env=run.env, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["tenants"][0]["name"] == "Piped"


def test_an_error_is_json_on_stderr_with_its_exit_code(run):
    missing = run("auth", "tenant", "get-tenant", "--tenant-id", "nope")
    assert missing.returncode == 5
    error = json.loads(missing.stderr)["error"]
    assert (error["kind"], error["status"], error["type"]) == ("api", 404, "not_found")
    assert run("auth", "tenant", "no-such-operation").returncode == 2


def test_logs_tail_prints_a_line_per_request(run):
    run("auth", "tenant", "get-tenant", "--tenant-id", "nope")
    tail = run("logs", "tail", "--status", "4xx")
    assert tail.returncode == 0, tail.stderr
    (line,) = tail.stdout.splitlines()
    assert "404 GET" in line and "get_tenant" in line


def test_a_trigger_performs_its_operation_after_what_it_needs(run):
    triggered = run("trigger", "update_metering_unit_timestamp_count_now")
    assert triggered.returncode == 0, triggered.stderr
    results = json.loads(triggered.stdout)["results"]
    assert set(results) == {"unit", "tenant", "counted"}
    assert results["counted"]["count"] == 1
    assert "update_metering_unit_timestamp_count_now" in run("logs", "tail", "--limit", "1").stdout


def test_completions_are_generated(run):
    bash = run("completion", "bash")
    assert bash.returncode == 0 and "get-tenants" in bash.stdout


def test_fixtures_seed_three_linked_objects(run, tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"fixtures": [
        {"name": "tenant", "operation": "auth tenant create-tenant",
         "params": {"name": "Acme", "attributes": {}, "back_office_staff_email": "ops@acme.example"}},
        {"name": "user", "operation": "auth saas-user create-saas-user", "params": {"email": "ann@acme.example", "password": "Passw0rd-Emulator"}},
        {"name": "member", "operation": "auth tenant-user create-tenant-user",
         "params": {"tenant_id": "${tenant:id}", "email": "${user:email}", "attributes": {}}},
    ]}))
    seeded = run("fixtures", str(seed))
    assert seeded.returncode == 0, seeded.stderr
    results = json.loads(seeded.stdout)
    users = json.loads(run("auth", "tenant-user", "get-tenant-users", "--tenant-id", results["tenant"]["id"]).stdout)
    assert [u["email"] for u in users["users"]] == ["ann@acme.example"]


def test_the_emulator_exports_its_state_on_exit_and_imports_it(tmp_path):
    state = tmp_path / "state.json"

    def start(*extra: str):
        proc = subprocess.Popen([SAASUS, "emulator", "--quiet", *extra], stdout=subprocess.PIPE, text=True)
        env = dict(proc.stdout.readline().strip().split("=", 1) for _ in range(4))
        return proc, {**os.environ, **env}

    first, env = start("--export-on-exit", str(state))
    made = subprocess.run([SAASUS, "auth", "tenant", "create-tenant", "--name", "Seeded", "--attributes", "{}",
                           "--back-office-staff-email", "s@x.example"], env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    first.terminate()
    assert first.wait(timeout=30) == 0
    second, env2 = start("--import", str(state))
    try:
        listed = subprocess.run([SAASUS, "auth", "tenant", "get-tenants"], env=env2, capture_output=True, text=True, timeout=60)
        assert [t["name"] for t in json.loads(listed.stdout)["tenants"]] == ["Seeded"]
    finally:
        second.terminate()
        second.wait(timeout=30)
