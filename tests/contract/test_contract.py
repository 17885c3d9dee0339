"""Every operation of the spec against the emulator, with data schemathesis generates from it.

Checks: no 5xx (the `error` tag's endpoint excepted, which must answer its documented 500),
responses valid against the documented schema and content type, and every status either
documented for the operation or a 4xx refusal in the API's error JSON (`{"type", "message"}`):
the spec documents few 4xx, and a refusal of a well-formed but meaningless request (an unknown
tenant id, an email that is not one) is the emulator telling the truth, not breaking the contract.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from conftest import SHARED, run_emulator
from sigv1 import SigV1Auth

SPEC = SHARED / "spec" / "saasus-auth-api.yml"
if not SPEC.exists():
    pytest.skip(f"no spec at {SPEC}: the contract test reads it from ../shared", allow_module_level=True)

schema = schemathesis.openapi.from_path(str(SPEC))
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "8"))


def documented_statuses(case) -> set[str]:
    return {str(k) for k in case.operation.definition.raw.get("responses", {})}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_operation_keeps_the_contract(case, emulator):
    op = case.operation.definition.raw.get("operationId")
    if op == "UpdateSaasId":
        # It replaces the SaaS ID every later request must carry: give it an emulator of its own.
        with run_emulator() as own:
            check(case, own, op)
    else:
        check(case, emulator, op)


def check(case, emulator, op):
    auth = SigV1Auth(emulator.api_key, emulator.secret_key, emulator.saas_id)
    response = case.call(base_url=emulator.base_url + "/auth", auth=auth, timeout=10)
    if case.method.upper() != case.operation.method.upper():
        # Schemathesis also probes methods the path does not have: a 405 in the error JSON.
        assert response.status_code == 405 and response.json()["type"] == "method_not_allowed", response.text[:300]
        return
    if op == "ReturnInternalServerError":
        assert response.status_code == 500
        assert response.json()["type"] == "internal_server_error"
        return
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
    status = str(response.status_code)
    if status not in documented_statuses(case):
        assert 400 <= response.status_code < 500, f"{op}: undocumented {status}: {response.text[:300]}"
        body = response.json()
        assert isinstance(body.get("type"), str) and isinstance(body.get("message"), str), f"{op}: {status} without the error JSON: {response.text[:300]}"
    if response.status_code == 401:
        refused_by = response.json().get("type")
        assert refused_by not in ("invalid_signature", "invalid_api_key", "invalid_authorization"), f"{op}: the signature was refused: {response.text[:300]}"
