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


def verify_webhook(wh: Webhook, **options: Unpack[common.Options]) -> Callable[[F], F]:
    """Decorates a Falcon responder (``on_post(self, req, resp)``, sync or
    async) so it runs only for genuine deliveries, and with ``dedup`` once
    per delivery."""
    gate = common.Gate(wh, **options)

    def checked(req: Any, resp: Any, body: bytes | None, seen: common.Seen) -> Verified | None:
        """The delivery, or None with the answer set on ``resp``."""
        return settled(req, resp, gate.accept(body, req.content_length, seen, req))

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
                refused = gate.too_large(req.content_length, seen)
                if refused is not None:
                    _send(resp, refused)
                    return None
                body = await common.aread_bounded(req.stream, gate.max_body)
                verified = settled(req, resp, await gate.aaccept(body, req.content_length, seen, req))
                if verified is None:
                    return None
                answer, claim = await gate.abegin(verified, seen)
                if answer is not None:
                    _send(resp, answer)
                    return None
                try:
                    await responder(resource, req, resp, *args, **kwargs)
                except falcon.HTTPError as e:
                    await gate.afinish(claim, e.status_code)
                    raise
                except BaseException:
                    await gate.afinish(claim, None)
                    raise
                await gate.afinish(claim, _status(resp))
                return None

            return cast(F, async_wrapper)

        @functools.wraps(responder)
        def wrapper(resource: Any, req: Any, resp: Any, *args: Any, **kwargs: Any) -> None:
            seen = _wsgi_seen(req)
            refused = gate.too_large(req.content_length, seen)
            if refused is not None:
                _send(resp, refused)
                return None
            # Without a Content-Length Falcon's bounded stream is empty; a server
            # that decoded a chunked body says so (wsgi.input_terminated).
            chunked = req.content_length is None and req.env.get("wsgi.input_terminated")
            stream = req.env["wsgi.input"] if chunked else req.bounded_stream
            verified = checked(req, resp, common.read_bounded(stream.read, gate.max_body), seen)
            if verified is None:
                return None
            answer, claim = gate.begin(verified, seen)
            if answer is not None:
                _send(resp, answer)
                return None
            try:
                responder(resource, req, resp, *args, **kwargs)
            except falcon.HTTPError as e:
                gate.finish(claim, e.status_code)
                raise
            except BaseException:
                gate.finish(claim, None)
                raise
            gate.finish(claim, _status(resp))
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
