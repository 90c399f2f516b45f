"""Drives the simulated Graph (fake_graph) with Microsoft's own Python SDKs.

Run by compat/run.sh, which installs the pinned SDKs and starts the fakes:

    python ms_sdk_check.py --url http://127.0.0.1:PORT --throttled-url http://127.0.0.1:PORT2 \
        --fraction-url http://127.0.0.1:PORT3 --seed compat/seed.json \
        --ours target/debug/examples/compat_calls

`--url` serves the seed's tenant (started with `--journal-endpoint` for the checks that
compare msgraph-typed's requests, made by `--ours`, with the SDK's); `--throttled-url` serves the same tenant started with
`--throttle-every 2 --retry-after 1` (every second call gets 429), `--fraction-url` one
started with `--throttle-every 2 --retry-after 1.5`. Every check uses the
SDK as an application would: a GraphServiceClient over the SDK's default middleware
(retry, redirect, URL replace, user agent, headers inspection, telemetry), unmodified;
only the base URL and the token provider are ours. Each check prints PASS or FAIL with a
reason; the last line is `N passed, N failed`; the exit status is 1 when any failed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import re
import sys
import time
import traceback
import uuid
from typing import Any, Awaitable, Callable, Optional

import httpx
from kiota_abstractions.api_error import APIError
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.middleware.options import HeadersInspectionHandlerOption
from msgraph_core import GraphClientFactory

import msgraph
import msgraph.graph_request_adapter
import msgraph_beta
from msgraph.generated.users.item.change_password.change_password_post_request_body import (
    ChangePasswordPostRequestBody,
)
from msgraph_beta.generated.models.password_validation_information import (
    PasswordValidationInformation,
)
from msgraph_beta.generated.models.validation_result import ValidationResult
from msgraph_beta.generated.users.validate_password.validate_password_post_request_body import (
    ValidatePasswordPostRequestBody,
)

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
WEAK = "1234567890"
STRONG = "Str0ng-Passw0rd!xyz"
NEW_PASSWORD = "New-Passw0rd!42"
OTHER_PASSWORD = "Other-Passw0rd!43"


class CheckFailed(Exception):
    """A check saw something Graph would not do."""


def expect(condition: bool, reason: str) -> None:
    if not condition:
        raise CheckFailed(reason)


class StaticTokenProvider(AccessTokenProvider):
    """Hands the SDK one bearer token, for the hosts given (Kiota sends no token to a host
    its validator refuses)."""

    def __init__(self, token: str, hosts: list[str]) -> None:
        self._token = token
        self._hosts = AllowedHostsValidator(hosts)

    async def get_authorization_token(
        self, uri: str, additional_authentication_context: dict[str, Any] = {}
    ) -> str:
        return self._token if self._hosts.is_url_host_valid(uri) else ""

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return self._hosts


class StaticCredential:
    """An azure-identity TokenCredential that returns one token (no Entra sign-in)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any):
        from azure.core.credentials import AccessToken

        return AccessToken(self._token, int(time.time()) + 3600)

    def get_token_info(self, *scopes: str, options: Any = None):
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo(self._token, int(time.time()) + 3600)


class Wire(httpx.AsyncBaseTransport):
    """The bottom of the HTTP stack, under every SDK middleware: records each request as
    it leaves and the status and headers that came back. With `graph_to`, a request meant for
    graph.microsoft.com goes to that fake instead, so the middleware sees Graph's URL."""

    def __init__(self, graph_to: Optional[str] = None, forwarded_https: bool = False) -> None:
        self._fake = httpx.URL(graph_to) if graph_to else None
        # As a TLS-terminating proxy in front of the fake would: the fake's links then
        # name https://graph.microsoft.com, which the SDK follows as Graph's own.
        self._forwarded_https = forwarded_https
        self._inner = httpx.AsyncHTTPTransport()
        self.sent: list[httpx.Headers] = []
        self.statuses: list[int] = []
        self.received: list[httpx.Headers] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.headers.copy())
        if self._fake is not None:
            expect(request.url.host == "graph.microsoft.com", f"unexpected host {request.url}")
            request.url = request.url.copy_with(
                scheme=self._fake.scheme, host=self._fake.host, port=self._fake.port
            )
            if self._forwarded_https:
                request.headers["X-Forwarded-Proto"] = "https"
        response = await self._inner.handle_async_request(request)
        self.statuses.append(response.status_code)
        self.received.append(response.headers.copy())
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def v1_client(url: str, token: str) -> msgraph.GraphServiceClient:
    auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(token, ["127.0.0.1"]))
    adapter = msgraph.GraphRequestAdapter(auth)
    adapter.base_url = f"{url}/v1.0"
    return msgraph.GraphServiceClient(request_adapter=adapter)


def beta_client(url: str, token: str) -> msgraph_beta.GraphServiceClient:
    auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(token, ["127.0.0.1"]))
    adapter = msgraph_beta.GraphRequestAdapter(auth)
    adapter.base_url = f"{url}/beta"
    return msgraph_beta.GraphServiceClient(request_adapter=adapter)


def inspecting(client_request_id: Optional[str] = None):
    """A request configuration that records the request and response headers through the
    SDK's HeadersInspectionHandler, optionally sending our own client-request-id."""
    option = HeadersInspectionHandlerOption(
        inspect_request_headers=True, inspect_response_headers=True
    )
    config = RequestConfiguration(options=[option])
    if client_request_id is not None:
        config.headers.add("client-request-id", client_request_id)
    return config, option


