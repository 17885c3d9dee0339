"""`Client` and `AsyncClient`: `client.<api>.<tag>.<operation>(*path_params, **fields)`.

The namespaces are built from the native operation tables, so every operation of the core is
here with no per-operation Python code. Auth's classes live here; every other API's in the
module of its name (`saasus.pricing.PricingUnitsApi`, `saasus.pricing.Api`)."""

from __future__ import annotations

import inspect
from typing import Any, AsyncIterator, Iterator, Optional, TypedDict

from . import _native
from ._errors import InvalidArgumentError
from ._meter import Meter

# (api, tag, tag's class name, method name, path parameters as (name, "str"|"int"|"uint"), input
# kind) for every operation.
_OPERATIONS = _native.operations()
# (api, tag, method name) of the operations that page by cursor: each gets a `<name>_iter`.
_PAGED = {(api, name) for api, _tag, name in _native.paged_operations()}


def _path_arg(operation: str, param: str, kind: str, value: Any) -> str:
    """A path parameter as the text sent: a `str`, or an `int` where the spec says integer (the
    env ids, metering's timestamp). Anything else (None, a float, a str for an integer) is
    refused before anything is sent, instead of being sent as its `str()` (`get_tenant(None)`
    would have asked for the tenant called "None"). The core refuses a negative unsigned one."""
    if kind == "str" and isinstance(value, str):
        return value
    if kind != "str" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    rule = f"must be {'a str' if kind == 'str' else 'an int'}, not {type(value).__name__}"
    raise InvalidArgumentError(f"invalid argument {param}: {rule} ({operation})", type=param, detail=f"{param}: {rule}")


def _method(api: str, name: str, path_params: list[tuple[str, str]], kind: str, doc: str, asynchronous: bool, with_response: bool):
    def call(self: "_Group", *args: Any, **kwargs: Any) -> Any:
        if len(args) != len(path_params):
            want = ", ".join(p for p, _ in path_params) or "none"
            raise TypeError(f"{name}() takes {len(path_params)} positional argument(s) ({want}), {len(args)} given")
        path = [_path_arg(name, p, t, a) for (p, t), a in zip(path_params, args)]
        native = self._native
        if asynchronous:
            return native.call_async(api, name, path, kwargs, with_response)
        return native.call(api, name, path, kwargs, with_response)

    call.__name__ = call.__qualname__ = name
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
    params += [inspect.Parameter(p, inspect.Parameter.POSITIONAL_ONLY) for p, _ in path_params]
    if kind != "none":
        params.append(inspect.Parameter("fields", inspect.Parameter.VAR_KEYWORD))
    call.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    answer = "a saasus.Response carrying its value" if with_response else "its value"
    # The spec's summary and description (the stubs add each argument's), for help() and pdoc.
    call.__doc__ = f"{doc}\n\n{'Awaitable' if asynchronous else 'Blocking'}: returns {answer}."
    return call


def _items(pages: Any) -> Iterator[Any]:
    """Every item of every page, fetching the next page when the last one's items are used up."""
    while True:
        page = pages.next_page()
        if page is None:
            return
        yield from page


async def _async_items(pages: Any) -> AsyncIterator[Any]:
    """`_items` for asyncio: each page is awaited."""
    while True:
        page = await pages.next_page_async()
        if page is None:
            return
        for item in page:
            yield item


def _iter_method(api: str, name: str, path_params: list[tuple[str, str]], asynchronous: bool):
    """`<name>_iter`: every item of a cursor-paged operation, page after page (the core's pager,
    core/src/pages.rs, decides the pages and refuses a repeated cursor). Its arguments are the
    operation's: `limit` is the page size, the filters go with every page, a `cursor` is where it
    starts. Arguments are checked here, before the first page is fetched."""
    iter_name = f"{name}_iter"

    def iterate(self: "_Group", *args: Any, **kwargs: Any) -> Any:
        if len(args) != len(path_params):
            want = ", ".join(p for p, _ in path_params) or "none"
            raise TypeError(f"{iter_name}() takes {len(path_params)} positional argument(s) ({want}), {len(args)} given")
        path = [_path_arg(iter_name, p, t, a) for (p, t), a in zip(path_params, args)]
        pages = self._native.pages(api, name, path, kwargs)
        return _async_items(pages) if asynchronous else _items(pages)

    iterate.__name__ = iterate.__qualname__ = iter_name
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
    params += [inspect.Parameter(p, inspect.Parameter.POSITIONAL_ONLY) for p, _ in path_params]
    params.append(inspect.Parameter("fields", inspect.Parameter.VAR_KEYWORD))
    iterate.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    kind = "an async iterator (`async for`)" if asynchronous else "an iterator"
    iterate.__doc__ = f"Every item of `{name}`, page after page, as {kind}; `limit` is the page size."
    return iterate


