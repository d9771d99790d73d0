"""ASGI middleware: any ASGI framework (Starlette, Litestar, Quart, Django
under ASGI, FastAPI), verified before the app sees the request.

    from hookproof.asgi import WebhookMiddleware, webhook_of

    # Starlette
    app = Starlette(routes=[Route("/hooks/cloro", hook, methods=["POST"])],
                    middleware=[Middleware(WebhookMiddleware, wh=wh, paths=["/hooks/cloro"])])

    async def hook(request):
        delivery = webhook_of(request)      # a hookproof.Verified
        ...

The middleware reads the body itself from the ASGI channel (never more
than the limit and one chunk, with or without a Content-Length), verifies it, and
hands the same bytes on to the app, so the framework parses them as usual.
The delivery is in the scope (``scope["hookproof.webhook"]``, and
``request.state.webhook`` where the framework keeps state in
``scope["state"]``). Because it sees the status the app answers, it settles
a dedup claim by it (complete, or release on 5xx, 408, 425, 429 or an
exception), before the answer's last bytes leave. The options are those of
``hookproof.flask.verify_webhook``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, MutableMapping
from typing import TYPE_CHECKING, Any

from . import _integration as common
from ._native import Verified, Webhook

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["WebhookMiddleware", "webhook_of"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Where the verified delivery is kept in the scope.
SCOPE_KEY = "hookproof.webhook"


def webhook_of(request_or_scope: Any) -> Verified:
    """The verified delivery of a request the middleware let through (a
    framework request with a ``scope``, or the scope itself)."""
    scope = getattr(request_or_scope, "scope", request_or_scope)
    delivery = scope.get(SCOPE_KEY) if isinstance(scope, MutableMapping) else None
    if not isinstance(delivery, Verified):
        raise LookupError("this request was not verified by hookproof.asgi.WebhookMiddleware (check its paths)")
    return delivery


class ScopeHeaders:
    """An ASGI scope's raw header pairs as a mapping, in the shape hookproof
    reads without copying (Starlette's: ``raw`` pairs and ``getlist``), so
    repeated headers stay visible to the core."""

    __slots__ = ("raw",)

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.raw = raw

    def getlist(self, name: str) -> list[str]:
        key = name.lower().encode("latin-1")
        return [v.decode("latin-1") for k, v in self.raw if k.lower() == key]

    def get(self, name: str, default: str | None = None) -> str | None:
        found = self.getlist(name)
        return found[0] if found else default

    def items(self) -> list[tuple[str, str]]:
        return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in self.raw]


def seen_of(scope: Scope, headers: Any) -> common.Seen:
    """What the server saw of an ASGI request: the raw target (path and
    query as sent), the Host header, the scheme and the client."""
    raw = scope.get("raw_path")
    target = raw.decode("latin-1") if isinstance(raw, bytes) else str(scope.get("path", "/"))
    query = scope.get("query_string")
    if query:
        target += "?" + (query.decode("latin-1") if isinstance(query, bytes) else str(query))
    client = scope.get("client")
    return common.Seen(
        headers,
        client[0] if client else None,
        str(scope.get("method", "POST")),
        str(scope.get("scheme", "http")),
        common.header(headers, "host") or "",
        target,
    )


async def body_chunks(receive: Receive) -> AsyncIterator[bytes]:
    """The request body's chunks from the ASGI channel."""
    while True:
        message = await receive()
        if message.get("type") != "http.request":
            return
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def _answer(send: Send, answer: common.Answer) -> None:
    status, body = answer
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class WebhookMiddleware:
    """Verifies the deliveries sent to ``paths`` (exact paths; every HTTP
    request when None) before the app runs."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        wh: Webhook | common.WebhookFor,
        *,
        paths: Iterable[str] | None = None,
        **options: Unpack[common.Options],
    ) -> None:
        self.app, self.paths = app, None if paths is None else frozenset(paths)
        self.gate = common.Gate(wh, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or (self.paths is not None and scope.get("path") not in self.paths):
            await self.app(scope, receive, send)
            return
        seen = seen_of(scope, ScopeHeaders(list(scope.get("headers", []))))
        gate = await self.gate.afor_request(seen, scope)
        if isinstance(gate, tuple):
            await _answer(send, gate)
            return
        length = common.parse_length(common.header(seen.headers, "content-length"))
        refused = gate.too_large(length, seen)
        if refused is not None:
            await _answer(send, refused)
            return
        body = await common.aread_bounded(body_chunks(receive), gate.max_body)
        verified = await gate.aaccept(body, length, seen, scope)
        if isinstance(verified, tuple):
            await _answer(send, verified)
            return
        answer, claim = await gate.abegin(verified, seen)
        if answer is not None:
            await _answer(send, answer)
            return
        scope[SCOPE_KEY] = verified
        state = scope.setdefault("state", {})
        if isinstance(state, MutableMapping):
            state["webhook"] = verified
        await self._run(gate, scope, _replay(verified.body, receive), send, claim)

    async def _run(
        self, gate: common.Gate, scope: Scope, receive: Receive, send: Send, claim: common.Claim | None
    ) -> None:
        """Runs the app and settles the claim by its status, before the
        answer's last bytes leave (a repeat arriving after the sender saw
        2xx is then always a duplicate)."""
        status: list[int | None] = [None]
        settled = [claim is None]

        async def settle(outcome: int | None) -> None:
            if not settled[0]:
                settled[0] = True
                await gate.afinish(claim, outcome)

        async def watch(message: Message) -> None:
            if message.get("type") == "http.response.start":
                status[0] = int(message.get("status", 500))
            elif message.get("type") == "http.response.body" and not message.get("more_body", False):
                await settle(status[0])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except BaseException:
            await settle(None)
            raise
        await settle(status[0])


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives the app the body already read, then
    the original channel (its disconnect)."""
    sent = [False]

    async def replay() -> Message:
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
