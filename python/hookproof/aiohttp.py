"""aiohttp integration.

    from hookproof.aiohttp import verify_webhook

    @routes.post("/hooks/cloro")
    @verify_webhook(wh)
    async def cloro_hook(request):
        delivery = request["webhook"]       # a hookproof.Verified
        ...

The decorator reads the body itself (never more than the limit and one
chunk, with or without a Content-Length), verifies it, and runs the handler only for a
genuine delivery. A handler's answer, or the ``web.HTTPException`` it
raises, settles a dedup claim by its status. The options are those of
``hookproof.flask.verify_webhook``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import _integration as common
from ._native import Webhook

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["verify_webhook"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def verify_webhook(wh: Webhook | common.WebhookFor, **options: Unpack[common.Options]) -> Callable[[Handler], Handler]:
    """Decorates an aiohttp handler (``async def handler(request)``) so it
    runs only for genuine deliveries, and with ``dedup`` once per delivery."""
    gate = common.Gate(wh, **options)

    def decorator(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            seen = _seen(request)
            bound = await gate.afor_request(seen, request)
            if isinstance(bound, tuple):
                return _send(bound)
            length = request.content_length
            refused = bound.too_large(length, seen)
            if refused is not None:
                return _send(refused)
            body = await common.aread_bounded(request.content.iter_chunked(64 * 1024), bound.max_body)
            verified = await bound.aaccept(body, length, seen, request)
            if isinstance(verified, tuple):
                return _send(verified)
            request["webhook"] = verified
            answer, claim = await bound.abegin(verified, seen)
            if answer is not None:
                return _send(answer)
            try:
                response = await handler(request)
            except web.HTTPException as e:  # aiohttp's answers as exceptions
                await bound.afinish(claim, e.status)
                raise
            except BaseException:
                await bound.afinish(claim, None)
                raise
            await bound.afinish(claim, response.status)
            return response

        return wrapper

    return decorator


def _seen(request: web.Request) -> common.Seen:
    peer = request.remote
    return common.Seen(request.headers, peer, request.method, request.scheme, request.host, request.raw_path)


def _send(answer: common.Answer) -> web.Response:
    return web.Response(body=answer[1], status=answer[0], content_type="application/json")