class _Group:
    """The operations of one spec tag."""

    _tag = ""

    def __init__(self, native: Any):
        self._native = native

    def __repr__(self) -> str:
        names = sorted(n for n in dir(type(self)) if not n.startswith("_"))
        return f"<saasus {self._tag} operations: {', '.join(names)}>"


class _Api:
    """One API, one attribute per spec tag."""

    _api = ""
    _groups: dict[str, type] = {}

    def __init__(self, native: Any):
        for tag, cls in self._groups.items():
            setattr(self, tag, cls(native))

    def __repr__(self) -> str:
        return f"<saasus {self._api} API: {', '.join(sorted(vars(self)))}>"


def _module_of(api: str) -> str:
    """Where an API's classes live: Auth's here, the others' in `saasus.<api>`."""
    return __name__ if api == "auth" else f"saasus.{api}"


def _api_classes(asynchronous: bool, with_response: bool) -> dict[str, type]:
    """Each API's class (what `client.<api>` is), its tags' classes made from the operations;
    with `with_response`, the classes of `client.with_response.<api>` (`TenantApiWithResponse`)."""
    prefix, suffix = ("Async" if asynchronous else ""), ("WithResponse" if with_response else "")
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for api, tag, group_class, name, path_params, kind, doc in _OPERATIONS:
        qualname = prefix + group_class + suffix
        ns = groups.setdefault(api, {}).setdefault(tag, {"_tag": tag, "__module__": _module_of(api), "__qualname__": qualname})
        ns[name] = _method(api, name, list(path_params), kind, doc, asynchronous, with_response)
        if (api, name) in _PAGED and not with_response:
            ns[f"{name}_iter"] = _iter_method(api, name, list(path_params), asynchronous)
    apis = {}
    for api, tags in groups.items():
        module = _module_of(api)
        tag_classes = {tag: type(ns["__qualname__"], (_Group,), ns) for tag, ns in tags.items()}
        name = prefix + ("Auth" if api == "auth" else "Api") + suffix
        doc = f"The {api} API{' of an AsyncClient: every operation returns an awaitable' if asynchronous else ''}, one attribute per spec tag."
        apis[api] = type(name, (_Api,), {"_api": api, "_groups": tag_classes, "__module__": module, "__qualname__": name, "__doc__": doc})
    return apis


_SYNC_APIS = _api_classes(False, False)
_ASYNC_APIS = _api_classes(True, False)
_SYNC_RESPONSE_APIS = _api_classes(False, True)
_ASYNC_RESPONSE_APIS = _api_classes(True, True)


def _classes_of(api: str) -> dict[str, type]:
    """The classes of one API by name (`Api`, `AsyncApi`, `PricingUnitsApi`,
    `PricingUnitsApiWithResponse`, …), for its module."""
    found: dict[str, type] = {}
    for apis in (_SYNC_APIS, _ASYNC_APIS, _SYNC_RESPONSE_APIS, _ASYNC_RESPONSE_APIS):
        cls = apis[api]
        found[cls.__name__] = cls
        found.update({group.__name__: group for group in cls._groups.values()})  # type: ignore[attr-defined]
    return found


class WithResponse:
    """`client.with_response`: the same APIs and operations, each returning a `saasus.Response`
    (value, status, trace_id, headers, attempts) instead of the value alone."""

    _apis = _SYNC_RESPONSE_APIS

    def __init__(self, native: Any):
        for api, cls in self._apis.items():
            setattr(self, api, cls(native))

    def __repr__(self) -> str:
        return f"<saasus {type(self).__name__}: {', '.join(self._apis)}>"


class AsyncWithResponse(WithResponse):
    """`async_client.with_response`: each operation returns an awaitable of a `saasus.Response`."""

    _apis = _ASYNC_RESPONSE_APIS


