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
from typing import Any, TypeVar

from flask import Response, g, jsonify, make_response, request

from . import _integration as common
from ._native import Webhook
from .errors import VerificationError

__all__ = ["verify_webhook"]

F = TypeVar("F", bound=Callable[..., Any])


def verify_webhook(
    wh: Webhook, *, max_body: int = common.DEFAULT_MAX_BODY, dedup: Any = None, require_dedup_key: bool = True
) -> Callable[[F], F]:
    """Decorates a Flask view so it runs only for genuine deliveries, and with
    ``dedup`` (a ``MemoryDedup`` or ``RedisDedup``) once per delivery: a
    repeat of a handled delivery answers 200 ``{"status": "duplicate"}``, one
    still in flight 409; the claim is released when the view raises or
    answers 5xx, so the sender's retry is processed. With ``dedup``, a
    delivery without a dedup key is refused (400 ``missing_header``, logged)
    unless ``require_dedup_key=False``."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            length = request.content_length
            if common.too_large(length, max_body):
                return _answer(413, "body_too_large")
            body = request.get_data(cache=True)
            if len(body) > max_body:
                return _answer(413, "body_too_large")
            if not body and length:
                common.logger.error("webhook not verified: %s", common.BODY_CONSUMED_HELP)
                return _answer(500, "body_consumed")
            try:
                g.webhook = wh.verify(body, request.headers)
            except VerificationError as e:
                common.log_rejected(e.code, wh, request.headers, request.remote_addr)
                return _answer(400, e.code)
            answer, claim = common.begin(dedup, g.webhook, wh, require_dedup_key, request.remote_addr)
            if answer is not None:
                return jsonify(answer[1]), answer[0]
            try:
                response = make_response(view(*args, **kwargs))
            except BaseException:
                common.finish(dedup, claim, succeeded=False)
                raise
            common.finish(dedup, claim, succeeded=response.status_code < 500)
            return response

        return wrapper  # type: ignore[return-value]

    return decorator


def _answer(status: int, code: str) -> tuple[Response, int]:
    return jsonify(error=code), status
