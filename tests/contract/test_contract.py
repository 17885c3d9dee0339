"""Every operation of the nine specs against the emulator, with data schemathesis generates from them.

Checks (contract.keeps_the_contract): no 5xx (each API's `ReturnInternalServerError` excepted,
which must answer its documented 500), responses valid against the documented schema and content
type, and every status either documented for the operation or a 4xx refusal in the API's error
JSON (`{"type", "message"}`): the specs document few 4xx, and a refusal of a well-formed but
meaningless request (an unknown tenant id, an email that is not one) is the emulator telling the
truth, not breaking the contract. Generated data rarely names something that exists, so most
answers here are refusals; test_success_paths.py walks each operation's success instead.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from conftest import run_emulator
from contract import APIS, call_kwargs, keeps_the_contract, load_schema, spec_path

# Examples per operation. Auth and Pricing have most operations; the small APIs get more
# examples each for about the same time. CONTRACT_EXAMPLES overrides them all.
EXAMPLES = {"auth": 8, "pricing": 8}
DEFAULT_EXAMPLES = 12

# Operations that change what every other operation of their emulator sees: each call gets an
# emulator of its own. UpdateSaasId replaces the SaaS ID every later request must carry; the
# pricing reset empties the units, menus, plans and meters the other operations build on.
OWN_EMULATOR = {
    ("auth", "UpdateSaasId"),
    ("pricing", "DeleteAllPlansAndMenusAndUnitsAndMetersAndTaxRates"),
}


def contract_test(api):
    if not spec_path(api).exists():
        @pytest.mark.skip(reason=f"no spec at {spec_path(api)}: the contract test reads it from ../shared")
        def missing():
            pass
        return missing
    examples = int(os.environ.get("CONTRACT_EXAMPLES", EXAMPLES.get(api, DEFAULT_EXAMPLES)))

    @load_schema(api).parametrize()
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def test(case, emulator):
        op = case.operation.definition.raw.get("operationId")
        if (api, op) in OWN_EMULATOR:
            with run_emulator() as own:
                keeps_the_contract(case, case.call(**call_kwargs(own, api)), api, op)
        else:
            keeps_the_contract(case, case.call(**call_kwargs(emulator, api)), api, op)

    return test


for _api in APIS:
    globals()[f"test_{_api}_keeps_the_contract"] = contract_test(_api)
