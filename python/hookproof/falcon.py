"""Falcon integration, WSGI and ASGI.

    from hookproof.falcon import verify_webhook

    class CloroHook:
        @verify_webhook(wh)
        def on_post(self, req, resp):           # or: async def on_post (falcon.asgi)
            delivery = req.context.webhook      # a hookproof.Verified
            ...

The decorator reads the body itself (never more than the limit and one
chunk, with or without a Content-Length), verifies it, and runs the responder only for
a genuine delivery. The status the responder sets, or the
``falcon.HTTPError`` it raises, settles a dedup claim. The options are
those of ``hookproof.flask.verify_webhook``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import falcon

from . import _integration as common
from ._native import Verified, Webhook
from .asgi import seen_of

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["verify_webhook"]

F = TypeVar("F", bound=Callable[..., Any])


def verify_webhook(wh: Webhook | common.WebhookFor, **options: Unpack[common.Options]) -> Callable[[F], F]:
    """Decorates a Falcon responder (``on_post(self, req, resp)``, sync or
    async) so it runs only for genuine deliveries, and with ``dedup`` once
    per delivery."""
    gate = common.Gate(wh, **options)


    def settled(req: Any, resp: Any, verified: Verified | common.Answer) -> Verified | None:
        if isinstance(verified, tuple):
            _send(resp, verified)
            return None
        req.context.webhook = verified
        return verified

    def decorator(responder: F) -> F:
        if inspect.iscoroutinefunction(responder):

            @functools.wraps(responder)
            async def async_wrapper(resource: Any, req: Any, resp: Any, *args: Any, **kwargs: Any) -> None:
                seen = seen_of(req.scope, req.headers)
                bound = await gate.afor_request(seen, req)
                if isinstance(bound, tuple):
                    _send(resp, bound)
                    return None
                refused = bound.too_large(req.content_length, seen)
                if refused is not None:
                    _send(resp, refused)
                    return None
                body = await common.aread_bounded(req.stream, bound.max_body)
                verified = settled(req, resp, await bound.aaccept(body, req.content_length, seen, req))
                if verified is None:
                    return None
                answer, claim = await bound.abegin(verified, seen)
                if answer is not None:
                    _send(resp, answer)
                    return None
                try:
                    await responder(resource, req, resp, *args, **kwargs)
                except falcon.HTTPError as e:
                    await bound.afinish(claim, e.status_code)
                    raise
                except BaseException:
                    await bound.afinish(claim, None)
                    raise
                await bound.afinish(claim, _status(resp))
                return None

            return cast(F, async_wrapper)

        if gate.webhook_for is not None and inspect.iscoroutinefunction(gate.webhook_for):
            raise TypeError("a sync Falcon responder needs a plain function to pick the Webhook, not a coroutine function")

        @functools.wraps(responder)
        def wrapper(resource: Any, req: Any, resp: Any, *args: Any, **kwargs: Any) -> None:
            seen = _wsgi_seen(req)
            bound = gate.for_request(seen, req)
            if isinstance(bound, tuple):
                _send(resp, bound)
                return None
            refused = bound.too_large(req.content_length, seen)
            if refused is not None:
                _send(resp, refused)
                return None
            # Without a Content-Length Falcon's bounded stream is empty; a server
            # that decoded a chunked body says so (wsgi.input_terminated).
            chunked = req.content_length is None and req.env.get("wsgi.input_terminated")
            stream = req.env["wsgi.input"] if chunked else req.bounded_stream
            body = common.read_bounded(stream.read, bound.max_body)
            verified = settled(req, resp, bound.accept(body, req.content_length, seen, req))
            if verified is None:
                return None
            answer, claim = bound.begin(verified, seen)
            if answer is not None:
                _send(resp, answer)
                return None
            try:
                responder(resource, req, resp, *args, **kwargs)
            except falcon.HTTPError as e:
                bound.finish(claim, e.status_code)
                raise
            except BaseException:
                bound.finish(claim, None)
                raise
            bound.finish(claim, _status(resp))
            return None

        return cast(F, wrapper)

    return decorator


def _wsgi_seen(req: Any) -> common.Seen:
    env = req.env
    target = env.get("RAW_URI") or env.get("REQUEST_URI") or req.relative_uri
    return common.Seen(req.headers, req.remote_addr, req.method, req.scheme, req.get_header("Host") or "", target)


def _status(resp: Any) -> int:
    status = resp.status
    return int(status) if isinstance(status, int) else int(str(status).split()[0])


def _send(resp: Any, answer: common.Answer) -> None:
    resp.status = answer[0]
    resp.content_type = "application/json"
    resp.data = answer[1]
    return None
