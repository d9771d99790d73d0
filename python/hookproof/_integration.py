"""What every Python framework integration does, written once: the steps
around a handler (read the body within the limit, verify, claim, run,
settle), each decided by the core's rules (``hookproof::http``: the answers,
the settle rule, the store key, the request URL). Framework modules only
say how their framework shows a request and takes a response.

Every refusal is answered with the core's bytes (``{"error": code}``, or
``{"status": "duplicate"}``), logged on the ``hookproof`` logger, and
reported to ``on_reject`` when the app gives one.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import logging
import time
from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, Union, cast

from . import _metrics, _native
from ._fetch import averify
from ._native import Verified, Webhook, dedup_without_key, rejection_line
from .errors import VerificationError

if TYPE_CHECKING:
    from ._native import _Headers

#: Request bodies larger than this are answered 413 before verification.
DEFAULT_MAX_BODY: int = _native.DEFAULT_MAX_BODY

logger = logging.getLogger("hookproof")

#: ``(status, JSON body)`` to send instead of running the handler.
Answer = tuple[int, bytes]
#: ``(store key, token)`` of a claimed delivery.
Claim = tuple[str, str]

BODY_CONSUMED_HELP = (
    "the request body was already read before hookproof could verify it "
    "(a form or body parser ran first); let the hookproof integration read the raw body: "
    "do not touch request.form/request.POST/request.data before the decorated view runs"
)


@dataclass(frozen=True)
class Rejection:
    """What ``on_reject`` is told of a request the integration refused:
    the answer's code, the scheme, the delivery id header (when sent) and
    the client's address. Never the secret, the signature or the body."""

    code: str
    scheme: str
    delivery_id: str | None
    client: str | None


@dataclass(frozen=True)
class Seen:
    """What a framework saw of a request: its headers, the client address,
    the method, and what the URL is rebuilt from (``http``/``https``, the
    ``Host`` header, the target as sent: path and query, not decoded)."""

    headers: _Headers
    client: str | None
    method: str
    scheme: str
    host: str
    target: str
    #: When the request arrived (``time.perf_counter``), for the duration metric.
    started: float = field(default_factory=time.perf_counter)


#: What an integration takes in place of a fixed ``Webhook`` for a
#: multi-tenant app: a function of the framework's request (Flask's
#: ``request``, Django's ``HttpRequest``, a Starlette/FastAPI ``Request``,
#: aiohttp's ``Request``, Falcon's ``req``, the ASGI middleware's ``scope``,
#: a Lambda event) that returns the tenant's ``Webhook``, or ``None`` when
#: there is no such tenant (404 ``unknown_tenant``). It may be a coroutine
#: function in async adapters. Keep the ``Webhook``s it returns (build each
#: once, not per request: its keys are prepared when it is built).
WebhookFor = Callable[[Any], Union["Webhook", None, Awaitable[Union["Webhook", None]]]]

#: ``public_url``: the origin the sender calls (``https://hooks.example.com``;
#: the request's path and query are kept), or a function of the framework's
#: request that returns the whole URL.
PublicUrl = Union[str, Callable[[Any], str], None]

class Options(TypedDict, total=False):
    """What every integration takes besides the ``Webhook``.

    - ``max_body``: the largest body read, in bytes (1 MiB); larger is 413.
    - ``dedup``: a ``MemoryDedup`` or ``RedisDedup``: each delivery is
      handled once (a handled repeat answers 200 ``{"status": "duplicate"}``,
      one in flight 409; a handler that raises or answers 5xx, 408, 425 or
      429 releases its claim, so the sender's retry runs it again).
    - ``require_dedup_key``: with ``dedup``, a delivery without a dedup key
      is refused (400 ``missing_header``) unless this is False.
    - ``public_url``: for senders that sign the URL, the origin they call
      (``https://hooks.example.com``), or a function of the request that
      returns the whole URL; by default the URL this server saw.
    - ``trust_forwarded``: read ``Forwarded``/``X-Forwarded-*`` for that URL
      (never the default: whoever sends them chooses the URL checked).
    - ``on_reject``: called with a ``Rejection`` for every refused request.
    """

    max_body: int
    dedup: Any
    require_dedup_key: bool
    public_url: PublicUrl
    trust_forwarded: bool
    on_reject: Callable[[Rejection], Any] | None


