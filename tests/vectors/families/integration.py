"""The integration spec (`integration/integration.json`): HTTP requests, what
the app's handler does with each, and what every framework adapter in both
runtimes must answer, run over a real server on loopback by each suite.

Signatures come from Python's `hmac` (the families' signers). Timestamps are
fixed, so every case's Webhook turns the window off (`tolerance: null`); a
URL-signing case sends its own `Host` header, so the URL the server sees
does not depend on the port it was given.
"""

import hashlib
import json
from urllib.parse import urlencode

from families.common import T0, b64mac, hexmac
from families.founding import CLORO_BODY, CLORO_SECRET, CLORO_TASK, cloro_headers, cloro_sig

NOTES = {
    "webhook": "The Webhook the adapter is given: a preset, its secrets, and tolerance null (the window off). "
    "With `tenants`, the adapter is given a function of the framework's request instead, which returns the "
    "Webhook of the tenant the `tenant_header` names (built with that tenant's id), None for a tenant not "
    "listed, and raises for the `failing` one.",
    "options": "The adapter's options: max_body, dedup (null, \"memory\", or \"redis_unreachable\": a Redis "
    "client aimed at a closed port), require_dedup_key, public_url (an origin), trust_forwarded.",
    "requests": "Sent one after the other to one server with one store. `target` is the path and query; "
    "`chunked` sends the body with Transfer-Encoding: chunked and no Content-Length; `body_size` replaces the "
    "body with that many bytes of `a`; `consume` means a body parser of the framework read the body before "
    "the adapter (an adapter whose framework has no such parser says so and skips the request).",
    "handler": "What the app's handler does: `ok` (200), `status:N` (answers N), `raise` (an exception). "
    "It answers {\"handled\": true} with its status.",
    "expect": "The status; the JSON body when given (null: the framework's own error page, not checked); "
    "`ran`: whether the handler ran; `rejected`: the code on_reject was called with (absent: not called); "
    "`log`: text that a warning or error logged while answering contains (absent: not checked). Rejections "
    "log `webhook rejected: code=<code> scheme=<scheme> delivery=<id> client=<address>`; the client is left "
    "out here, since a Fetch Request carries no peer address.",
    "claimed": "A request with `claimed` (a dedup key) is sent while another worker holds the claim on that "
    "key: the runner claims the store key of the case's scheme and that key in the adapter's store first.",
}

#: What the log says when a parser read the body first (every runtime's help text has it).
CONSUMED_LOG = "before hookproof could verify it"

CLORO_WH = {"scheme": "cloro", "secrets": [CLORO_SECRET], "tolerance": None}
HANDLED = {"handled": True}


def case(comment, requests, *, webhook=CLORO_WH, **options):
    return {"comment": comment, "webhook": webhook, "options": options, "requests": requests}


def post(body, headers, *, handler="ok", expect, target="/hook", method="POST", **extra):
    if isinstance(body, bytes):
        body = body.decode()
    return {"method": method, "target": target, "headers": headers, "body": body, "handler": handler,
            "expect": expect, **extra}


def ran(status=200):
    return {"status": status, "body": HANDLED, "ran": True}


def refused(status, code, *, scheme="cloro", delivery=None, log=None):
    """A refusal: its answer, on_reject told, and the log line."""
    if log is None:
        log = f"webhook rejected: code={code} scheme={scheme} delivery={delivery or '-'} "
    return {"status": status, "body": {"error": code}, "ran": False, "rejected": code, "log": log}


DUPLICATE = {"status": 200, "body": {"status": "duplicate"}, "ran": False}


def cloro_task(n, *, attempt=1):
    """A cloro delivery of task `n`, signed; its dedup key is the body's task.id."""
    body = json.dumps({"task": {"id": f"task-{n}", "status": "COMPLETED"}}, separators=(",", ":"))
    return body, cloro_headers("v1=" + cloro_sig(body), webhook_id=f"task-{n}-{attempt}")


def verification_cases():
    good = cloro_headers("v1=" + cloro_sig(CLORO_BODY))
    bad = cloro_headers("v1=" + cloro_sig(CLORO_BODY + " "))
    wid = dict(good)["X-Cloro-Webhook-Id"]
    yield case("a genuine delivery runs the handler", [post(CLORO_BODY, good, expect=ran())])
    yield case("a forged signature is refused, logged and reported",
               [post(CLORO_BODY, bad, expect=refused(400, "signature_mismatch", delivery=wid))])
    yield case("no signature header", [post(CLORO_BODY, good[:1] + good[2:], expect=refused(400, "missing_header", delivery=wid))])
    yield case("over the limit with a Content-Length: refused before reading",
               [post("", good, body_size=4096, expect=refused(413, "body_too_large", delivery=wid))], max_body=1024)
    yield case("over the limit, chunked without a Content-Length: refused after limit + 1 bytes",
               [post("", good, body_size=8 << 20, chunked=True, expect=refused(413, "body_too_large", delivery=wid))],
               max_body=1024)
    yield case("a genuine chunked delivery under the limit",
               [post(CLORO_BODY, good, chunked=True, expect=ran())])
    yield case("a body a parser read first cannot be verified: 500, so the sender retries once fixed",
               [post(CLORO_BODY, good, consume=True, expect=refused(500, "body_consumed", log=CONSUMED_LOG))])