def one(headers, name: str) -> Optional[str]:
    """The single value of a header in a Kiota HeadersCollection, or None."""
    values = headers.get(name)
    if not values:
        return None
    return ", ".join(sorted(values))


def graph_error(e: BaseException, status: int, code: str) -> APIError:
    """Checks that `e` is the SDK's APIError (its ODataError) with Graph's error shape."""
    expect(isinstance(e, APIError), f"expected APIError, got {type(e).__name__}: {e}")
    assert isinstance(e, APIError)
    expect(
        e.response_status_code == status,
        f"status {e.response_status_code}, expected {status}",
    )
    main = getattr(e, "error", None)
    expect(main is not None, f"{type(e).__name__} has no parsed error body: {e}")
    expect(main.code == code, f"error.code {main.code!r}, expected {code!r}")
    expect(bool(main.message), "error.message is empty")
    inner = main.inner_error
    expect(inner is not None, "error.innerError was not parsed")
    headers = {k.lower(): v for k, v in (e.response_headers or {}).items()}
    expect(
        inner.request_id == headers.get("request-id"),
        f"innerError.request-id {inner.request_id!r} != header {headers.get('request-id')!r}",
    )
    expect(
        isinstance(inner.date, datetime.datetime),
        f"innerError.date not parsed as a datetime: {inner.date!r}",
    )
    expect(
        UUID_RE.match(inner.client_request_id or "") is not None,
        f"innerError.client-request-id {inner.client_request_id!r} is not a GUID",
    )
    return e


async def raises(call: Awaitable[Any]) -> BaseException:
    try:
        result = await call
    except Exception as e:  # the SDK's error is what we want to look at
        return e
    raise CheckFailed(f"the call succeeded ({result!r}); an error was expected")


