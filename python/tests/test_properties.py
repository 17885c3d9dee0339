"""Property tests (Hypothesis): arbitrary values given to every public entry point end in a
result or a `saasus` error — never a crash, a panic, or another exception. A fixed seed keeps
the test command repeatable; PROPTEST_CASES asks for a longer run."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import saasus
from saasus import _native

CASES = int(os.environ.get("PROPTEST_CASES", "40"))
SETTINGS = settings(max_examples=CASES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Anything a caller might pass: JSON-like values, and Python values JSON has no place for.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12), st.binary(max_size=8),
                    st.sampled_from([object(), 1j, float("nan"), {1, 2}, saasus.Client]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                       st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4)),
                      max_leaves=12)
names = st.one_of(st.sampled_from(["name", "attributes", "email", "password", "extra_body", "extra_query", "auth_flow", "code",
                                   "back_office_staff_email", "role_names", "env_id"]), st.text(min_size=1, max_size=10))
kwargs = st.dictionaries(names.filter(str.isidentifier), values, max_size=4)

OPERATIONS = _native.operations()


def settles(call):
    """The call's result, or None when it raised a saasus error; anything else fails the test."""
    try:
        return call()
    except saasus.SaasusError:
        return None


@settings(SETTINGS, max_examples=CASES * 10)
@given(data=st.data(), operation=st.sampled_from(OPERATIONS))
def test_every_operation_takes_any_arguments(emulator, data, operation):
    api, tag, _class, name, path_params, _kind, _doc = operation
    method = getattr(getattr(getattr(emulator.client(max_retries=0), api), tag), name)
    args = data.draw(st.lists(values, min_size=len(path_params), max_size=len(path_params)), label="path")
    kw = data.draw(kwargs, label="kwargs")
    emulator.clear_requests()
    try:
        method(*args, **kw)
    except saasus.InvalidArgumentError as e:
        # Refused before anything was sent, naming the field: a path parameter, a keyword given,
        # or one the operation requires.
        assert e.type and str(e).startswith(f"invalid argument {e.type}: "), str(e)
        roots = {field.replace("[", ".").split(".")[0] for field in e.type.split(", ")}
        assert roots <= {p for p, _ in path_params} | set(kw) or str(e).endswith(": is required"), (e.type, str(e))
        assert emulator.requests() == [], "a refused argument sends nothing"
    except saasus.ApiError as e:
        # Sent once (no retries asked for), and the platform's answer is the error raised.
        assert [r.status for r in emulator.requests()] == [e.status]
        assert 400 <= e.status < 500 or name == "return_internal_server_error", (e.status, e.type, e.message)
    except saasus.OutcomeUnknownError as e:
        assert name == "return_internal_server_error" and e.status == 500, (name, e)
    else:
        assert [r.status // 100 for r in emulator.requests()] == [2], "an accepted call is sent once and answered"


@SETTINGS
@given(options=st.dictionaries(st.sampled_from(["api_key", "secret_key", "saas_id", "base_url", "timeout", "connect_timeout",
                                                "max_retries", "max_response_bytes"]), values, max_size=4))
def test_the_constructor_takes_any_options(emulator, options):
    try:
        client = emulator.client(**options)
    except saasus.ConfigError as e:
        # The setting, or (None given: read from the environment) its variable.
        named = set(options) | {f"SAASUS_{k.upper()}" for k, v in options.items() if v is None}
        assert e.type in named, ("a refused setting is named", e.type, options)
        return
    assert isinstance(client, saasus.Client)
    given = options.get("base_url", emulator.base_url)
    if given is None:  # None: the environment's, else the platform's
        given = os.environ.get("SAASUS_BASE_URL", "https://api.saasus.io/v1")
    assert client.base_url == given, "the base URL kept as given"


@SETTINGS
@given(value=values, text=values)
def test_context_login_helpers_and_models_take_any_value(emulator, value, text):
    client = emulator.client(max_retries=0)
    settles(lambda: client.with_context(referer=value, trace_id=text))
    for helper in (client.exchange_temp_code, client.refresh, client.authenticate):
        settles(lambda: helper(value))
    param = settles(lambda: saasus.CreateTenantParam(name=value, attributes=text, back_office_staff_email="x"))
    if param is not None:  # accepted: the values read back, and through its dict
        assert param.name == value and param.to_dict()["name"] == value
        assert saasus.CreateTenantParam.from_dict(param.to_dict()).to_dict() == param.to_dict()
    token = settles(lambda: saasus.bearer_token(value))
    if token is not None:
        assert isinstance(value, str) and value.split()[0].lower() == "bearer" and value.split()[1] == token
    assert settles(lambda: saasus.has_role(value, text, "admin")) in (None, False)