def url_cases():
    token = "twilio_auth_token_integration"
    params = {"CallSid": "CA42", "From": "+12349013030", "To": "+18005551212"}
    body = urlencode(params)
    signed = lambda url: b64mac(token, url + "".join(k + params[k] for k in sorted(params)), hashlib.sha1)
    target = "/hooks/twilio?foo=1&bar=2"
    twilio = {"scheme": "twilio", "secrets": [token], "tolerance": None}

    def h(url, *extra):
        return [["Host", url.split("/")[2]], ["Content-Type", "application/x-www-form-urlencoded"],
                ["X-Twilio-Signature", signed(url)], *extra]

    seen = "http://hooks.example.com" + target
    public = "https://public.example.com" + target
    forwarded = [["X-Forwarded-Proto", "https"], ["X-Forwarded-Host", "public.example.com"]]
    yield case("Twilio signs the URL the server saw: scheme, Host, path and query",
               [post(body, h(seen), target=target, expect=ran())], webhook=twilio)
    yield case("behind a proxy, public_url gives the origin the sender calls",
               [post(body, h(seen)[:2] + [["X-Twilio-Signature", signed(public)]], target=target, expect=ran())],
               webhook=twilio, public_url="https://public.example.com")
    yield case("trust_forwarded reads X-Forwarded-Proto and -Host",
               [post(body, h(seen)[:2] + [["X-Twilio-Signature", signed(public)], *forwarded], target=target,
                     expect=ran())], webhook=twilio, trust_forwarded=True)
    yield case("forwarding headers are ignored unless trusted",
               [post(body, h(seen)[:2] + [["X-Twilio-Signature", signed(public)], *forwarded], target=target,
                     expect=refused(400, "signature_mismatch", scheme="twilio"))], webhook=twilio)
    yield case("the standard Forwarded header, trusted",
               [post(body, h(seen)[:2] + [["X-Twilio-Signature", signed(public)],
                                          ["Forwarded", "for=203.0.113.7;proto=https;host=public.example.com"]],
                     target=target, expect=ran())], webhook=twilio, trust_forwarded=True)
    secret = "square_signature_key_integration"
    sq_body = '{"type":"payment.created","event_id":"ev-77"}'
    sq_url = "http://hooks.example.com/hooks/square"
    yield case("Square signs URL + body",
               [post(sq_body, [["Host", "hooks.example.com"],
                               ["x-square-hmacsha256-signature", b64mac(secret, sq_url + sq_body)]],
                     target="/hooks/square", expect=ran())],
               webhook={"scheme": "square", "secrets": [secret], "tolerance": None})
    hs_secret = "hubspot_client_secret_integration"
    hs_body = '[{"eventId":7}]'
    hs_url = "http://hooks.example.com/hooks/hubspot?portal=9"
    hs_ms = T0 * 1000
    yield case("HubSpot v3 signs method + URL + body + timestamp",
               [post(hs_body, [["Host", "hooks.example.com"],
                               ["X-HubSpot-Signature-v3", b64mac(hs_secret, f"POST{hs_url}{hs_body}{hs_ms}")],
                               ["X-HubSpot-Request-Timestamp", str(hs_ms)]],
                     target="/hooks/hubspot?portal=9", expect=ran())],
               webhook={"scheme": "hubspot", "secrets": [hs_secret], "tolerance": None})


