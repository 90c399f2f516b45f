"use strict";
// Drives the simulated Graph (fake_graph) with Microsoft's JavaScript Graph client,
// @microsoft/microsoft-graph-client v3 (pinned in package-lock.json).
//
// Run by compat/run.sh, which installs the client and starts the fakes:
//
//   node graph_client_check.js --url http://127.0.0.1:PORT \
//       --throttled-url http://127.0.0.1:PORT2 --fraction-url http://127.0.0.1:PORT3 \
//       --seed compat/seed.json
//
// `--url` serves the seed's tenant, untouched by any other check (the password change
// mutates it); `--throttled-url` the same tenant started with `--throttle-every 2
// --retry-after 1`, `--fraction-url` one started with `--throttle-every 2 --retry-after
// 1.5`. Every client is built with `Client.init` and its default middleware
// (authentication, retry, redirect, telemetry, fetch). Only the token callback is ours,
// and, below the middleware, a wrapper around the global `fetch` that records each
// exchange and, for a client left on Graph's own base URL, sends the request to the fake.
// Each check prints `ok NAME: detail` or `FAIL NAME: detail`; the last line is
// `N passed, M failed`; the exit status is 1 when any failed.

const fs = require("node:fs");
const {
    BatchRequestContent,
    BatchResponseContent,
    Client,
    GraphError,
    PageIterator,
    RetryHandlerOptions,
    ResponseType,
} = require("@microsoft/microsoft-graph-client");

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GRAPH = "https://graph.microsoft.com";
const WEAK = "1234567890";
const STRONG = "Str0ng-Passw0rd!xyz";
const NEW_PASSWORD = "New-Passw0rd!42";
const OTHER_PASSWORD = "Other-Passw0rd!43";

class CheckFailed extends Error {}

function expect(condition, reason) {
    if (!condition) {
        throw new CheckFailed(reason);
    }
}

// The wire: the global fetch the client's HTTPMessageHandler calls, wrapped. Each
// exchange is recorded as it leaves ({method, url, headers}) with the status and the
// headers that came back; a request for https://graph.microsoft.com goes to `wire.graphTo` when set.
const realFetch = globalThis.fetch;
const wire = { graphTo: null, sent: [] };
globalThis.fetch = async (input, init = {}) => {
    let url = typeof input === "string" ? input : input.url;
    const exchange = {
        method: init.method || "GET",
        url,
        headers: new Headers(init.headers || {}),
        status: null,
        received: null,
    };
    wire.sent.push(exchange);
    if (url.startsWith(`${GRAPH}/`)) {
        expect(wire.graphTo !== null, `the client called Graph itself: ${url}`);
        url = wire.graphTo + url.slice(GRAPH.length);
        // As a reverse proxy says where a request was sent: the fake's links
        // (@odata.nextLink) then name Graph's host, as Graph's own do.
        init = { ...init, headers: new Headers(init.headers || {}) };
        init.headers.set("x-forwarded-host", "graph.microsoft.com");
        init.headers.set("x-forwarded-proto", "https");
    }
    const response = await realFetch(url, init);
    exchange.status = response.status;
    exchange.received = response.headers;
    return response;
};

function resetWire(graphTo) {
    wire.graphTo = graphTo;
    wire.sent = [];
}

function statuses() {
    return wire.sent.map((e) => e.status);
}

// A client as an application builds one: Client.init with an authProvider callback and
// the default middleware. `baseUrl` undefined keeps Graph's own (https://graph.microsoft.com/).
function client(token, baseUrl) {
    const calls = { count: 0 };
    const options = {
        authProvider: (done) => {
            calls.count += 1;
            done(null, token);
        },
    };
    if (baseUrl !== undefined) {
        options.baseUrl = baseUrl;
    }
    const c = Client.init(options);
    c.tokenCalls = calls;
    return c;
}

async function rejects(promise) {
    let result;
    try {
        result = await promise;
    } catch (e) {
        return e;
    }
    throw new CheckFailed(`the call succeeded (${JSON.stringify(result)}); an error was expected`);
}

