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
