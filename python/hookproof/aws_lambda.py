"""AWS Lambda integration: API Gateway REST APIs (payload format 1.0), HTTP
APIs (2.0) and Lambda function URLs (2.0).

    from hookproof.aws_lambda import verify_webhook

    @verify_webhook(wh, dedup=hookproof.RedisDedup(redis.Redis(...)))
    def handler(event, delivery, context):
        ...                                   # delivery: a hookproof.Verified
        return {"statusCode": 200, "body": "ok"}

The handler is called as ``handler(event, delivery, context)``: the event
and the context Lambda passed, with the verified delivery between them (as
``hookproof/web``'s ``withWebhook`` passes ``(request, delivery)``). Refusals
are returned as proxy responses (``statusCode``, ``headers``, ``body``) with
the core's answers, as every other integration gives them.

What the event says, read once here:

- the body is ``event["body"]``, base64-decoded when ``isBase64Encoded``
  (binary media types on REST APIs; any non-text type on HTTP APIs and
  function URLs). Over ``max_body`` it is 413; the estimate from the base64
  length is checked before decoding. A body that is not strict base64 (the
  standard alphabet, padded) reads as empty, so it does not verify. The gateway has already read the whole
  request (at most 6 MB reaches a function), so the bound here protects
  verification, not the network read.
- header maps are looked up in any case (HTTP APIs and function URLs send
  lower-cased names, REST APIs the sender's).
- for senders that sign the URL (Twilio, Square, HubSpot) the URL is
  ``https://`` + the ``Host`` header (else ``requestContext.domainName``) +
  the path the caller used (``rawPath`` and ``rawQueryString`` in 2.0;
  ``requestContext.path``, which keeps a REST API's stage, in 1.0). A REST
  API event carries the query only as decoded parameters, so it is rebuilt
  form-encoded in the order given. When the sender's URL had another
  encoding, or a custom domain maps a base path, give ``public_url`` as a
  function of the event returning the whole URL (a string ``public_url``
  replaces only the origin).
- the client is ``sourceIp`` of the request context.

A handler result settles a claim by its ``statusCode``. A 2.0 result without
one is answered 200 by the gateway, so it completes; a 1.0 result without one
is the gateway's 502, so it releases, as an exception does.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from . import _integration as common
from ._native import Verified, Webhook

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["verify_webhook"]

#: What Lambda calls: ``handler(event, context)``.
LambdaHandler = Callable[[dict[str, Any], Any], Any]


def verify_webhook(
    wh: Webhook | common.WebhookFor, **options: Unpack[common.Options]
) -> Callable[[Callable[[dict[str, Any], Verified, Any], Any]], LambdaHandler]:
    """Decorates a Lambda handler ``(event, delivery, context)`` so it runs
    only for genuine deliveries, and with ``dedup`` once per delivery (a
    handled repeat answers 200 ``{"status": "duplicate"}``, one in flight
    409; a handler that raises or returns 5xx, 408, 425 or 429 releases its
    claim). Options as for every integration (``hookproof.flask``); a
    ``public_url`` function is given the event. ``on_reject`` must be a
    plain function here: Lambda freezes the process once the handler
    returns, so an async hook would not run."""
    gate = common.Gate(wh, sync_only=True, **options)

    def decorator(handler: Callable[[dict[str, Any], Verified, Any], Any]) -> LambdaHandler:
        @functools.wraps(handler)
        def wrapper(event: dict[str, Any], context: Any = None) -> Any:
            seen = seen_of(event)
            bound = gate.for_request(seen, event)
            if isinstance(bound, tuple):
                return respond(bound)
            body = body_of(event, bound.max_body)
            verified = bound.accept(body, None, seen, event)
            if isinstance(verified, tuple):
                return respond(verified)
            answer, claim = bound.begin(verified, seen)
            if answer is not None:
                return respond(answer)
            try:
                result = handler(event, verified, context)
            except BaseException:
                bound.finish(claim, None)
                raise
            bound.finish(claim, status_of(event, result))
            return result

        return wrapper

    return decorator


#: Strict base64: the standard alphabet, padded to a multiple of 4 (Node's
#: twin in lambda.js is the same pattern).
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_STATUS = re.compile(r"[1-5][0-9][0-9]")


def _v2(event: dict[str, Any]) -> bool:
    return event.get("version") == "2.0"


def seen_of(event: dict[str, Any]) -> common.Seen:
    """The request as the gateway described it."""
    context = event.get("requestContext") or {}
    headers = event.get("headers") or {}
    host = common.header(headers, "host") or context.get("domainName") or ""
    if _v2(event):
        http = context.get("http") or {}
        query = event.get("rawQueryString") or ""
        target = (event.get("rawPath") or http.get("path") or "/") + (f"?{query}" if query else "")
        return common.Seen(headers, http.get("sourceIp"), http.get("method") or "POST", "https", host, target)
    params = event.get("multiValueQueryStringParameters") or {  # absent or empty
        k: [v] for k, v in (event.get("queryStringParameters") or {}).items()
    }
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    target = (context.get("path") or event.get("path") or "/") + (f"?{query}" if query else "")
    client = (context.get("identity") or {}).get("sourceIp")
    return common.Seen(headers, client, event.get("httpMethod") or "POST", "https", host, target)


def body_of(event: dict[str, Any], limit: int) -> bytes | None:
    """The raw body, or None above ``limit`` bytes."""
    body = event.get("body") or ""
    if not event.get("isBase64Encoded"):
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        return None if len(raw) > limit else raw
    if len(body) // 4 * 3 - 2 > limit:  # larger whatever its padding: not decoded
        return None
    if not _BASE64.fullmatch(body):
        return b""  # not what a gateway sends: read as empty, it does not verify
    raw = base64.b64decode(body)
    return None if len(raw) > limit else raw


def status_of(event: dict[str, Any], result: Any) -> int | None:
    """The status the gateway answers for a handler's result (a number, or
    three digits as a string, which the gateway accepts too)."""
    status = result.get("statusCode") if isinstance(result, dict) else None
    if isinstance(status, str) and _STATUS.fullmatch(status):
        return int(status)
    if isinstance(status, int) and not isinstance(status, bool):
        return status
    return 200 if _v2(event) else None


def respond(answer: common.Answer) -> dict[str, Any]:
    """A proxy response (both payload formats) for the core's answer."""
    status, body = answer
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": body.decode("utf-8"),
        "isBase64Encoded": False,
    }