// Checks that `e` is the client's GraphError with Graph's error parsed into it.
function graphError(e, status, code) {
    expect(e instanceof GraphError, `expected GraphError, got ${e && e.constructor.name}: ${e}`);
    expect(e.statusCode === status, `statusCode ${e.statusCode}, expected ${status}`);
    expect(e.code === code, `code ${JSON.stringify(e.code)}, expected ${JSON.stringify(code)}`);
    expect(typeof e.message === "string" && e.message.length > 0, "message is empty");
    const header = e.headers && e.headers.get("request-id");
    expect(UUID_RE.test(header || ""), `request-id header ${JSON.stringify(header)}`);
    expect(e.requestId === header, `requestId ${JSON.stringify(e.requestId)} != header ${header}`);
    expect(
        e.date instanceof Date && !Number.isNaN(e.date.getTime()),
        `date ${e.date} is not a valid Date`,
    );
    return e;
}

// The error body the client kept (GraphError.body is Graph's `error` object as JSON).
function errorBody(e) {
    try {
        return JSON.parse(e.body);
    } catch (_) {
        throw new CheckFailed(`GraphError.body is not JSON: ${JSON.stringify(e.body)}`);
    }
}

const validate = (c, password) =>
    c.api("/users/validatePassword").version("beta").post({ password });
const changePassword = (c, currentPassword, newPassword) =>
    c.api("/me/changePassword").version("v1.0").post({ currentPassword, newPassword });

class Checks {
    constructor(url, throttledUrl, fractionUrl, seed) {
        this.url = url;
        this.throttledUrl = throttledUrl;
        this.fractionUrl = fractionUrl;
        const users = new Map(seed.users.map((u) => [u.userPrincipalName, u]));
        this.admin = users.get("admin@contoso.com");
        this.alice = users.get("alice@contoso.com");
        expect(this.admin && this.alice, "the seed lacks admin@ or alice@contoso.com");
        this.groups = new Map((seed.groups || []).map((g) => [g.displayName, g.id]));
    }

    // The simulated directory (v1.0), on the plain fake (the password checks do not touch
    // the directory): the client's api() chains, its PageIterator and its batch content.

    newUser(name) {
        const nick = name.toLowerCase().replace(/ /g, ".");
        return {
            accountEnabled: true,
            displayName: name,
            mailNickname: nick,
            userPrincipalName: `${nick}@contoso.com`,
            passwordProfile: { forceChangePasswordNextSignIn: true, password: "Js-Passw0rd!1" },
        };
    }

    async a_user_is_created_read_updated_and_deleted() {
        resetWire(this.url);
        const c = client(this.admin.token);
        const created = await c.api("/users").post(this.newUser("Js Crud"));
        expect(UUID_RE.test(created.id || ""), `id ${JSON.stringify(created.id)}`);
        const read = await c.api(`/users/${created.id}`).get();
        expect(read.displayName === "Js Crud", `displayName ${read.displayName}`);
        const patched = await c.api(`/users/${created.id}`).patch({ jobTitle: "Lead" });
        expect(patched === undefined, `patch resolved with ${JSON.stringify(patched)}`);
        const again = await c.api("/users/js.crud@contoso.com").select(["jobTitle"]).get();
        expect(again.jobTitle === "Lead" && again.displayName === undefined, JSON.stringify(again));
        await c.api(`/users/${created.id}`).delete();
        const e = await rejects(c.api(`/users/${created.id}`).get());
        graphError(e, 404, "Request_ResourceNotFound");
        expect(statuses().join() === "201,200,204,200,204,404", `statuses ${statuses()}`);
        return "201 with a GUID id, 200, 204 (undefined), select by UPN, 204, GraphError 404 Request_ResourceNotFound";
    }