class Checks:
    def __init__(
        self,
        url: str,
        throttled_url: Optional[str],
        seed: dict,
        ours: Optional[str] = None,
        timeout: float = 20.0,
        fraction_url: Optional[str] = None,
    ) -> None:
        self.url = url
        self.throttled_url = throttled_url
        self.fraction_url = fraction_url
        self.ours = ours
        self.timeout = timeout
        users = {u["userPrincipalName"]: u for u in seed["users"]}
        self.admin = users["admin@contoso.com"]
        self.alice = users["alice@contoso.com"]
        self.groups = {g["displayName"]: g["id"] for g in seed.get("groups", [])}

    # validatePassword (beta)

    async def validate_weak_password_as_admin(self) -> str:
        client = beta_client(self.url, self.admin["token"])
        info = await client.users.validate_password.post(
            ValidatePasswordPostRequestBody(password=WEAK)
        )
        expect(
            isinstance(info, PasswordValidationInformation),
            f"not parsed into the model: {type(info).__name__}",
        )
        expect(info.is_valid is False, f"is_valid {info.is_valid!r}")
        results = info.validation_results or []
        expect(results, "no validation_results")
        expect(
            all(isinstance(r, ValidationResult) for r in results),
            f"results not parsed: {[type(r).__name__ for r in results]}",
        )
        expect(
            all(isinstance(r.validation_passed, bool) for r in results),
            "a validationPassed is not a bool",
        )
        names = {r.rule_name: r.validation_passed for r in results}
        expect(
            names.get("password_not_meet_complexity") is False,
            f"rules {names}",
        )
        unknown = set(info.additional_data) - {"@odata.context"}
        expect(not unknown, f"properties the SDK does not know: {sorted(unknown)}")
        return f"is_valid=False, rules {sorted(names)}"

    async def validate_strong_password_as_admin(self) -> str:
        client = beta_client(self.url, self.admin["token"])
        info = await client.users.validate_password.post(
            ValidatePasswordPostRequestBody(password=STRONG)
        )
        expect(isinstance(info, PasswordValidationInformation), type(info).__name__)
        expect(info.is_valid is True, f"is_valid {info.is_valid!r}")
        failed = [r.rule_name for r in info.validation_results or [] if not r.validation_passed]
        expect(not failed, f"failed rules {failed}")
        return "is_valid=True, every rule passed"

    async def validate_password_as_non_admin_is_refused(self) -> str:
        client = beta_client(self.url, self.alice["token"])
        e = await raises(
            client.users.validate_password.post(ValidatePasswordPostRequestBody(password=WEAK))
        )
        graph_error(e, 403, "Authorization_RequestDenied")
        return f"{type(e).__name__} 403 Authorization_RequestDenied"

    # changePassword (v1.0)

    async def change_password_with_a_wrong_current_password_is_refused(self) -> str:
        client = v1_client(self.url, self.alice["token"])
        e = await raises(
            client.me.change_password.post(
                ChangePasswordPostRequestBody(
                    current_password="Wrong-Passw0rd!", new_password=NEW_PASSWORD
                )
            )
        )
        graph_error(e, 400, "Request_BadRequest")
        return f"{type(e).__name__} 400 Request_BadRequest"

    async def change_password_with_the_right_one_returns_none(self) -> str:
        client = v1_client(self.url, self.alice["token"])
        config, seen = inspecting()
        result = await client.me.change_password.post(
            ChangePasswordPostRequestBody(
                current_password=self.alice["password"], new_password=NEW_PASSWORD
            ),
            request_configuration=config,
        )
        expect(result is None, f"returned {result!r}")
        expect(
            one(seen.response_headers, "content-type") is None,
            f"a 204 with Content-Type {one(seen.response_headers, 'content-type')!r}",
        )
        return "None (204, no Content-Type)"

    async def the_old_password_no_longer_works_and_the_new_one_does(self) -> str:
        client = v1_client(self.url, self.alice["token"])
        e = await raises(
            client.me.change_password.post(
                ChangePasswordPostRequestBody(
                    current_password=self.alice["password"], new_password=OTHER_PASSWORD
                )
            )
        )
        graph_error(e, 400, "Request_BadRequest")
        result = await client.me.change_password.post(
            ChangePasswordPostRequestBody(
                current_password=NEW_PASSWORD, new_password=OTHER_PASSWORD
            )
        )
        expect(result is None, f"second change returned {result!r}")
        return "old: 400 Request_BadRequest; new: None"

    async def an_application_token_cannot_change_a_password(self) -> str:
        client = v1_client(self.url, "app-token")
        e = await raises(
            client.me.change_password.post(
                ChangePasswordPostRequestBody(current_password="x", new_password=NEW_PASSWORD)
            )
        )
        graph_error(e, 400, "BadRequest")
        return f"{type(e).__name__} 400 BadRequest"

    # authentication

    async def an_unknown_token_is_refused(self) -> str:
        client = v1_client(self.url, "no-such-token")
        e = await raises(
            client.me.change_password.post(
                ChangePasswordPostRequestBody(current_password="x", new_password=NEW_PASSWORD)
            )
        )
        graph_error(e, 401, "InvalidAuthenticationToken")
        headers = {k.lower(): v for k, v in (e.response_headers or {}).items()}
        expect(
            "www-authenticate" in headers,
            f"no WWW-Authenticate on the 401: {sorted(headers)}",
        )
        return f"{type(e).__name__} 401 InvalidAuthenticationToken, WWW-Authenticate sent"

    async def the_azure_identity_provider_sends_its_token_over_http_to_loopback(self) -> str:
        # The provider GraphServiceClient(credentials=...) builds; it refuses http except
        # to localhost, 127.0.0.1 and ::1, where the fake listens.
        auth = AzureIdentityAuthenticationProvider(
            StaticCredential(self.admin["token"]), scopes=["https://graph.microsoft.com/.default"]
        )
        adapter = msgraph_beta.GraphRequestAdapter(auth)
        adapter.base_url = f"{self.url}/beta"
        client = msgraph_beta.GraphServiceClient(request_adapter=adapter)
        info = await client.users.validate_password.post(
            ValidatePasswordPostRequestBody(password=STRONG)
        )
        expect(isinstance(info, PasswordValidationInformation), type(info).__name__)
        return "AzureIdentityAuthenticationProvider over http://127.0.0.1 accepted"

    # headers

    async def response_headers_look_like_graphs(self) -> str:
        client = beta_client(self.url, self.admin["token"])
        ours = str(uuid.uuid4())
        config, seen = inspecting(client_request_id=ours)
        await client.users.validate_password.post(
            ValidatePasswordPostRequestBody(password=WEAK), request_configuration=config
        )
        got = seen.response_headers
        expect(
            one(got, "client-request-id") == ours,
            f"client-request-id {one(got, 'client-request-id')!r}, sent {ours!r}",
        )
        rid = one(got, "request-id") or ""
        expect(UUID_RE.match(rid) is not None, f"request-id {rid!r}")
        expect(rid != ours, "request-id is the client's id, not the service's own")
        ctype = (one(got, "content-type") or "").lower()
        expect(
            ctype.startswith("application/json") and "odata.metadata=minimal" in ctype,
            f"content-type {ctype!r}",
        )
        for name in ("date", "strict-transport-security", "cache-control"):
            expect(one(got, name), f"no {name} header")
        diag = one(got, "x-ms-ags-diagnostic") or ""
        try:
            json.loads(diag)
        except ValueError:
            raise CheckFailed(f"x-ms-ags-diagnostic is not JSON: {diag!r}")
        sent = seen.request_headers
        agent = one(sent, "user-agent") or ""
        expect("kiota-python" in agent, f"the SDK's user agent was not sent: {agent!r}")
        return f"request-id GUID, client-request-id echoed, {ctype}; SDK sent User-Agent {agent!r}"

    async def without_a_client_request_id_the_request_id_stands_in(self) -> str:
        # The SDK's telemetry handler adds client-request-id only for Graph's own hosts, so
        # to 127.0.0.1 the SDK sends none.
        client = beta_client(self.url, self.admin["token"])
        config, seen = inspecting()
        await client.users.validate_password.post(
            ValidatePasswordPostRequestBody(password=WEAK), request_configuration=config
        )
        sent = one(seen.request_headers, "client-request-id")
        expect(sent is None, f"the SDK sent client-request-id {sent!r} to a non-Graph host")
        got = seen.response_headers
        expect(
            one(got, "client-request-id") == one(got, "request-id"),
            f"client-request-id {one(got, 'client-request-id')!r} "
            f"!= request-id {one(got, 'request-id')!r}",
        )
        return "SDK sent none; answered with client-request-id = request-id"

    async def the_sdk_believing_it_calls_graph_microsoft_com(self) -> str:
        # The default base URL kept; only the transport under the middleware goes to the
        # fake. The telemetry handler then adds its own client-request-id and SdkVersion.
        wire = Wire(graph_to=self.url)
        http = GraphClientFactory.create_with_default_middleware(
            client=httpx.AsyncClient(transport=wire),
            options=msgraph.graph_request_adapter.options,
        )
        auth = BaseBearerTokenAuthenticationProvider(
            StaticTokenProvider(self.admin["token"], ["graph.microsoft.com"])
        )
        adapter = msgraph.GraphRequestAdapter(auth, client=http)
        client = msgraph.GraphServiceClient(request_adapter=adapter)
        expect(
            adapter.base_url == "https://graph.microsoft.com/v1.0",
            f"base URL {adapter.base_url!r}",
        )
        config, seen = inspecting()
        e = await raises(
            client.me.change_password.post(
                ChangePasswordPostRequestBody(current_password="Wrong-1!", new_password=STRONG),
                request_configuration=config,
            )
        )
        graph_error(e, 400, "Request_BadRequest")
        # The telemetry handler runs after the headers inspection handler, so what it adds
        # is read where the request leaves: the transport.
        expect(len(wire.sent) == 1, f"{len(wire.sent)} requests went out")
        sent = wire.sent[0].get("client-request-id")
        expect(sent is not None and UUID_RE.match(sent), f"SDK client-request-id {sent!r}")
        sdk = wire.sent[0].get("sdkversion") or ""
        expect("graph-python" in sdk, f"SdkVersion {sdk!r}")
        echoed = one(seen.response_headers, "client-request-id")
        expect(echoed == sent, f"client-request-id {echoed!r}, the SDK sent {sent!r}")
        expect(
            e.error.inner_error.client_request_id == sent,
            f"innerError.client-request-id {e.error.inner_error.client_request_id!r}",
        )
        return f"SDK's own client-request-id echoed in header and innerError; SdkVersion {sdk!r}"

    # throttling

    async def the_retry_handler_honours_retry_after_then_succeeds(self) -> str:
        if not self.throttled_url:
            raise CheckFailed("no --throttled-url given")
        _, waited = await self.throttled_twice(self.throttled_url)
        # With Retry-After: 1 the handler waits 1 s; without it, its backoff is over 3 s.
        expect(1.0 <= waited < 3.0, f"waited {waited:.2f} s, Retry-After said 1 s")
        return f"200; then 429, resent after {waited:.2f} s with Retry-Attempt: 1, 200"

    async def a_fractional_retry_after_is_retried_on_the_handlers_own_backoff(self) -> str:
        if not self.fraction_url:
            raise CheckFailed("no --fraction-url given")
        wire, waited = await self.throttled_twice(self.fraction_url)
        retry_after = wire.received[1].get("retry-after")
        expect(retry_after == "1.5", f"the 429's Retry-After is {retry_after!r}")
        # kiota-http's RetryHandler reads Retry-After with int() or as an HTTP date, so
        # `1.5` (Graph writes such values: its throttling guide shows 2.128) is not read and
        # its own backoff applies: 0.5 s + up to 1 s of jitter + the 3 s base delay. The
        # call is still replayed once and succeeds, just later than Graph asked.
        expect(waited >= 1.5, f"resent after {waited:.2f} s, sooner than Retry-After: 1.5")
        how = "its own backoff: Retry-After not read" if waited >= 3.0 else "Retry-After read"
        return f"429 with Retry-After: 1.5, resent after {waited:.2f} s ({how}), 200"

    async def throttled_twice(self, url: str) -> "tuple[Wire, float]":
        """Two validatePassword calls against a fake throttling every second call: the
        first passes, the second gets 429 and the SDK's RetryHandler replays it once."""
        # The beta SDK's default middleware over a transport that records the exchanges.
        wire = Wire()
        http = GraphClientFactory.create_with_default_middleware(
            client=httpx.AsyncClient(transport=wire),
            options=msgraph_beta.graph_request_adapter.options,
        )
        auth = BaseBearerTokenAuthenticationProvider(
            StaticTokenProvider(self.admin["token"], ["127.0.0.1"])
        )
        adapter = msgraph_beta.GraphRequestAdapter(auth, client=http)
        adapter.base_url = f"{url}/beta"
        client = msgraph_beta.GraphServiceClient(request_adapter=adapter)
        # Call 1 of the throttled fake passes; call 2 gets 429 with its Retry-After, and the
        # SDK's RetryHandler sends it again (call 3), which passes.
        first = await client.users.validate_password.post(
            ValidatePasswordPostRequestBody(password=STRONG)
        )
        expect(first is not None and first.is_valid is True, f"first call {first!r}")
        expect(wire.statuses == [200], f"first call's exchanges: {wire.statuses}")
        started = time.monotonic()
        info = await client.users.validate_password.post(
            ValidatePasswordPostRequestBody(password=STRONG)
        )
        waited = time.monotonic() - started
        expect(isinstance(info, PasswordValidationInformation), type(info).__name__)
        expect(info.is_valid is True, f"is_valid {info.is_valid!r}")
        expect(wire.statuses == [200, 429, 200], f"statuses on the wire: {wire.statuses}")
        attempt = wire.sent[2].get("retry-attempt")
        expect(attempt == "1", f"the resent request's Retry-Attempt is {attempt!r}")
        return wire, waited

    async def a_throttled_call_past_the_retries_is_the_sdks_429_error(self) -> str:
        if not self.throttled_url:
            raise CheckFailed("no --throttled-url given")
        from kiota_http.middleware.options import RetryHandlerOption

        client = beta_client(self.throttled_url, self.admin["token"])
        # Make the next call the throttled one: retries off, so the 429 reaches the caller.
        no_retry = RequestConfiguration(options=[RetryHandlerOption(max_retries=0)])
        for _ in range(2):
            try:
                await client.users.validate_password.post(
                    ValidatePasswordPostRequestBody(password=STRONG),
                    request_configuration=no_retry,
                )
            except APIError as e:
                graph_error(e, 429, "TooManyRequests")
                headers = {k.lower(): v for k, v in (e.response_headers or {}).items()}
                retry_after = headers.get("retry-after")
                expect(retry_after == "1", f"Retry-After {retry_after!r}")
                return f"{type(e).__name__} 429 TooManyRequests, Retry-After: 1"
        raise CheckFailed("neither of two calls was throttled")

    # The simulated directory (v1.0): create/read/update/delete, query options, the page
    # iterator, $count, $ref membership and a batch, all through the SDK's request builders.

    def _new_user(self, name: str):
        from msgraph.generated.models.password_profile import PasswordProfile
        from msgraph.generated.models.user import User

        nick = name.lower().replace(" ", ".")
        return User(
            account_enabled=True,
            display_name=name,
            mail_nickname=nick,
            user_principal_name=f"{nick}@contoso.com",
            password_profile=PasswordProfile(
                force_change_password_next_sign_in=True, password="Sdk-Passw0rd!1"
            ),
        )

    async def a_user_is_created_read_updated_and_deleted(self) -> str:
        from msgraph.generated.models.o_data_errors.o_data_error import ODataError
        from msgraph.generated.models.user import User

        client = v1_client(self.url, self.admin["token"])
        created = await client.users.post(self._new_user("Sdk Crud"))
        expect(isinstance(created, User), f"post gave {type(created).__name__}")
        expect(bool(created.id) and UUID_RE.match(created.id), f"id {created.id!r}")
        read = await client.users.by_user_id(created.id).get()
        expect(read.display_name == "Sdk Crud", f"displayName {read.display_name!r}")
        expect(read.business_phones == [], f"businessPhones {read.business_phones!r}")
        patched = await client.users.by_user_id(created.id).patch(User(job_title="Lead"))
        expect(patched is None, f"patch gave {patched!r} (204 has no body)")
        read = await client.users.by_user_id(created.id).get()
        expect(read.job_title == "Lead", f"jobTitle {read.job_title!r}")
        by_upn = await client.users.by_user_id("sdk.crud@contoso.com").get()
        expect(by_upn.id == created.id, "read by userPrincipalName")
        await client.users.by_user_id(created.id).delete()
        e = await raises(client.users.by_user_id(created.id).get())
        expect(isinstance(e, ODataError), f"{type(e).__name__}: {e}")
        graph_error(e, 404, "Request_ResourceNotFound")
        return "User 201 with a GUID id; get; patch -> None (204); get by UPN; delete; get -> ODataError 404 Request_ResourceNotFound"

    async def query_options_shape_the_list(self) -> str:
        from msgraph.generated.users.users_request_builder import UsersRequestBuilder

        client = v1_client(self.url, self.admin["token"])
        params = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
            select=["displayName", "mail"],
            filter="startswith(displayName,'A') or mail eq 'ADMIN@contoso.com'",
            orderby=["displayName desc"],
        )
        page = await client.users.get(
            request_configuration=RequestConfiguration(query_parameters=params)
        )
        names = [u.display_name for u in page.value]
        expect(names == ["Contoso Admin", "Alice Smith"], f"names {names}")
        expect(all(u.id is None for u in page.value), "id came back though not selected")
        e = await raises(
            client.users.get(
                request_configuration=RequestConfiguration(
                    query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
                        filter="displayName eq"
                    )
                )
            )
        )
        graph_error(e, 400, "BadRequest")
        return f"$select/$filter/$orderby: {names}; an unreadable $filter: ODataError 400 BadRequest"

    async def the_page_iterator_follows_next_links(self) -> str:
        from msgraph.generated.users.users_request_builder import UsersRequestBuilder
        from msgraph_core.tasks.page_iterator import PageIterator

        client = v1_client(self.url, self.admin["token"])
        for i in range(3):
            await client.users.post(self._new_user(f"Sdk Page {i}"))
        params = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
            filter="startswith(displayName,'Sdk Page')", top=1, orderby=["displayName"]
        )
        first = await client.users.get(
            request_configuration=RequestConfiguration(query_parameters=params)
        )
        expect(bool(first.odata_next_link), "no @odata.nextLink on a page of 1")
        seen: list[str] = []

        def collect(user) -> bool:
            seen.append(user.display_name)
            return True

        iterator = PageIterator(first, client.request_adapter)
        await iterator.iterate(collect)
        expect(seen == ["Sdk Page 0", "Sdk Page 1", "Sdk Page 2"], f"iterated {seen}")
        return f"PageIterator over $top=1: {seen}"

    async def count_needs_consistency_level_eventual(self) -> str:
        from msgraph.generated.users.count.count_request_builder import CountRequestBuilder
        from msgraph.generated.users.users_request_builder import UsersRequestBuilder

        client = v1_client(self.url, self.admin["token"])
        e = await raises(client.users.count.get())
        graph_error(e, 400, "Request_BadRequest")
        config = RequestConfiguration()
        config.headers.add("ConsistencyLevel", "eventual")
        n = await client.users.count.get(request_configuration=config)
        expect(isinstance(n, int) and n >= 2, f"/$count gave {n!r}")
        params = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(count=True, top=1)
        config = RequestConfiguration(query_parameters=params)
        config.headers.add("ConsistencyLevel", "eventual")
        page = await client.users.get(request_configuration=config)
        expect(page.odata_count == n, f"@odata.count {page.odata_count!r}, /$count {n}")
        params = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
            search='"displayName:smi"'
        )
        config = RequestConfiguration(query_parameters=params)
        config.headers.add("ConsistencyLevel", "eventual")
        found = await client.users.get(request_configuration=config)
        names = [u.display_name for u in found.value]
        expect(names == ["Alice Smith"], f"$search found {names}")
        return f"without the header 400; /$count = {n}; @odata.count = {page.odata_count}; $search: {names}"

    async def members_are_added_and_removed_with_ref(self) -> str:
        from msgraph.generated.models.reference_create import ReferenceCreate
        from msgraph.generated.models.user import User

        client = v1_client(self.url, self.admin["token"])
        group = self.groups["Engineering"]
        user = await client.users.post(self._new_user("Sdk Member"))
        members = client.groups.by_group_id(group)
        await members.members.ref.post(
            ReferenceCreate(
                odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{user.id}"
            )
        )
        listed = await members.members.get()
        kinds = {type(m).__name__ for m in listed.value}
        ids = [m.id for m in listed.value]
        expect(user.id in ids, f"members {ids}")
        expect(kinds == {"User"}, f"members parsed as {kinds} (from @odata.type)")
        expect(isinstance(listed.value[-1], User) and listed.value[-1].display_name == "Sdk Member", "typed member")
        await members.members.by_directory_object_id(user.id).ref.delete()
        listed = await members.members.get()
        expect(user.id not in [m.id for m in listed.value], "still a member after $ref delete")
        return f"members/$ref post (204), listed as {sorted(kinds)} by @odata.type, $ref delete (204)"

    async def a_batch_built_with_the_sdks_helpers(self) -> str:
        from msgraph.generated.users.users_request_builder import UsersRequestBuilder
        from msgraph_core.requests.batch_request_builder import BatchRequestBuilder
        from msgraph_core.requests.batch_request_content import BatchRequestContent
        from msgraph_core.requests.batch_request_item import BatchRequestItem

        client = v1_client(self.url, self.admin["token"])
        me = BatchRequestItem(request_information=client.me.to_get_request_information())
        missing = BatchRequestItem(
            request_information=client.users.by_user_id("no-such-user").to_get_request_information()
        )
        create = BatchRequestItem(
            request_information=client.users.to_post_request_information(
                self._new_user("Sdk Batch")
            )
        )
        content = BatchRequestContent()
        for item in (me, missing, create):
            content.add_request(item.id, item)
        response = await BatchRequestBuilder(client.request_adapter).post(content)
        status = response.get_response_status_codes()
        want = {me.id: 200, missing.id: 404, create.id: 201}
        expect(status == want, f"statuses {status}, expected {want}")
        # msgraph-core 1.5.2 reads a step's body only when it is a base64 string
        # (`get_bytes_value`); Graph sends a JSON body as a JSON object, so the SDK's
        # typed body is None against Graph and the fake alike. Headers and status it reads.
        item = response.get_response_by_id(me.id)
        content_type = (item.headers or {}).get("Content-Type", "")
        expect(content_type.startswith("application/json"), f"step headers {item.headers!r}")
        page = await client.users.get(
            request_configuration=RequestConfiguration(
                query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
                    filter="displayName eq 'Sdk Batch'"
                )
            )
        )
        expect(len(page.value) == 1, f"the batched create: {len(page.value)} users named so")
        return "BatchRequestBuilder: GET /me 200 (JSON Content-Type in the step's headers), 404, POST /users 201, the user there after"

    # The same five query calls from msgraph-typed (the generated call surface) and from
    # Microsoft's SDK: the requests the fake received compared (see SameRequests).

    def _users_query(self, **params):
        from msgraph.generated.users.users_request_builder import UsersRequestBuilder

        config = RequestConfiguration(
            query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(**params)
        )
        return config

    def _same(self) -> SameRequests:
        return SameRequests(self.url, self.ours, self.admin["token"], self.timeout)

    async def select_filter_and_top_are_sent_as_microsofts_sdk_sends_them(self) -> str:
        config = self._users_query(
            select=["id", "displayName"],
            filter="startswith(displayName,'A') or mail eq 'a+b@contoso.com'",
            top=5,
        )
        return await self._same().compare(
            "select-filter-top", lambda c: c.users.get(request_configuration=config)
        )

    async def search_and_count_are_sent_as_microsofts_sdk_sends_them(self) -> str:
        # Microsoft's SDK leaves ConsistencyLevel to the caller, as its docs show.
        config = self._users_query(search='"displayName:smi"', count=True)
        config.headers.add("ConsistencyLevel", "eventual")
        return await self._same().compare(
            "search-count", lambda c: c.users.get(request_configuration=config)
        )

    async def orderby_is_sent_as_microsofts_sdk_sends_it(self) -> str:
        config = self._users_query(orderby=["displayName desc"])
        return await self._same().compare(
            "orderby", lambda c: c.users.get(request_configuration=config)
        )

    async def expand_is_sent_as_microsofts_sdk_sends_it(self) -> str:
        config = self._users_query(expand=["manager"])
        return await self._same().compare(
            "expand", lambda c: c.users.get(request_configuration=config)
        )

    async def a_next_link_page_is_fetched_as_microsofts_sdk_fetches_it(self) -> str:
        config = self._users_query(top=1)

        async def both_pages(client) -> None:
            first = await client.users.get(request_configuration=config)
            expect(bool(first.odata_next_link), "no @odata.nextLink on a page of 1")
            expect(
                first.odata_next_link.startswith("https://graph.microsoft.com/v1.0/"),
                f"nextLink {first.odata_next_link!r}",
            )
            await client.users.with_url(first.odata_next_link).get()

        return await self._same().compare("next-link", both_pages)


