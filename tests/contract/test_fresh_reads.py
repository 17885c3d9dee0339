"""A fresh emulator answers every read whose spec has no 404 with a documented 2xx.

A user's code written against the spec (or the official SDKs) handles the answers the spec lists;
a settings read such as GetDraftApiGatewaySettings or GetEventBridgeSettings that answered 404
before anything was saved met it with an error the platform never gives. Every GET of the nine
specs that takes no path parameter and no required query parameter, and whose spec documents no
404, is sent to a fresh emulator: each answer must be 200 and keep the contract (its schema).
Reads of one item by id (GetPricingPlan, GetApiKey, …) are left out: there is no default value
for an item that does not exist, and the emulator answers its 404 in the error JSON.
"""

from __future__ import annotations

import functools

import pytest
import yaml

from conftest import run_emulator
from contract import APIS, call_kwargs, keeps_the_contract, load_schema, spec_path

pytestmark = pytest.mark.skipif(
    not all(spec_path(api).exists() for api in APIS), reason="the contract test reads the specs from ../shared"
)


@functools.cache
def shared_parameters(api) -> dict:
    return yaml.safe_load(spec_path(api).read_text(encoding="utf-8"))["components"].get("parameters", {})


def required(api, param: dict) -> bool:
    if "$ref" in param:
        param = shared_parameters(api)[param["$ref"].rsplit("/", 1)[1]]
    return bool(param.get("required"))


def fresh_reads():
    """(api, operation) of every read that needs nothing but the API to answer, and has no 404."""
    for api in APIS:
        for result in load_schema(api).get_all_operations():
            op = result.ok()
            raw = op.definition.raw
            if op.method.upper() != "GET" or "{" in op.path or raw["operationId"] == "ReturnInternalServerError":
                continue
            if "404" in {str(code) for code in raw.get("responses", {})}:
                continue
            if any(required(api, p) for p in raw.get("parameters", [])):
                continue
            yield api, op


def test_every_read_without_a_404_answers_200_on_a_fresh_emulator():
    reads = list(fresh_reads())
    names = {op.definition.raw["operationId"] for _, op in reads}
    # The two that answered 404 before, and the counts new at v1.13.8, are among them.
    assert {"GetDraftApiGatewaySettings", "GetEventBridgeSettings", "GetSaasUsersCount", "GetAllTenantUsersCount"} <= names
    failures = []
    with run_emulator() as emulator:
        for api, op in reads:
            case = op.Case()
            response = case.call(**call_kwargs(emulator, api))
            where = f"{api} {op.definition.raw['operationId']}"
            if response.status_code != 200:
                failures.append(f"{where}: {response.status_code} {response.text[:200]}")
                continue
            keeps_the_contract(case, response, api, op.definition.raw["operationId"])
    assert not failures, "\n".join(failures)
