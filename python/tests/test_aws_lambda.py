"""hookproof.aws_lambda with the events AWS documents: a REST API event
(payload 1.0, on the execute-api host, the stage in the path), an HTTP API
event and a function URL event (2.0). The integration spec runs over all
three through lambda_gateway.py; these check what the spec cannot: the
https URL a URL-signing sender signed, rebuilt from each event, and the
settle rule for results without a statusCode."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

import hookproof
import pytest
import signers
from conftest import VECTORS
from hookproof.aws_lambda import verify_webhook

TOKEN = "twilio_auth_token_for_lambda_tests"
FORM = urlencode([("CallSid", "CA1234"), ("From", "+14158675310"), ("Body", "hello & bye")])


def twilio_signature(url: str, form: str) -> str:
    """Twilio's published algorithm, by hand: HMAC-SHA1 of the URL and the
    sorted form pairs, base64."""
    data = url + "".join(k + v for k, v in sorted(parse_qsl(form, keep_blank_values=True)))
    return base64.b64encode(hmac.new(TOKEN.encode(), data.encode(), hashlib.sha1).digest()).decode()


def rest_event(body: str, headers: dict[str, str]) -> dict[str, Any]:
    """A REST API proxy event (docs.aws.amazon.com, "Input format of a Lambda
    function for proxy integration"), called on the execute-api host."""
    return {
        "resource": "/hooks/{proxy+}",
        "path": "/hooks/twilio",
        "httpMethod": "POST",
        "headers": {"Host": "abc123.execute-api.us-east-1.amazonaws.com", **headers},
        "multiValueHeaders": {},
        "queryStringParameters": {"tenant": "a b"},
        "multiValueQueryStringParameters": {"tenant": ["a b"]},
        "requestContext": {
            "path": "/prod/hooks/twilio",
            "stage": "prod",
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "identity": {"sourceIp": "198.51.100.4"},
        },
        "body": base64.b64encode(body.encode()).decode(),
        "isBase64Encoded": True,
    }


def v2_event(body: str, headers: dict[str, str], host: str, encoded: bool) -> dict[str, Any]:
    """An HTTP API or function URL event (payload format 2.0)."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/hooks/twilio",
        "rawQueryString": "tenant=a%20b&x=1",
        "headers": {"host": host, **{k.lower(): v for k, v in headers.items()}},
        "requestContext": {
            "domainName": host,
            "http": {"method": "POST", "path": "/hooks/twilio", "sourceIp": "198.51.100.5"},
        },
        "body": base64.b64encode(body.encode()).decode() if encoded else body,
        "isBase64Encoded": encoded,
    }


def handled(event: dict[str, Any], delivery: hookproof.Verified, context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": json.dumps({"sid": dict(parse_qsl(delivery.body.decode()))["CallSid"]})}


def test_rest_api_event_signs_the_stage_path_and_the_rebuilt_query() -> None:
    url = "https://abc123.execute-api.us-east-1.amazonaws.com/prod/hooks/twilio?tenant=a+b"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilio_signature(url, FORM)}
    handler = verify_webhook(hookproof.Webhook("twilio", TOKEN))(handled)
    assert handler(rest_event(FORM, headers), None) == {"statusCode": 200, "body": '{"sid": "CA1234"}'}


def test_http_api_and_function_url_events_sign_the_raw_path_and_query() -> None:
    rejected: list[hookproof.Rejection] = []
    handler = verify_webhook(hookproof.Webhook("twilio", TOKEN), on_reject=rejected.append)(handled)
    for host, encoded in (("api.example.com", False), ("xyz.lambda-url.us-west-2.on.aws", True)):
        url = f"https://{host}/hooks/twilio?tenant=a%20b&x=1"
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": twilio_signature(url, FORM)}
        assert handler(v2_event(FORM, headers, host, encoded), None)["statusCode"] == 200
        forged = v2_event(FORM, {**headers, "X-Twilio-Signature": twilio_signature(url + "&y=2", FORM)}, host, encoded)
        answer = handler(forged, None)
        assert (answer["statusCode"], json.loads(answer["body"])) == (400, {"error": "signature_mismatch"})
    assert [(r.code, r.client) for r in rejected] == [("signature_mismatch", "198.51.100.5")] * 2


SECRET = "whsec_lambda_settle_secret_5e6f7a8b"


def cloro_event(version: str, webhook_id: str) -> dict[str, Any]:
    body = json.dumps({"task": {"id": webhook_id.rsplit("-", 1)[0]}})
    headers = signers.cloro(SECRET, body.encode(), webhook_id=webhook_id)
    if version == "2.0":
        return v2_event(body, headers, "api.example.com", encoded=False)
    event = rest_event(body, headers)
    event["requestContext"]["path"] = "/prod/hook"
    return event


def test_a_result_without_status_code_settles_as_the_gateway_answers_it() -> None:
    """2.0: the gateway answers 200 for a plain result, so the claim
    completes (the retry is a duplicate). 1.0: it answers 502, so the claim
    is released (the retry runs)."""
    runs: list[str] = []

    def plain(event: dict[str, Any], delivery: hookproof.Verified, context: Any) -> Any:
        runs.append(event.get("version", "1.0"))
        return {"ok": True}

    handler = verify_webhook(hookproof.Webhook("cloro", SECRET), dedup=hookproof.MemoryDedup())(plain)
    assert handler(cloro_event("2.0", "t-v2-1"), None) == {"ok": True}
    assert json.loads(handler(cloro_event("2.0", "t-v2-1"), None)["body"]) == {"status": "duplicate"}
    handler(cloro_event("1.0", "t-v1-1"), None)
    handler(cloro_event("1.0", "t-v1-1"), None)
    assert runs == ["2.0", "1.0", "1.0"]


def test_a_status_code_given_as_a_string_settles_by_its_number() -> None:
    """API Gateway accepts "503" as well as 503 (the blueprints' style): a
    string 503 releases the claim, so the retry runs."""
    runs: list[str] = []

    def busy(event: dict[str, Any], delivery: hookproof.Verified, context: Any) -> Any:
        runs.append(delivery.id or "")
        return {"statusCode": "503" if len(runs) == 1 else "200", "body": ""}

    handler = verify_webhook(hookproof.Webhook("cloro", SECRET), dedup=hookproof.MemoryDedup())(busy)
    assert handler(cloro_event("2.0", "t-busy-1"), None)["statusCode"] == "503"
    assert handler(cloro_event("2.0", "t-busy-1"), None)["statusCode"] == "200"
    assert json.loads(handler(cloro_event("2.0", "t-busy-1"), None)["body"]) == {"status": "duplicate"}
    assert runs == ["t-busy-1", "t-busy-1"]


EVENTS = json.loads((VECTORS / "integration" / "lambda_events.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", EVENTS["tests"], ids=lambda c: str(c["tcId"]))
def test_event_reads_as_the_shared_vectors_say(case: dict[str, Any]) -> None:
    """The same file node/test/lambda.test.js reads: one rule in both runtimes."""
    from hookproof.aws_lambda import body_of, seen_of

    seen = seen_of(case["event"])
    want = case["expect"]
    assert (seen.method, f"{seen.scheme}://{seen.host}{seen.target}", seen.client) == (
        want["method"], want["url"], want["client"])
    body = body_of(case["event"], case["max_body"])
    assert body == (None if want["body"] is None else want["body"].encode())