    async query_options_and_the_page_iterator() {
        resetWire(this.url);
        const c = client(this.admin.token);
        for (const i of [0, 1, 2]) {
            await c.api("/users").post(this.newUser(`Js Page ${i}`));
        }
        const first = await c
            .api("/users")
            .filter("startswith(displayName,'Js Page')")
            .select(["displayName"])
            .orderby("displayName desc")
            .top(1)
            .get();
        expect(typeof first["@odata.nextLink"] === "string", "no @odata.nextLink on a page of 1");
        const seen = [];
        await new PageIterator(c, first, (u) => {
            seen.push(u.displayName);
            return true;
        }).iterate();
        expect(seen.join() === "Js Page 2,Js Page 1,Js Page 0", `iterated ${seen}`);
        const e = await rejects(c.api("/users").filter("displayName eq").get());
        graphError(e, 400, "BadRequest");
        return `filter/select/orderby/top(1), PageIterator over the nextLinks: ${seen.join(", ")}; a bad filter: 400`;
    }

    async count_needs_consistency_level_eventual() {
        resetWire(this.url);
        const c = client(this.admin.token);
        const e = await rejects(c.api("/users").count(true).get());
        graphError(e, 400, "Request_BadRequest");
        const page = await c.api("/users").header("ConsistencyLevel", "eventual").count(true).top(1).get();
        expect(Number.isInteger(page["@odata.count"]) && page["@odata.count"] >= 2, JSON.stringify(page));
        const n = await c.api("/users/$count").header("ConsistencyLevel", "eventual").get();
        expect(Number(n) === page["@odata.count"], `/$count ${JSON.stringify(n)}`);
        const found = await c
            .api("/users")
            .header("ConsistencyLevel", "eventual")
            .search('"displayName:smi"')
            .get();
        const names = found.value.map((u) => u.displayName);
        expect(names.join() === "Alice Smith", `$search found ${names}`);
        return `without the header 400; @odata.count ${page["@odata.count"]} = /$count ${n}; $search: ${names}`;
    }

