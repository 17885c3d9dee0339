"""Models that travel: pickled (Celery, multiprocessing, Django's cache), hashed, and written
to and read from the API's JSON, all back to an equal model."""

from __future__ import annotations

import json
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


FIXED_UNIT = {"id": "u-1", "used": False, "unit_amount": 100, "recurring_interval": "month", "name": "seat",
              "display_name": "Seat", "description": "", "type": "fixed", "currency": "JPY"}


def test_a_value_written_by_a_newer_release_is_read_with_its_new_fields_ignored():
    """A cache entry or a queued message written by a newer release (fields this one does not
    know, at any depth) is read by an older one during a rolling deploy, as an API answer is."""
    info = {"name": "Acme", "invoice_language": "ja-JP", "field_of_a_newer_release": {"any": 1},
            "address": {"street": "1 Main St", "city": "Tokyo", "state": "Tokyo", "country": "JP", "postal_code": "100-0001",
                        "nested_field_of_a_newer_release": [1, 2]}}
    read = saasus.BillingInfo.from_dict(info)
    assert read.address.city == "Tokyo" and "field_of_a_newer_release" not in read.to_dict()
    assert saasus.BillingInfo.from_json(json.dumps(info)) == read
    envs = {"envs": [{"id": 1, "name": "dev", "newer": True}, {"id": 2, "name": "prod", "newer": None}], "newer": "x"}
    assert [e.name for e in saasus.Envs.from_dict(envs).envs] == ["dev", "prod"]
    units = {"units": [{**FIXED_UNIT, "newer": 1}, {"type": "metered_v2", "name": "newer kind"}]}
    read_units = saasus.pricing.PricingUnits.from_json(json.dumps(units))
    assert read_units.units[0].unit_amount == 100
    assert read_units.units[1] == saasus.pricing.UnknownPricingUnit("metered_v2", {"type": "metered_v2", "name": "newer kind"})
    assert pickle.loads(pickle.dumps(read)) == read and pickle.loads(pickle.dumps(read_units)) == read_units

    # Still checked: the types and the required fields, named by their path.
    with pytest.raises(saasus.InvalidArgumentError, match=r"address\.city"):
        saasus.BillingInfo.from_dict({**info, "address": {**info["address"], "city": 5}})
    with pytest.raises(saasus.InvalidArgumentError, match=r"envs\[0\]\.name"):
        saasus.Envs.from_json('{"envs": [{"id": 1, "newer": 2}]}')
    # The constructor still refuses a name it does not know: there it is a typo.
    with pytest.raises(saasus.InvalidArgumentError, match="field_of_a_newer_release"):
        saasus.BillingInfo(**info)
    with pytest.raises(saasus.InvalidArgumentError, match="nme"):
        saasus.Env(id=1, nme="dev")  # type: ignore[call-arg]