def dedup_cases():
    first, h1 = cloro_task(1)
    _, h1b = cloro_task(1, attempt=2)
    yield case("a retry of a handled delivery is a duplicate; the handler ran once",
               [post(first, h1, expect=ran()), post(first, h1b, expect=DUPLICATE)], dedup="memory")
    for status, what in [(503, "5xx"), (500, "5xx"), (429, "429 Too Many Requests"), (408, "408 Request Timeout")]:
        yield case(f"a handler answering {status} releases the claim ({what}): the retry runs it again",
                   [post(first, h1, handler=f"status:{status}", expect=ran(status)),
                    post(first, h1b, expect=ran()),
                    post(first, h1, expect=DUPLICATE)], dedup="memory")
    yield case("a handler answering 400 decided for good: the claim completes",
               [post(first, h1, handler="status:400", expect=ran(400)), post(first, h1b, expect=DUPLICATE)],
               dedup="memory")
    yield case("a handler that raises releases the claim: the retry runs it again",
               [post(first, h1, handler="raise", expect={"status": 500, "body": None, "ran": True}),
                post(first, h1b, expect=ran())], dedup="memory")
    forged = [[k, "task-2-1" if k == "X-Cloro-Webhook-Id" else v] for k, v in h1]
    yield case("an id header naming another task than the signed body: refused, not a new delivery",
               [post(first, h1, expect=ran()),
                post(first, forged, expect=refused(400, "malformed_header", delivery="task-2-1"))],
               dedup="memory")
    yield case("a delivery another worker is handling answers 409, so the sender retries later",
               [post(first, h1, claimed="task-1", expect={"status": 409, "body": {"error": "in_flight"}, "ran": False})],
               dedup="memory")
    gh_secret, gh_body = "github_integration_secret", '{"zen":"hello"}'
    gh = {"scheme": "github", "secrets": [gh_secret], "tolerance": None}
    sig = [["X-Hub-Signature-256", "sha256=" + hexmac(gh_secret, gh_body)], ["X-GitHub-Event", "ping"]]
    yield case("no dedup key (GitHub without X-GitHub-Delivery): refused while a store is set",
               [post(gh_body, sig, expect=refused(400, "missing_header", scheme="github"))], webhook=gh, dedup="memory")
    yield case("no dedup key, require_dedup_key false: handled without dedup",
               [post(gh_body, sig, expect=ran()), post(gh_body, sig, expect=ran())], webhook=gh, dedup="memory",
               require_dedup_key=False)
    yield case("an unreachable Redis fails closed: 503, handler not run, the sender retries",
               [post(first, h1, expect=refused(503, "dedup_unavailable", log="dedup store unavailable"))],
               dedup="redis_unreachable")


TENANT_SECRETS = {"acme": "whsec_tenant_acme_secret_value_1", "globex": "whsec_tenant_globex_secret_value_2"}


def tenant_cases():
    """A multi-tenant app: the adapter is given a function of the request
    that picks the tenant's Webhook by the X-Tenant header (each runner
    writes it for its framework's request object): None for a tenant it
    does not know, an exception for the tenant `down` (its lookup failed)."""
    tenants = {"tenants": {t: {"scheme": "cloro", "secrets": [s], "tolerance": None}
                           for t, s in TENANT_SECRETS.items()}, "tenant_header": "X-Tenant", "failing": "down"}

    def signed(tenant, n, *, secret=None, task=None):
        task = task or f"{tenant}-{n}"
        body = json.dumps({"task": {"id": task, "status": "COMPLETED"}}, separators=(",", ":"))
        sig = hexmac(secret or TENANT_SECRETS[tenant], f"{T0}.{body}")
        headers = [["X-Tenant", tenant], ["X-Cloro-Timestamp", str(T0)], ["X-Cloro-Signature", f"v1={sig}"],
                   ["X-Cloro-Webhook-Id", f"{task}-1"]]
        return body, headers

    acme, globex = signed("acme", 1), signed("globex", 1)
    yield case("each tenant's delivery verifies with that tenant's secret",
               [post(*acme, expect=ran()), post(*globex, expect=ran())], webhook=tenants)
    forged = signed("globex", 2, secret=TENANT_SECRETS["acme"])
    yield case("a tenant's delivery signed with another tenant's secret is refused",
               [post(*forged, expect=refused(400, "signature_mismatch", delivery="globex-2-1"))], webhook=tenants)
    unknown = [[k, "initech"] if k == "X-Tenant" else [k, v] for k, v in acme[1]]
    yield case("a tenant the app does not know: 404, nothing read or run",
               [post(acme[0], unknown, expect=refused(404, "unknown_tenant", scheme="-"))], webhook=tenants)
    failing = [[k, "down"] if k == "X-Tenant" else [k, v] for k, v in acme[1]]
    yield case("the tenant lookup fails: 503, so the sender retries",
               [post(acme[0], failing, expect={"status": 503, "body": {"error": "tenant_lookup_failed"},
                                               "ran": False, "rejected": "tenant_lookup_failed",
                                               "log": "the function that picks the Webhook"})], webhook=tenants)
    yield case("dedup with tenants: a tenant's retry is a duplicate",
               [post(*acme, expect=ran()), post(*acme, expect=DUPLICATE)], webhook=tenants, dedup="memory")
    # A tenant holds its own secret, so it can sign any task id: its
    # delivery must not make another tenant's be answered "duplicate".
    mine, theirs = signed("globex", 3, task="task-shared"), signed("acme", 3, task="task-shared")
    yield case("two tenants' deliveries with the same id: each is handled once, apart",
               [post(*mine, expect=ran()), post(*theirs, expect=ran()), post(*theirs, expect=DUPLICATE)],
               webhook=tenants, dedup="memory")


def integration():
    cases = [*verification_cases(), *url_cases(), *dedup_cases(), *tenant_cases()]
    for i, c in enumerate(cases, 1):
        c["tcId"] = i
    return {
        "spec": "hookproof integration",
        "generatorVersion": "tests/vectors/generate.py (Python hmac, hashlib, base64)",
        "numberOfTests": len(cases),
        "notes": NOTES,
        "tests": [{"tcId": c.pop("tcId"), **c} for c in cases],
    }


__all__ = ["integration", "CLORO_TASK"]