    async members_are_added_and_removed_with_ref() {
        resetWire(this.url);
        const c = client(this.admin.token);
        const group = this.groups.get("Engineering");
        expect(group, "the seed has no Engineering group");
        const user = await c.api("/users").post(this.newUser("Js Member"));
        await c
            .api(`/groups/${group}/members/$ref`)
            .post({ "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` });
        const members = await c.api(`/groups/${group}/members`).get();
        const mine = members.value.find((m) => m.id === user.id);
        expect(mine && mine["@odata.type"] === "#microsoft.graph.user", JSON.stringify(members.value));
        await c.api(`/groups/${group}/members/${user.id}/$ref`).delete();
        const after = await c.api(`/groups/${group}/members`).get();
        expect(!after.value.some((m) => m.id === user.id), "still a member after the $ref delete");
        return "members/$ref 204, listed with @odata.type #microsoft.graph.user, $ref delete 204";
    }

    async a_batch_built_with_the_clients_batch_content() {
        resetWire(this.url);
        const c = client(this.admin.token);
        // The content keeps each Request's path (scheme and host stripped): a step URL
        // relative to the version, as Graph's batching takes it.
        const step = (id, path, init = {}, dependsOn) => {
            const s = { id, request: new Request(`${GRAPH}${path}`, init) };
            if (dependsOn) {
                s.dependsOn = dependsOn;
            }
            return s;
        };
        const parallel = new BatchRequestContent([
            step("1", "/me?$select=displayName"),
            step("2", "/users/no-such-user"),
            step("3", "/users", {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(this.newUser("Js Batch")),
            }),
        ]);
        const batch = new BatchResponseContent(await c.api("/$batch").post(await parallel.getContent()));
        const status = ["1", "2", "3"].map((id) => batch.getResponseById(id).status);
        expect(status.join() === "200,404,201", `step statuses ${status}`);
        const me = await batch.getResponseById("1").json();
        expect(me.displayName === "Contoso Admin", JSON.stringify(me));
        const made = await batch.getResponseById("3").json();
        expect(UUID_RE.test(made.id || ""), JSON.stringify(made));
        // The client accepts parallel or serial dependencies only: a serial batch.
        const serial = new BatchRequestContent([
            step("a", "/users/no-such-user"),
            step("b", "/me", {}, ["a"]),
        ]);
        const chained = new BatchResponseContent(await c.api("/$batch").post(await serial.getContent()));
        const chain = ["a", "b"].map((id) => chained.getResponseById(id).status);
        expect(chain.join() === "404,424", `serial step statuses ${chain}`);
        return "BatchRequestContent/BatchResponseContent: 200 (its JSON), 404, 201; serial dependsOn: 404 then 424";
    }

    // validatePassword (beta)

    async validate_a_weak_password_as_admin() {
        resetWire(this.url);
        const c = client(this.admin.token);
        const info = await validate(c, WEAK);
        expect(statuses().join() === "200", `statuses on the wire: ${statuses()}`);
        expect(info && info.isValid === false, `isValid ${info && info.isValid}`);
        const results = info.validationResults;
        expect(Array.isArray(results) && results.length > 0, "no validationResults");
        expect(
            results.every((r) => typeof r.ruleName === "string" && typeof r.validationPassed === "boolean"),
            `validationResults not {ruleName, validationPassed}: ${JSON.stringify(results)}`,
        );
        const rule = results.find((r) => r.ruleName === "password_not_meet_complexity");
        expect(rule && rule.validationPassed === false, `rules ${JSON.stringify(results)}`);
        const sent = wire.sent[0].headers;
        expect(
            sent.get("authorization") === `Bearer ${this.admin.token}`,
            "the authProvider's token was not sent as a bearer token",
        );
        return `200, isValid=false, rules ${results.map((r) => r.ruleName).sort().join(",")}`;
    }

    async validate_a_strong_password_as_admin() {
        resetWire(this.url);
        const info = await validate(client(this.admin.token), STRONG);
        expect(info && info.isValid === true, `isValid ${info && info.isValid}`);
        const failed = (info.validationResults || []).filter((r) => !r.validationPassed);
        expect(failed.length === 0, `failed rules ${JSON.stringify(failed)}`);
        return "200, isValid=true, every rule passed";
    }

    async validate_password_as_non_admin_is_refused() {
        resetWire(this.url);
        const e = graphError(await rejects(validate(client(this.alice.token), WEAK)), 403, "Authorization_RequestDenied");
        return `GraphError 403 Authorization_RequestDenied, requestId ${e.requestId}`;
    }

    // changePassword (v1.0)

    async change_password_with_a_wrong_current_password_is_refused() {
        resetWire(this.url);
        const c = client(this.alice.token);
        graphError(await rejects(changePassword(c, "Wrong-Passw0rd!", NEW_PASSWORD)), 400, "Request_BadRequest");
        return "GraphError 400 Request_BadRequest";
    }

    async change_password_with_the_right_one_resolves_with_no_body() {
        resetWire(this.url);
        const c = client(this.alice.token);
        const result = await changePassword(c, this.alice.password, NEW_PASSWORD);
        expect(statuses().join() === "204", `statuses on the wire: ${statuses()}`);
        expect(result === undefined, `resolved with ${JSON.stringify(result)}`);
        return "204, resolved with undefined";
    }

    async the_old_password_no_longer_works_and_the_new_one_does() {
        resetWire(this.url);
        const c = client(this.alice.token);
        graphError(await rejects(changePassword(c, this.alice.password, OTHER_PASSWORD)), 400, "Request_BadRequest");
        const result = await changePassword(c, NEW_PASSWORD, OTHER_PASSWORD);
        expect(result === undefined, `second change resolved with ${JSON.stringify(result)}`);
        expect(statuses().join() === "400,204", `statuses on the wire: ${statuses()}`);
        return "old: 400 Request_BadRequest; new: 204";
    }

    async an_application_token_cannot_change_a_password() {
        resetWire(this.url);
        graphError(await rejects(changePassword(client("app-token"), "x", NEW_PASSWORD)), 400, "BadRequest");
        return "GraphError 400 BadRequest";
    }

    // authentication

    async an_unknown_token_is_refused() {
        resetWire(this.url);
        const e = await rejects(changePassword(client("no-such-token"), "x", NEW_PASSWORD));
        graphError(e, 401, "InvalidAuthenticationToken");
        expect(e.headers.has("www-authenticate"), "no WWW-Authenticate on the 401");
        return "GraphError 401 InvalidAuthenticationToken, WWW-Authenticate sent";
    }

    async over_plain_http_the_client_withholds_the_token() {
        // baseUrl pointed at the fake itself: the client's AuthenticationHandler and
        // TelemetryHandler act only on https:// Graph hosts (or customHosts, also https
        // only), so the token callback is never called and the fake sees no credentials.
        resetWire(null);
        const c = client(this.admin.token, `${this.url}/`);
        const e = await rejects(validate(c, STRONG));
        expect(wire.sent.length === 1, `${wire.sent.length} requests went out`);
        expect(
            wire.sent[0].url === `${this.url}/beta/users/validatePassword`,
            `the client called ${wire.sent[0].url}`,
        );
        expect(c.tokenCalls.count === 0, `authProvider called ${c.tokenCalls.count} times`);
        const sent = wire.sent[0].headers;
        expect(!sent.has("authorization"), "an Authorization header was sent over http");
        expect(!sent.has("client-request-id"), "telemetry headers were sent to a non-Graph host");
        graphError(e, 401, "InvalidAuthenticationToken");
        const answered = e.headers.get("client-request-id");
        expect(answered === e.requestId, `client-request-id ${answered} != request-id ${e.requestId}`);
        return "no Authorization sent; GraphError 401 InvalidAuthenticationToken";
    }

    // Graph's error body and headers as the client reads them

    async graph_error_date_and_request_id_come_from_inner_error() {
        resetWire(this.url);
        const e = graphError(await rejects(validate(client(this.alice.token), WEAK)), 403, "Authorization_RequestDenied");
        const inner = errorBody(e).innerError;
        expect(inner && typeof inner === "object", `no innerError in ${e.body}`);
        expect(e.requestId === inner["request-id"], `requestId ${e.requestId} != innerError ${inner["request-id"]}`);
        expect(typeof inner.date === "string", `innerError.date ${JSON.stringify(inner.date)}`);
        // The client reads innerError.date with `new Date(...)`; without it, date is the
        // time the error was built.
        expect(
            e.date.getTime() === new Date(inner.date).getTime(),
            `date ${e.date.toISOString()} is not innerError.date ${inner.date}`,
        );
        // Graph writes innerError.date in UTC with no offset, to the second.
        const utc = Date.parse(`${inner.date}Z`);
        const served = Date.parse(e.headers.get("date") || "");
        expect(
            /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(inner.date) && Math.abs(utc - served) <= 1000,
            `innerError.date ${inner.date} is not the Date header ${e.headers.get("date")} in UTC`,
        );
        const sent = wire.sent[0].headers.get("client-request-id");
        expect(UUID_RE.test(sent || ""), `the client sent client-request-id ${sent}`);
        expect(inner["client-request-id"] === sent, `innerError.client-request-id ${inner["client-request-id"]}, sent ${sent}`);
        return `requestId and date (${inner.date}) from innerError; the client's client-request-id echoed`;
    }

    async response_headers_look_like_graphs() {
        resetWire(this.url);
        const c = client(this.admin.token);
        const response = await c
            .api("/users/validatePassword")
            .version("beta")
            .responseType(ResponseType.RAW)
            .post({ password: WEAK });
        expect(response && response.status === 200, `status ${response && response.status}`);
        const got = response.headers;
        const sent = wire.sent[0].headers;
        const ours = sent.get("client-request-id");
        expect(UUID_RE.test(ours || ""), `the client sent client-request-id ${ours}`);
        expect((sent.get("sdkversion") || "").startsWith("graph-js/"), `SdkVersion ${sent.get("sdkversion")}`);
        expect(got.get("client-request-id") === ours, `client-request-id ${got.get("client-request-id")}, sent ${ours}`);
        const rid = got.get("request-id") || "";
        expect(UUID_RE.test(rid) && rid !== ours, `request-id ${rid}`);
        const ctype = (got.get("content-type") || "").toLowerCase();
        expect(ctype.startsWith("application/json") && ctype.includes("odata.metadata=minimal"), `content-type ${ctype}`);
        for (const name of ["date", "cache-control", "strict-transport-security"]) {
            expect(got.has(name), `no ${name} header`);
        }
        try {
            JSON.parse(got.get("x-ms-ags-diagnostic"));
        } catch (_) {
            throw new CheckFailed(`x-ms-ags-diagnostic is not JSON: ${got.get("x-ms-ags-diagnostic")}`);
        }
        return `request-id GUID, client-request-id echoed, ${ctype}; SdkVersion ${sent.get("sdkversion")}`;
    }

    // throttling

    async the_retry_handler_honours_retry_after_then_succeeds() {
        expect(this.throttledUrl, "no --throttled-url given");
        const waited = await this.throttledTwice(this.throttledUrl);
        // Retry-After: 1 means 1 s; the handler's own delay would be 3 s and more.
        expect(waited >= 1.0 && waited < 3.0, `waited ${waited.toFixed(2)} s, Retry-After said 1 s`);
        return `200; then 429, resent after ${waited.toFixed(2)} s with Retry-Attempt: 1, 200`;
    }

    async the_retry_handler_honours_a_fractional_retry_after() {
        expect(this.fractionUrl, "no --fraction-url given");
        const waited = await this.throttledTwice(this.fractionUrl);
        const retryAfter = wire.sent[1].received.get("retry-after");
        expect(retryAfter === "1.5", `the 429's Retry-After is ${JSON.stringify(retryAfter)}`);
        // The RetryHandler reads it with Number(): 1.5 s, not rounded (2 s), and not its
        // own delay (3 s and more).
        expect(waited >= 1.5 && waited < 3.0, `waited ${waited.toFixed(2)} s, Retry-After said 1.5 s`);
        return `200; then 429 with Retry-After: 1.5, resent after ${waited.toFixed(2)} s, 200`;
    }

    // Two validatePassword calls against a fake throttling every second call: the first
    // passes, the second gets 429 and is replayed once. Returns the seconds the second took.
    async throttledTwice(url) {
        resetWire(url);
        const c = client(this.admin.token);
        // Call 1 of the throttled fake passes; call 2 gets 429 with Retry-After: 1 and the
        // RetryHandler sends it again (call 3), which passes.
        const first = await validate(c, STRONG);
        expect(first && first.isValid === true, `first call ${JSON.stringify(first)}`);
        expect(statuses().join() === "200", `first call's exchanges: ${statuses()}`);
        const started = process.hrtime.bigint();
        const info = await validate(c, STRONG);
        const waited = Number(process.hrtime.bigint() - started) / 1e9;
        expect(info && info.isValid === true, `isValid ${info && info.isValid}`);
        expect(statuses().join() === "200,429,200", `statuses on the wire: ${statuses()}`);
        const attempt = wire.sent[2].headers.get("retry-attempt");
        expect(attempt === "1", `the resent request's Retry-Attempt is ${JSON.stringify(attempt)}`);
        expect(!wire.sent[1].headers.has("retry-attempt"), "the first try already carried Retry-Attempt");
        return waited;
    }

    async a_throttled_call_past_the_retries_is_a_429_graph_error() {
        expect(this.throttledUrl, "no --throttled-url given");
        resetWire(this.throttledUrl);
        const c = client(this.admin.token);
        // Retries off for these calls, so the 429 reaches the caller.
        const noRetry = new RetryHandlerOptions(0, 0);
        for (let i = 0; i < 2; i += 1) {
            try {
                await c
                    .api("/users/validatePassword")
                    .version("beta")
                    .middlewareOptions([noRetry])
                    .post({ password: STRONG });
            } catch (e) {
                graphError(e, 429, "TooManyRequests");
                const retryAfter = e.headers.get("retry-after");
                expect(retryAfter === "1", `Retry-After ${JSON.stringify(retryAfter)}`);
                expect(wire.sent.length === i + 1, `${wire.sent.length} requests for ${i + 1} calls`);
                return "GraphError 429 TooManyRequests, Retry-After: 1, not retried";
            }
        }
        throw new CheckFailed("neither of two calls was throttled");
    }
}

const NAMES = [
    "validate_a_weak_password_as_admin",
    "validate_a_strong_password_as_admin",
    "validate_password_as_non_admin_is_refused",
    "change_password_with_a_wrong_current_password_is_refused",
    "change_password_with_the_right_one_resolves_with_no_body",
    "the_old_password_no_longer_works_and_the_new_one_does",
    "an_application_token_cannot_change_a_password",
    "an_unknown_token_is_refused",
    "over_plain_http_the_client_withholds_the_token",
    "graph_error_date_and_request_id_come_from_inner_error",
    "response_headers_look_like_graphs",
    "the_retry_handler_honours_retry_after_then_succeeds",
    "the_retry_handler_honours_a_fractional_retry_after",
    "a_throttled_call_past_the_retries_is_a_429_graph_error",
    "a_user_is_created_read_updated_and_deleted",
    "query_options_and_the_page_iterator",
    "count_needs_consistency_level_eventual",
    "members_are_added_and_removed_with_ref",
    "a_batch_built_with_the_clients_batch_content",
];

function parseArgs(argv) {
    const args = { timeout: 20 };
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (value === undefined) {
            throw new Error(`${flag} needs a value`);
        }
        switch (flag) {
            case "--url": args.url = value.replace(/\/+$/, ""); break;
            case "--throttled-url": args.throttledUrl = value.replace(/\/+$/, ""); break;
            case "--fraction-url": args.fractionUrl = value.replace(/\/+$/, ""); break;
            case "--seed": args.seed = value; break;
            case "--timeout": args.timeout = Number(value); break;
            default: throw new Error(`unknown argument ${flag}`);
        }
    }
    if (!args.url || !args.seed || !(args.timeout > 0)) {
        throw new Error("usage: graph_client_check.js --url URL [--throttled-url URL] [--fraction-url URL] --seed FILE [--timeout SECONDS]");
    }
    return args;
}

// What a failed check saw, on one line of at most 300 characters.
function describe(e) {
    let what;
    if (e instanceof CheckFailed) {
        what = e.message;
    } else if (e instanceof GraphError) {
        what = `unexpected GraphError ${e.statusCode} ${e.code}: ${e.message}`;
    } else {
        what = `${e && e.constructor ? e.constructor.name : typeof e}: ${e && e.message}`;
    }
    what = what.replace(/\s+/g, " ");
    return what.length > 300 ? `${what.slice(0, 297)}...` : what;
}

function withTimeout(promise, seconds) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckFailed(`no answer within ${seconds} s`)), seconds * 1000);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
    let args, checks;
    try {
        args = parseArgs(process.argv.slice(2));
        checks = new Checks(args.url, args.throttledUrl, args.fractionUrl, JSON.parse(fs.readFileSync(args.seed, "utf8")));
    } catch (e) {
        console.error(`graph_client_check: ${e.message}`);
        console.log("0 passed, 1 failed");
        return 1;
    }
    let passed = 0;
    let failed = 0;
    for (const name of NAMES) {
        try {
            const detail = await withTimeout(checks[name](), args.timeout);
            passed += 1;
            console.log(`ok ${name}: ${detail}`);
        } catch (e) {
            failed += 1;
            console.log(`FAIL ${name}: ${describe(e)}`);
        }
    }
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
}

main().then((code) => {
    process.exitCode = code;
});
