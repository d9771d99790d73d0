"""Flask integration.

    from hookproof.flask import verify_webhook

    @app.post("/hooks/cloro")
    @verify_webhook(wh)
    def cloro_hook():
        delivery = flask.g.webhook          # a hookproof.Verified
        ...

The decorator reads ``request.get_data()`` itself, before anything parses it,
answers 400 ``{"error": code}`` when verification fails (and logs a warning on
the ``hookproof`` logger), 413 ``{"error": "body_too_large"}`` above
``max_body`` bytes, and 500 ``{"error": "body_consumed"}`` with an explanation
in the log when a parser already consumed the body. With ``dedup=`` each
delivery is handled once (see ``hookproof.dedup``); when the store cannot be
reached it answers 503 ``{"error": "dedup_unavailable"}``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Response, g, make_response, request
from werkzeug.exceptions import HTTPException

from . import _integration as common
from ._native import Webhook

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["verify_webhook"]

F = TypeVar("F", bound=Callable[..., Any])


def verify_webhook(wh: Webhook | common.WebhookFor, **options: Unpack[common.Options]) -> Callable[[F], F]:
    """Decorates a Flask view so it runs only for genuine deliveries, and with
    ``dedup`` (a ``MemoryDedup`` or ``RedisDedup``) once per delivery: a
    repeat of a handled delivery answers 200 ``{"status": "duplicate"}``, one
    still in flight 409; the claim is released when the view raises or
    answers 5xx, 408, 425 or 429, so the sender's retry is processed. With
    ``dedup``, a delivery without a dedup key is refused (400
    ``missing_header``, logged) unless ``require_dedup_key=False``.

    For senders that sign the URL (Twilio, Square, HubSpot) the URL is the
    one this server saw; behind a proxy give ``public_url`` (the origin the
    sender calls, or a function of the request returning the whole URL), or
    ``trust_forwarded=True`` to read ``Forwarded``/``X-Forwarded-*``.
    ``on_reject`` is called with a ``hookproof.Rejection`` for every request
    the decorator refuses."""
    gate = common.Gate(wh, sync_only=True, **options)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen = _seen()
            bound = gate.for_request(seen, request)
            if isinstance(bound, tuple):
                return _send(bound)
            length = request.content_length
            refused = bound.too_large(length, seen)
            if refused is not None:
                return _send(refused)
            verified = bound.accept(_body(length, bound.max_body), length, seen, request)
            if isinstance(verified, tuple):
                return _send(verified)
            g.webhook = verified
            answer, claim = bound.begin(verified, seen)
            if answer is not None:
                return _send(answer)
            try:
                response = make_response(view(*args, **kwargs))
            except HTTPException as e:  # abort(404): an answer with its status
                bound.finish(claim, e.code)
                raise
            except BaseException:
                bound.finish(claim, None)
                raise
            bound.finish(claim, response.status_code)
            return response

        return wrapper  # type: ignore[return-value]

    return decorator


def _body(length: int | None, max_body: int) -> bytes | None:
    """The raw body, never more than ``max_body + 1`` bytes read. With a
    Content-Length (already checked against the limit) Werkzeug reads that
    many and caches them for the view; without one (chunked) the stream is
    read in bounded steps."""
    if length is not None:
        return request.get_data(cache=True)
    return common.read_bounded(request.stream.read, max_body)


def _seen() -> common.Seen:
    env = request.environ
    target = env.get("RAW_URI") or env.get("REQUEST_URI") or _target(request.url)
    if not target.startswith("/"):
        target = _target(target)
    return common.Seen(
        request.headers, request.remote_addr, request.method, request.scheme, request.host, target
    )


def _target(url: str) -> str:
    """The path and query of an absolute URL."""
    rest = url.partition("://")[2]
    return "/" + rest.partition("/")[2] if rest else url


def _send(answer: common.Answer) -> Response:
    return Response(answer[1], status=answer[0], mimetype="application/json")