# Auth's classes by name (Auth, AsyncAuth, TenantApi, AsyncTenantApi, …), as the stubs declare them.
globals().update(_classes_of("auth"))


class _AppName(TypedDict):
    name: str


# TypedDict among the bases again: Python before 3.12 gives a TypedDict's subclass no __mro__ that
# names its base, and pdoc then cannot tell where `name` is declared.
class AppInfo(_AppName, TypedDict, total=False):
    """Your application, named after the SDK in every request's User-Agent (`saasus-python/0.1.0
    acme-billing/2.3.1 (https://acme.example)`), as Stripe's SDKs do: `name` is required."""

    version: str
    url: str


class Client:
    """A blocking client. Arguments not given come from SAASUS_API_KEY, SAASUS_SECRET_KEY,
    SAASUS_SAAS_ID and SAASUS_BASE_URL; timeouts are in seconds."""

    _apis = _SYNC_APIS
    _with_response = WithResponse
    _asynchronous = False

    def __init__(self, api_key: Optional[str] = None, secret_key: Optional[str] = None, saas_id: Optional[str] = None,
                 base_url: Optional[str] = None, *, _native_client: Any = None, **options: Any):
        # The other settings (timeout, connect_timeout, max_retries, max_retry_delay, app_info,
        # max_response_bytes) are the core's list of them, which the stubs spell out; the native side names an unknown one.
        self._native = _native_client or _native.NativeClient(api_key=api_key, secret_key=secret_key, saas_id=saas_id,
                                                              base_url=base_url, **options)
        # client.auth, client.pricing, …: one attribute per API, in the platform's order.
        for api, cls in self._apis.items():
            setattr(self, api, cls(self._native))
        self.with_response = self._with_response(self._native)

    @property
    def base_url(self) -> str:
        return self._native.base_url

    def exchange_temp_code(self, code: str) -> Any:
        """The user's tokens (`Credentials`) for the `code` your callback URL received from the
        hosted login page."""
        return self._native.login("exchange_temp_code", "code", code, self._asynchronous)

    def refresh(self, refresh_token: str) -> Any:
        """New ID and access tokens (`Credentials`) for a refresh token."""
        return self._native.login("refresh", "refresh_token", refresh_token, self._asynchronous)

    def authenticate(self, id_token: str) -> Any:
        """Who an ID token belongs to (`UserInfo`, with tenants, envs and roles); a token the
        platform does not accept raises `UnauthorizedError`."""
        return self._native.login("authenticate", "id_token", id_token, self._asynchronous)

    def with_context(self, *, referer: Optional[str] = None, x_saasus_referer: Optional[str] = None,
                     trace_id: Optional[str] = None):
        """A client that forwards these headers with every request, sharing this one's connections."""
        return type(self)(_native_client=self._native.with_context(referer, x_saasus_referer, trace_id))

    def with_options(self, *, timeout: Optional[float] = None, max_retries: Optional[int] = None,
                     trace_id: Optional[str] = None):
        """A client whose calls take these settings over this one's (timeout in seconds per
        attempt; trace_id sent as X-SaaSus-Trace-Id), sharing this one's connections:
        `client.with_options(timeout=2, max_retries=0).auth.env.get_envs()`."""
        return type(self)(_native_client=self._native.with_options(timeout, max_retries, trace_id))

    def meter(self, *, flush_interval: Optional[float] = None, flush_at: Optional[int] = None,
              max_pending: Optional[int] = None, bucket: Optional[int] = None,
              concurrency: Optional[int] = None) -> Meter:
        """A `saasus.Meter` sending through this client: `meter.add(tenant_id, "api_calls")`."""
        return Meter(self, flush_interval=flush_interval, flush_at=flush_at, max_pending=max_pending, bucket=bucket,
                     concurrency=concurrency)

    def close(self) -> None:
        """Nothing to release: every client of the process shares one connection pool, which
        lives as long as the process. Here so that `with saasus.Client() as client:` reads as
        with other clients."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class AsyncClient(Client):
    """An asyncio client: every operation returns an awaitable; many may be in flight at once."""

    _apis = _ASYNC_APIS
    _with_response = AsyncWithResponse
    _asynchronous = True

    async def aclose(self) -> None:
        """See `Client.close`: nothing to release."""

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.aclose()
