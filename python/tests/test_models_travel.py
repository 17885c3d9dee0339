"""Models that travel: pickled (Celery, multiprocessing, Django's cache), hashed, and written
to and read from the API's JSON, all back to an equal model."""

from __future__ import annotations

import pickle

import pytest

import saasus


def test_a_model_from_the_emulator_survives_pickle_json_and_dict(client):
    tenant = client.auth.tenant.create_tenant(name="Acme", attributes={"seats": 5, "tags": {"b": 1, "a": 2}},
                                              back_office_staff_email="ops@acme.example")
    for copy in (pickle.loads(pickle.dumps(tenant)), saasus.Tenant.from_json(tenant.to_json()),
                 saasus.Tenant.from_dict(tenant.to_dict())):
        assert copy == tenant and type(copy) is saasus.Tenant
        assert hash(copy) == hash(tenant)
    assert {tenant, pickle.loads(pickle.dumps(tenant))} == {tenant}
    envs = client.auth.env.get_envs()
    assert pickle.loads(pickle.dumps(envs, protocol=pickle.HIGHEST_PROTOCOL)) == envs


def test_equal_models_hash_alike_whatever_the_key_order():
    a = saasus.Tenant.from_json('{"id": "t", "name": "n", "attributes": {"x": 1, "y": [1, 2]}, "back_office_staff_email": "e",'
                                ' "plan_histories": []}')
    b = saasus.Tenant.from_json('{"plan_histories": [], "back_office_staff_email": "e", "attributes": {"y": [1, 2], "x": 1},'
                                ' "name": "n", "id": "t"}')
    assert a == b and hash(a) == hash(b)


def test_other_apis_models_travel_too_and_bad_input_names_the_field(client):
    plans = client.pricing.pricing_plans.get_pricing_plans()
    assert type(plans).__module__ == "saasus.pricing"
    assert pickle.loads(pickle.dumps(plans)) == plans and type(plans).from_json(plans.to_json()) == plans
    with pytest.raises(saasus.InvalidArgumentError, match="data"):
        saasus.Tenant.from_dict(["not", "a", "dict"])  # type: ignore[arg-type]
    with pytest.raises(saasus.InvalidArgumentError, match="not JSON"):
        saasus.Tenant.from_json("{")
    with pytest.raises(saasus.InvalidArgumentError, match="name"):
        saasus.Tenant.from_json('{"id": "t", "name": 5}')
