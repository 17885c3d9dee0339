"""What the contract tests share: the nine specs as schemathesis loads them, how a request to the
emulator is made, and the check every answer must pass."""

from __future__ import annotations

import copy
import functools

import schemathesis
import yaml
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from conftest import SHARED
from sigv1 import SigV1Auth

APIS = ("auth", "pricing", "billing", "apilog", "communication", "integration", "awsmarketplace", "apigateway", "analysis")

REFUSED_SIGNATURE = ("invalid_signature", "invalid_api_key", "invalid_authorization")


def spec_path(api):
    return SHARED / "spec" / f"saasus-{api}-api.yml"


@functools.cache
def load_schema(api):
    raw = yaml.safe_load(spec_path(api).read_text(encoding="utf-8"))
    return schemathesis.openapi.from_dict(pin_discriminators(raw))


def pin_discriminators(spec: dict) -> dict:
    """Each `oneOf` with a discriminator, its branches pinned to the value that names them.

    Pricing's `PricingUnit` and `PricingUnitForSave` are a `oneOf` over four unit kinds whose
    schemas overlap (tiered and tiered-usage units have the same fields, a usage unit has every
    field a fixed one has, and none forbids extra fields), so a correct answer matches several
    branches and plain `oneOf` fails it. The discriminator says which branch a value is: the one
    its `type` maps to. Requiring the mapped value in each branch makes the branches disjoint, so
    `oneOf` then validates each answer against exactly the variant its discriminator names, and
    nothing else is loosened.
    """
    spec = copy.deepcopy(spec)
    for schema in spec.get("components", {}).get("schemas", {}).values():
        disc = schema.get("discriminator") if isinstance(schema, dict) else None
        if not disc or "oneOf" not in schema:
            continue
        prop, ref_to_value = disc["propertyName"], {ref: value for value, ref in disc["mapping"].items()}
        branches = []
        for branch in schema["oneOf"]:
            value = ref_to_value[branch["$ref"]]  # a branch the mapping does not name is a spec error
            pin = {"type": "object", "properties": {prop: {"type": "string", "enum": [value]}}, "required": [prop]}
            branches.append({"allOf": [branch, pin]})
        schema["oneOf"] = branches
    return spec


def documented_statuses(case) -> set[str]:
    return {str(k) for k in case.operation.definition.raw.get("responses", {})}


def call_kwargs(emulator, api) -> dict:
    auth = SigV1Auth(emulator.api_key, emulator.secret_key, emulator.saas_id)
    return {"base_url": f"{emulator.base_url}/{api}", "auth": auth, "timeout": 10}


def keeps_the_contract(case, response, api, op):
    if case.method.upper() != case.operation.method.upper():
        # Schemathesis also probes methods the path does not have: a 405 in the error JSON.
        assert response.status_code == 405 and response.json()["type"] == "method_not_allowed", response.text[:300]
        return
    if op == "ReturnInternalServerError":
        assert response.status_code == 500, f"{api} {op}: {response.status_code} {response.text[:300]}"
        assert response.json()["type"] == "internal_server_error"
        return
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
    status = str(response.status_code)
    if status not in documented_statuses(case):
        assert 400 <= response.status_code < 500, f"{api} {op}: undocumented {status}: {response.text[:300]}"
        body = response.json()
        assert isinstance(body.get("type"), str) and isinstance(body.get("message"), str), f"{api} {op}: {status} without the error JSON: {response.text[:300]}"
    if response.status_code == 401:
        assert response.json().get("type") not in REFUSED_SIGNATURE, f"{api} {op}: the signature was refused: {response.text[:300]}"
