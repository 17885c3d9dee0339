"""Every operation of the nine specs along its success path, each answer held to the contract.

Generated data rarely names a tenant, feedback or API key that exists, so the fuzzing in
test_contract.py mostly meets refusals and seldom sees a success answer to validate. Here the
shared table of tests/fixtures/every_operation.json (every operation, in an order the emulator
answers with success; what the SDK suites of every language walk) is sent through schemathesis
on an emulator of its own: every answer must be a documented 2xx (or the step's error) that
keeps the contract (contract.keeps_the_contract).
"""

from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import ROOT, run_emulator
from contract import APIS, call_kwargs, keeps_the_contract, load_schema, spec_path

sys.path.insert(0, str(ROOT / "tools"))
from specgen import snake  # noqa: E402  the SDK's method names are the operationIds by this rule

TABLE = ROOT / "tests" / "fixtures" / "every_operation.json"

pytestmark = pytest.mark.skipif(
    not all(spec_path(api).exists() for api in APIS), reason="the contract test reads the specs from ../shared"
)


def operations(api) -> dict:
    """The API's operations by the SDK's method name."""
    ops = (result.ok() for result in load_schema(api).get_all_operations())
    return {snake(op.definition.raw["operationId"]): op for op in ops}


def resolve(value, saved):
    """`value` with each string `"$name"` in it, at any depth, replaced by what was saved as name."""
    return json.loads(re.sub(r'"\$(\w+)"', lambda m: json.dumps(saved[m[1]]), json.dumps(value)))


def dig(value, path):
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def wire_query(query: dict) -> dict:
    # A query's booleans go as the spec's JSON spells them, not as Python's `True`.
    return {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in query.items()}


def case_of(step, saved):
    operation = operations(step["api"])[step["op"]]
    names = re.findall(r"{([^}]+)}", operation.path)
    path = dict(zip(names, resolve(step.get("path", []), saved), strict=True))
    given = resolve(step.get("input"), saved)
    if given is None:
        return operation.Case(path_parameters=path)
    if operation.definition.raw.get("requestBody"):
        return operation.Case(path_parameters=path, body=given)
    return operation.Case(path_parameters=path, query=wire_query(given))


def test_the_table_covers_every_operation():
    steps = json.loads(TABLE.read_text(encoding="utf-8"))["steps"]
    walked = {(s["api"], s["op"]) for s in steps}
    for api in APIS:
        missing = set(operations(api)) - {op for a, op in walked if a == api}
        assert not missing, f"{api}: {TABLE.name} walks no step of {sorted(missing)}"


def test_every_operation_succeeds_within_the_contract():
    steps = json.loads(TABLE.read_text(encoding="utf-8"))["steps"]
    saved: dict = {}
    with run_emulator() as emulator:
        for step in steps:
            api, where = step["api"], f"{step['api']}.{step['op']}"
            case = case_of(step, saved)
            response = case.call(**call_kwargs(emulator, api))
            keeps_the_contract(case, response, api, case.operation.definition.raw["operationId"])
            if "error" in step:
                assert response.status_code == step["error"], f"{where}: {response.status_code} {response.text[:300]}"
                continue
            assert 200 <= response.status_code < 300, f"{where}: {response.status_code} {response.text[:300]}"
            for name, path in step.get("save", {}).items():
                saved[name] = dig(response.json(), path)