# The same calls through msgraph-typed's generated call surface (the `compat_calls` example
# of examples/downstream-endpoint) and through Microsoft's SDK, compared request by request
# from the fake's journal (`fake_graph --journal-endpoint`). The rule is in
# compat/README.md ("Same requests as Microsoft's SDK").

JOURNAL = "/_mock/journal"
# Compared by shape: each side sends its own value by definition.
SHAPED = {
    "authorization": (re.compile(r"^Bearer \S"), "Bearer and a token"),
    "client-request-id": (
        re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
        "a GUID",
    ),
    "sdkversion": (re.compile(r"^graph-[a-z0-9-]+/\d+\.\d+"), "graph-LANG/VERSION"),
    "user-agent": (re.compile(r"\S"), "not empty"),
}
# Not compared: the connection's (host, framing, compression) and the test's proxy's.
TRANSPORT = {
    "host",
    "connection",
    "accept-encoding",
    "content-length",
    "transfer-encoding",
    "te",
    "x-forwarded-proto",
    "x-forwarded-host",
}
# Microsoft's SDK's own telemetry of the machine it runs on; Graph needs neither.
MS_TELEMETRY = {"hostos", "runtimeenvironment"}


def header_dict(entry: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in entry["headers"]:
        out.setdefault(name.lower(), []).append(value)
    return out


def request_line(entry: dict) -> str:
    return f"{entry['method']} {entry['path']}" + (f"?{entry['query']}" if entry["query"] else "")


def differences(ms: dict, ours: dict) -> list[str]:
    """What differs between Microsoft's request `ms` and ours, as journal entries."""
    out: list[str] = []
    if ms["method"] != ours["method"] or ms["path"] != ours["path"]:
        out.append(
            f"request line: Microsoft's {ms['method']} {ms['path']}, ours {ours['method']} {ours['path']}"
        )
    mine = sorted(map(tuple, ours["query_pairs"]))
    theirs = sorted(map(tuple, ms["query_pairs"]))
    if mine != theirs:
        only_ms = [p for p in theirs if p not in mine]
        only_ours = [p for p in mine if p not in theirs]
        out.append(
            f"query (decoded pairs): only Microsoft's {only_ms}, only ours {only_ours} "
            f"(sent: Microsoft's {ms['query']!r}, ours {ours['query']!r})"
        )
    if ms["status"] != ours["status"]:
        out.append(f"the fake answered Microsoft's {ms['status']}, ours {ours['status']}")
    mh, oh = header_dict(ms), header_dict(ours)
    for name in sorted(set(mh) | set(oh)):
        if name in TRANSPORT or name in MS_TELEMETRY:
            continue
        a, b = mh.get(name), oh.get(name)
        if a is None or b is None:
            side, values = ("Microsoft's", a) if b is None else ("ours", b)
            out.append(f"header {name}: sent by {side} only ({values})")
        elif name in SHAPED:
            pattern, shape = SHAPED[name]
            for side, values in (("Microsoft's", a), ("ours", b)):
                if len(values) != 1 or not pattern.search(values[0]):
                    out.append(f"header {name}: {side} {values} is not {shape}")
        elif a != b:
            out.append(f"header {name}: Microsoft's {a}, ours {b}")
    return out


class SameRequests:
    """Runs one call both ways against a fake with the journal endpoint and compares."""

    def __init__(self, url: str, ours: Optional[str], token: str, timeout: float) -> None:
        self.url = url
        self.ours = ours
        self.token = token
        self.timeout = timeout
        http = GraphClientFactory.create_with_default_middleware(
            client=httpx.AsyncClient(transport=Wire(graph_to=url, forwarded_https=True)),
            options=msgraph.graph_request_adapter.options,
        )
        auth = BaseBearerTokenAuthenticationProvider(
            StaticTokenProvider(token, ["graph.microsoft.com"])
        )
        # Believing it calls https://graph.microsoft.com, so that its telemetry handler
        # adds what it adds for Graph (client-request-id, SdkVersion).
        self.client = msgraph.GraphServiceClient(
            request_adapter=msgraph.GraphRequestAdapter(auth, client=http)
        )

    async def _journal(self, method: str) -> list[dict]:
        async with httpx.AsyncClient() as http:
            r = await http.request(method, f"{self.url}{JOURNAL}")
        if method == "DELETE":
            expect(r.status_code == 204, f"DELETE {JOURNAL}: {r.status_code} (no --journal-endpoint?)")
            return []
        expect(r.status_code == 200, f"GET {JOURNAL}: {r.status_code} (no --journal-endpoint?)")
        return r.json()["value"]

    async def _ours(self, call: str) -> list[dict]:
        expect(self.ours is not None, "no --ours given (the compat_calls example)")
        await self._journal("DELETE")
        proc = await asyncio.create_subprocess_exec(
            self.ours, "--url", self.url, "--token", self.token, call,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(proc.communicate(), timeout=self.timeout)
        except asyncio.TimeoutError:
            raise CheckFailed(f"compat_calls {call} did not finish within {self.timeout} s")
        finally:
            if proc.returncode is None:  # timed out or cancelled: leave nothing running
                proc.kill()
                await proc.wait()
        expect(
            proc.returncode == 0,
            f"compat_calls {call} exited {proc.returncode}: {(out + err).decode(errors='replace').strip()}",
        )
        return await self._journal("GET")

    async def compare(self, call: str, microsofts: Callable[[Any], Awaitable[Any]]) -> str:
        await self._journal("DELETE")
        try:
            await microsofts(self.client)
        except APIError:
            pass  # an error answer is compared like any other (the fake refuses $expand)
        ms = await self._journal("GET")
        ours = await self._ours(call)
        expect(
            len(ms) == len(ours),
            f"Microsoft's SDK sent {len(ms)} requests {[request_line(e) for e in ms]}, "
            f"ours {len(ours)} {[request_line(e) for e in ours]}",
        )
        found: list[str] = []
        for i, (a, b) in enumerate(zip(ms, ours), 1):
            found += [f"request {i}: {d}" for d in differences(a, b)]
        expect(not found, "\n    " + "\n    ".join(found))
        encoded = [
            f"request {i} encoded apart: Microsoft's {a['query']!r}"
            for i, (a, b) in enumerate(zip(ms, ours), 1)
            if a["query"] != b["query"]
        ]
        return "; ".join(
            [f"{request_line(b)} -> {b['status']}" for b in ours] + encoded
        ) + " (equal: request line, query pairs, headers by the rule)"


async def run(args: argparse.Namespace) -> int:
    with open(args.seed, encoding="utf-8") as f:
        seed = json.load(f)
    fraction_url = args.fraction_url.rstrip("/") if args.fraction_url else None
    checks = Checks(
        args.url.rstrip("/"), args.throttled_url, seed, args.ours, args.timeout, fraction_url
    )
    names = [
        "validate_weak_password_as_admin",
        "validate_strong_password_as_admin",
        "validate_password_as_non_admin_is_refused",
        "change_password_with_a_wrong_current_password_is_refused",
        "change_password_with_the_right_one_returns_none",
        "the_old_password_no_longer_works_and_the_new_one_does",
        "an_application_token_cannot_change_a_password",
        "an_unknown_token_is_refused",
        "the_azure_identity_provider_sends_its_token_over_http_to_loopback",
        "response_headers_look_like_graphs",
        "without_a_client_request_id_the_request_id_stands_in",
        "the_sdk_believing_it_calls_graph_microsoft_com",
        "the_retry_handler_honours_retry_after_then_succeeds",
        "a_fractional_retry_after_is_retried_on_the_handlers_own_backoff",
        "a_throttled_call_past_the_retries_is_the_sdks_429_error",
        "a_user_is_created_read_updated_and_deleted",
        "query_options_shape_the_list",
        "the_page_iterator_follows_next_links",
        "count_needs_consistency_level_eventual",
        "members_are_added_and_removed_with_ref",
        "a_batch_built_with_the_sdks_helpers",
        "select_filter_and_top_are_sent_as_microsofts_sdk_sends_them",
        "search_and_count_are_sent_as_microsofts_sdk_sends_them",
        "orderby_is_sent_as_microsofts_sdk_sends_it",
        "expand_is_sent_as_microsofts_sdk_sends_it",
        "a_next_link_page_is_fetched_as_microsofts_sdk_fetches_it",
    ]
    passed = failed = 0
    for name in names:
        check: Callable[[], Awaitable[str]] = getattr(checks, name)
        try:
            detail = await asyncio.wait_for(check(), timeout=args.timeout)
        except CheckFailed as e:
            failed += 1
            print(f"FAIL {name}: {e}", flush=True)
        except asyncio.TimeoutError:
            failed += 1
            print(f"FAIL {name}: no answer within {args.timeout} s", flush=True)
        except Exception as e:  # an SDK error where none was expected
            failed += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            if args.verbose:
                traceback.print_exc()
        else:
            passed += 1
            print(f"PASS {name}: {detail}", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="the fake's base URL, no version")
    parser.add_argument("--throttled-url", help="a fake started with --throttle-every 2")
    parser.add_argument(
        "--fraction-url",
        help="a fake started with --throttle-every 2 --retry-after 1.5",
    )
    parser.add_argument("--seed", required=True, help="the seed file both fakes serve")
    parser.add_argument(
        "--ours",
        help="msgraph-typed's compat_calls example; --url's fake needs --journal-endpoint",
    )
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per check")
    parser.add_argument("-v", "--verbose", action="store_true", help="tracebacks on failure")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
