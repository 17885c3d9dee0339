"""The SDK's models as pydantic v2 types: in a pydantic model, round trips through JSON,
validation errors naming the field, their JSON Schema, and FastAPI's response_model."""

from __future__ import annotations

import pickle

import pytest

import saasus


from pydantic import BaseModel  # noqa: E402


class Page(BaseModel):
    envs: saasus.Envs
    user: saasus.UserInfo | None = None


def test_an_sdk_model_is_a_field_of_a_pydantic_model(client):
    from pydantic import ValidationError

    envs = client.auth.env.get_envs()
    page = Page(envs=envs)
    assert page.envs is envs
    assert page.model_dump() == {"envs": envs.to_dict(), "user": None}
    again = Page.model_validate_json(page.model_dump_json())
    assert again.envs == envs and isinstance(again.envs, saasus.Envs)
    assert Page(envs=envs.to_dict()).envs == envs, "from a dict of the JSON fields"
    assert pickle.loads(pickle.dumps(page)) == page

    with pytest.raises(ValidationError) as e:
        Page(envs={"envs": [{"id": "one"}]})
    assert e.value.errors()[0]["loc"] == ("envs",)
    with pytest.raises(ValidationError):
        Page(envs=3)


def test_json_schema_and_fastapi_response_model(client):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from pydantic import TypeAdapter

    schema = TypeAdapter(saasus.Envs).json_schema()
    assert schema["title"] == "Envs" and schema["required"] == ["envs"]
    env = schema["properties"]["envs"]["items"]
    assert env["title"] == "Env" and env["properties"]["id"]["type"] == "integer"

    envs = client.auth.env.get_envs()
    app = FastAPI()

    @app.get("/envs", response_model=saasus.Envs)
    def get_envs() -> saasus.Envs:
        return envs

    web = TestClient(app)
    assert web.get("/envs").json() == envs.to_dict()
    documented = web.get("/openapi.json").json()
    assert "Envs" in str(documented["paths"]["/envs"]["get"]["responses"]["200"]) or "Envs" in str(documented.get("components", {}))


FIXED = {"id": "u-1", "used": False, "unit_amount": 100, "recurring_interval": "month", "name": "seat",
         "display_name": "Seat", "description": "", "type": "fixed", "currency": "JPY"}
USAGE = {"id": "u-2", "metering_unit_id": "m-1", "recurring_interval": "month", "used": True, "upper_count": 0,
         "unit_amount": 3, "metering_unit_name": "calls", "name": "calls", "display_name": "Calls", "description": "",
         "type": "usage", "currency": "USD", "aggregate_usage": "sum"}
NEWER = {"type": "metered_v2", "name": "a kind newer than this SDK"}


def test_a_union_is_a_field_of_a_pydantic_model_told_apart_by_its_discriminator():
    from pydantic import BaseModel, TypeAdapter, ValidationError

    from saasus.pricing import PricingFixedUnit, PricingUnit, PricingUnitForSave, PricingUsageUnit, UnknownPricingUnit

    class Catalog(BaseModel):
        main: PricingUnit
        others: list[PricingUnit] = []

    catalog = Catalog(main=FIXED, others=[USAGE, NEWER, PricingFixedUnit.from_dict(FIXED)])
    assert type(catalog.main) is PricingFixedUnit and catalog.main.unit_amount == 100
    assert [type(u) for u in catalog.others] == [PricingUsageUnit, UnknownPricingUnit, PricingFixedUnit]
    assert catalog.others[1] == UnknownPricingUnit("metered_v2", NEWER)
    assert catalog.model_dump() == {"main": FIXED, "others": [USAGE, NEWER, FIXED]}, "the API's JSON"
    assert Catalog.model_validate_json(catalog.model_dump_json()) == catalog

    with pytest.raises(ValidationError) as e:
        Catalog(main={**FIXED, "unit_amount": "many"})
    assert e.value.errors()[0]["loc"] == ("main",) and "unit_amount" in str(e.value)
    with pytest.raises(ValidationError, match="type"):
        Catalog(main={"name": "no kind"})
    with pytest.raises(ValidationError):
        Catalog(main=3)

    schema = TypeAdapter(PricingUnit).json_schema()
    assert schema["title"] == "PricingUnit" and schema["discriminator"] == {"propertyName": "type"}
    titles = [s["title"] for s in schema["oneOf"]]
    assert titles == ["PricingTieredUsageUnit", "PricingTieredUnit", "PricingUsageUnit", "PricingFixedUnit", "UnknownPricingUnit"]
    assert schema["oneOf"][-1]["properties"]["type"]["not"]["enum"] == ["tiered_usage", "tiered", "usage", "fixed"]
    assert "main" in Catalog.model_json_schema()["properties"]
    for_save = TypeAdapter(PricingUnitForSave)
    assert for_save.validate_python({k: v for k, v in FIXED.items() if k not in ("id", "used")}).type == "fixed"
    assert for_save.json_schema()["title"] == "PricingUnitForSave"


def test_a_union_is_a_fastapi_response_model():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from saasus.pricing import PricingFixedUnit, PricingUnit, UnknownPricingUnit

    app = FastAPI()

    @app.get("/unit", response_model=PricingUnit)
    def unit() -> PricingUnit:
        return PricingFixedUnit.from_dict(FIXED)

    @app.get("/units", response_model=list[PricingUnit])
    def units() -> list[PricingUnit]:
        return [PricingFixedUnit.from_dict(FIXED), UnknownPricingUnit("metered_v2", NEWER)]

    @app.get("/as-dicts", response_model=list[PricingUnit])
    def as_dicts() -> list[dict]:
        return [USAGE, NEWER]

    web = TestClient(app)
    assert web.get("/unit").json() == FIXED
    assert web.get("/units").json() == [FIXED, NEWER]
    assert web.get("/as-dicts").json() == [USAGE, NEWER]
    documented = web.get("/openapi.json").json()
    assert "PricingUnit" in str(documented)