_FORWARDING = ("forwarded", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port")


def _schedule(result: Any) -> None:
    """Runs an async ``on_reject`` on the running loop, its failure logged;
    in a sync app (no loop) it cannot run, and says so."""
    import asyncio

    async def run() -> None:
        try:
            await result
        except Exception as e:
            logger.error("on_reject raised %s; the answer stands", type(e).__name__)

    try:
        asyncio.get_running_loop().create_task(run())
    except RuntimeError:
        if hasattr(result, "close"):
            result.close()
        logger.error("on_reject is async but the app is not: give a plain function")


def answer(code: str) -> Answer:
    """The core's answer for ``code`` (its status and JSON bytes)."""
    return _native.http_answer(code)


def header(headers: _Headers, name: str) -> str | None:
    """One header's value, any case; the first of a list-valued one."""
    lower = name.lower()
    try:
        get = getattr(headers, "get", None)
        value = get(name) if get is not None else None
        if value is None and get is not None and lower != name:
            value = get(lower)
        if value is None:
            pairs: Any = headers.items() if hasattr(headers, "items") else headers  # ASGI: a list of pairs
            value = next((v for k, v in pairs if _lower(k) == lower), None)
    except Exception:  # an odd mapping must not break the request
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value if isinstance(value, str) else None


def _lower(name: Any) -> str | None:
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return name.lower() if isinstance(name, str) else None


def parse_length(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def read_bounded(read: Callable[[int], bytes], limit: int) -> bytes | None:
    """At most ``limit`` bytes from a stream; None when it holds more. Reads
    ``limit + 1`` at most, whatever Content-Length said or left out."""
    parts, size = [], 0
    while size <= limit:
        chunk = read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(parts)


async def aread_bounded(chunks: AsyncIterable[bytes], limit: int) -> bytes | None:
    """``read_bounded`` for an ASGI body: stops at the first chunk past the
    limit (at most one chunk more is held)."""
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


class Gate:
    """One integration's options, and the steps every adapter takes with
    them. Built once per decorated view or dependency."""

    def __init__(
        self,
        wh: Webhook | WebhookFor,
        *,
        max_body: int = DEFAULT_MAX_BODY,
        dedup: Any = None,
        require_dedup_key: bool = True,
        public_url: PublicUrl = None,
        trust_forwarded: bool = False,
        on_reject: Callable[[Rejection], Any] | None = None,
        sync_only: bool = False,
    ) -> None:
        #: The function that picks the Webhook per request, if not one for all.
        self.webhook_for: WebhookFor | None = None
        if isinstance(wh, Webhook):
            self.wh: Webhook | None = wh
        elif callable(wh):
            if sync_only and inspect.iscoroutinefunction(wh):
                raise TypeError("this framework's adapter is sync: the function that picks the Webhook "
                                "must be a plain function, not a coroutine function")
            self.wh, self.webhook_for = None, wh
        else:
            raise TypeError(f"expected a hookproof.Webhook or a function of the request, got {type(wh).__name__}")
        self.max_body, self.dedup = max_body, dedup
        self.require_dedup_key, self.public_url = require_dedup_key, public_url
        self.trust_forwarded, self.on_reject = trust_forwarded, on_reject
        self.signs_url = self.wh.signs_url if self.wh is not None else False

    # ------------------------------------------------------------ tenants

    def for_request(self, seen: Seen, request: Any) -> Gate | Answer:
        """This gate, or for a multi-tenant one, a gate bound to the
        request's ``Webhook``; or the answer when there is none: 404
        ``unknown_tenant`` for ``None``, 503 ``tenant_lookup_failed`` when
        the function raised (the sender retries), 500 ``misconfigured`` for
        anything but a ``Webhook``."""
        if self.webhook_for is None:
            return self
        try:
            found = self.webhook_for(request)
        except Exception as e:
            return self._lookup_failed(e, seen)
        if inspect.isawaitable(found):
            if hasattr(found, "close"):
                found.close()
            logger.error("webhook not verified: the function that picks the Webhook is async, "
                         "and this framework's adapter is sync")
            return self.refuse("misconfigured", seen, logged=True)
        return self._bound(found, seen)

    async def afor_request(self, seen: Seen, request: Any) -> Gate | Answer:
        """``for_request`` for async adapters: the function may be a
        coroutine function."""
        if self.webhook_for is None:
            return self
        try:
            if inspect.iscoroutinefunction(self.webhook_for):
                found = await self.webhook_for(request)
            else:
                # A plain function may query a database: off the event loop.
                found = await asyncio.to_thread(self.webhook_for, request)
                if inspect.isawaitable(found):
                    found = await found
        except Exception as e:
            return self._lookup_failed(e, seen)
        return self._bound(found, seen)

    @property
    def webhook(self) -> Webhook:
        """The Webhook of this request: the one given, or the tenant's once
        ``for_request`` bound it (every adapter binds before verifying)."""
        return cast(Webhook, self.wh)

    def _lookup_failed(self, e: Exception, seen: Seen) -> Answer:
        logger.error("webhook not verified: the function that picks the Webhook raised %s", type(e).__name__)
        return self.refuse("tenant_lookup_failed", seen, logged=True)

    def _bound(self, found: Any, seen: Seen) -> Gate | Answer:
        if found is None:
            return self.refuse("unknown_tenant", seen)
        if not isinstance(found, Webhook):
            logger.error("webhook not verified: the function that picks the Webhook returned %s, "
                         "not a hookproof.Webhook or None", type(found).__name__)
            return self.refuse("misconfigured", seen, logged=True)
        if self.dedup is not None and found.tenant is None:
            # One store for every tenant: without the tenant in its keys, a
            # tenant who holds its own secret could have another's delivery
            # answered "duplicate".
            logger.error("webhook not verified: with a dedup store, each tenant's Webhook needs its tenant id "
                         "(hookproof.Webhook(scheme, secret, tenant=...))")
            return self.refuse("misconfigured", seen, logged=True)
        bound = copy.copy(self)
        bound.wh, bound.webhook_for, bound.signs_url = found, None, found.signs_url
        return bound

    # ------------------------------------------------------------ refusals

    def refuse(self, code: str, seen: Seen, delivery_id: str | None = None, *, logged: bool = False) -> Answer:
        """The answer for a refusal, logged (unless the caller ``logged`` it
        with more detail) and reported to ``on_reject``."""
        # Before a tenant's Webhook is known, no scheme or id header is.
        scheme = self.wh.scheme if self.wh is not None else "-"
        if delivery_id is None and self.wh is not None and self.wh.id_header:
            delivery_id = header(seen.headers, self.wh.id_header)
        if logged:
            pass
        elif code == "body_consumed":
            logger.error("webhook not verified: %s", BODY_CONSUMED_HELP)
        else:
            logger.warning("%s", rejection_line(code, scheme, delivery_id, seen.client))
        _metrics.record(scheme, code, seen.started)
        if self.on_reject is not None:
            try:
                result = self.on_reject(Rejection(code, scheme, delivery_id, seen.client))
                if inspect.isawaitable(result):
                    _schedule(result)
            except Exception as e:  # the hook must never change the answer
                logger.error("on_reject raised %s; the answer stands", type(e).__name__)
        return answer(code)

    def too_large(self, length: int | None, seen: Seen) -> Answer | None:
        """413 when a declared Content-Length is over the limit."""
        return self.refuse("body_too_large", seen) if length is not None and length > self.max_body else None

    # -------------------------------------------------------------- verify

    def accept(self, body: bytes | None, length: int | None, seen: Seen, request: Any) -> Verified | Answer:
        """The verified delivery from a body read within the limit (None:
        over it), or the answer refusing it: 413, 500 when a parser left an
        empty stream behind a Content-Length, 400 when it does not verify."""
        if body is None:
            return self.refuse("body_too_large", seen)
        if not body and length:
            return self.refuse("body_consumed", seen)
        return self.verify(body, seen, request)

    def url(self, seen: Seen, request: Any) -> str | None:
        """The URL the sender called, for the schemes that sign it."""
        if not self.signs_url:
            return None
        public = self.public_url
        if callable(public):
            return public(request)
        scheme, host = seen.scheme, seen.host
        forwarded: tuple[str | None, str | None, str | None, str | None] | None = None
        if isinstance(public, str):
            scheme, _, host = public.partition("://")
            host = host.rstrip("/")
        elif self.trust_forwarded:
            std, proto, fhost, port = (header(seen.headers, name) for name in _FORWARDING)
            forwarded = (std, proto, fhost, port)
        return _native.request_url(scheme, host, seen.target, forwarded)

    async def aaccept(self, body: bytes | None, length: int | None, seen: Seen, request: Any) -> Verified | Answer:
        """``accept`` for async adapters: a key the sender publishes is
        fetched first without blocking the event loop (``averify``)."""
        if body is None or (not body and length) or not self.webhook.fetches_keys:
            return self.accept(body, length, seen, request)
        try:
            return await averify(self.webhook, body, seen.headers, url=self.url(seen, request), method=seen.method)
        except VerificationError as e:
            return self._refused(e, seen)

    def verify(self, body: bytes, seen: Seen, request: Any) -> Verified | Answer:
        """The verified delivery, or the answer refusing it."""
        try:
            return self.webhook.verify(body, seen.headers, url=self.url(seen, request), method=seen.method)
        except VerificationError as e:
            return self._refused(e, seen)

    def _refused(self, e: VerificationError, seen: Seen) -> Answer:
        if e.code == "key_unavailable":
            # Not a verdict on the delivery (503, the sender retries): the
            # operator needs the reason, which names the URL and the cause.
            logger.error("webhook not verified: %s", e)
            return self.refuse(e.code, seen, logged=True)
        return self.refuse(e.code, seen)

    # --------------------------------------------------------------- dedup

    def _key(self, delivery: Verified, seen: Seen) -> tuple[str | None, Answer | None]:
        """The store key, or the answer when the delivery cannot be claimed:
        its key contradicts its id (cloro's ``task.id``: changed on the way,
        most likely by a replay), or it has none (the core's rule)."""
        try:
            key = delivery.dedup_key
        except VerificationError as e:
            return None, self.refuse(e.code, seen, delivery.id)
        if key is None:
            refuse, line = dedup_without_key(
                self.webhook.scheme, self.webhook.dedup_header, self.require_dedup_key, delivery.id, seen.client
            )
            logger.warning("%s", line)
            return None, (self.refuse("missing_header", seen, delivery.id) if refuse else None)
        return _native.store_key(delivery.scheme, key, delivery.tenant), None

    def _claimed(self, key: str, result: tuple[str, str], seen: Seen) -> tuple[Answer | None, Claim | None]:
        state, token = result
        said = _native.claim_answer(state)
        if said is not None and said[0] == 503:
            logger.error("webhook not processed: the dedup store answered %r", state)
            return self.refuse("dedup_unavailable", seen, logged=True), None
        _metrics.record(self.webhook.scheme, _native.claim_code(state), seen.started)
        return said, (None if said else (key, token))

    def _handshake(self, delivery: Verified, seen: Seen) -> Answer | None:
        """The reply to a sender's subscription handshake (Azure Event
        Grid's validation event), answered here: the app never sees it,
        and it is not a delivery to deduplicate."""
        reply = self.webhook.handshake(delivery)
        if reply is None:
            return None
        _metrics.record(self.webhook.scheme, None, seen.started)
        return 200, reply

    def begin(self, delivery: Verified, seen: Seen) -> tuple[Answer | None, Claim | None]:
        """Claims the delivery: (answer to send instead of running the handler, claim)."""
        handshake = self._handshake(delivery, seen)
        if handshake is not None:
            return handshake, None
        if self.dedup is None:
            _metrics.record(self.webhook.scheme, None, seen.started)
            return None, None
        key, refused = self._key(delivery, seen)
        if key is None:
            if refused is None:
                _metrics.record(self.webhook.scheme, None, seen.started)
            return refused, None
        try:
            result = self.dedup.claim(key)
        except Exception as e:
            return self._down(e, seen), None
        return self._claimed(key, result, seen)

    async def abegin(self, delivery: Verified, seen: Seen) -> tuple[Answer | None, Claim | None]:
        """``begin`` for stores whose methods may be coroutines (redis.asyncio)."""
        handshake = self._handshake(delivery, seen)
        if handshake is not None:
            return handshake, None
        if self.dedup is None:
            _metrics.record(self.webhook.scheme, None, seen.started)
            return None, None
        key, refused = self._key(delivery, seen)
        if key is None:
            if refused is None:
                _metrics.record(self.webhook.scheme, None, seen.started)
            return refused, None
        try:
            result = self.dedup.claim(key)
            if inspect.isawaitable(result):
                result = await result
        except Exception as e:
            return self._down(e, seen), None
        return self._claimed(key, result, seen)

    def _down(self, e: Exception, seen: Seen) -> Answer:
        """Any store failure fails closed: 503, handler not run."""
        logger.error("webhook not processed: dedup store unavailable (%s)", type(e).__name__)
        return self.refuse("dedup_unavailable", seen, logged=True)

    def finish(self, claim: Claim | None, status: int | None) -> None:
        """Settles the claim by the handler's status (None: it raised)."""
        if claim is not None:
            self._settle(claim, status)

    async def afinish(self, claim: Claim | None, status: int | None) -> None:
        """``finish`` for stores whose methods may be coroutines."""
        if claim is None:
            return
        result = self._settle(claim, status)
        if inspect.isawaitable(result):
            try:
                await result
            except Exception as e:
                self._settle_failed(status, e)

    def _settle(self, claim: Claim, status: int | None) -> Any:
        store = self.dedup
        try:
            return (store.complete if _native.completes(status) else store.release)(*claim)
        except Exception as e:
            self._settle_failed(status, e)
            return None

    @staticmethod
    def _settle_failed(status: int | None, e: Exception) -> None:
        # The claim expires after its lease; until then a retry answers 409.
        what = "complete" if _native.completes(status) else "release"
        logger.error("dedup store failed to %s a claim (%s)", what, type(e).__name__)
