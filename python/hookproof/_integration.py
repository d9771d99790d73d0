"""What every framework integration does the same way: the body size limit,
the failure log line, the JSON answers. Framework modules only translate."""

from __future__ import annotations

import inspect
import logging
from typing import TYPE_CHECKING, Any

from ._native import Verified, Webhook, dedup_without_key, rejection_line
from .errors import VerificationError

if TYPE_CHECKING:
    from ._native import _Headers

#: Request bodies larger than this are answered 413 before verification.
DEFAULT_MAX_BODY = 1 << 20

logger = logging.getLogger("hookproof")

def delivery_id(wh: Webhook, headers: _Headers) -> str | None:
    """The delivery id header's raw value, if any (the core sanitizes it)."""
    name = wh.id_header
    if name is None:
        return None
    lower = name.lower()
    try:
        value = next((v for k, v in headers.items() if isinstance(k, str) and k.lower() == lower), None)
    except Exception:  # an odd mapping must not break the log line
        return None
    return value if isinstance(value, str) else None


def log_rejected(code: str, wh: Webhook, headers: _Headers, client: object) -> None:
    """One warning per failed verification: code, scheme, delivery id, client
    (the core's format). Never the secret, the signature or the body."""
    address = client if isinstance(client, str) else None
    logger.warning("%s", rejection_line(code, wh.scheme, delivery_id(wh, headers), address))


BODY_CONSUMED_HELP = (
    "the request body was already read before hookproof could verify it "
    "(a form or body parser ran first); let the hookproof integration read the raw body: "
    "do not touch request.form/request.POST/request.data before the decorated view runs"
)


def too_large(length: int | None, max_body: int) -> bool:
    return length is not None and length > max_body


def parse_length(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# ----------------------------------------------------------------- dedup
#
# The integrations claim a delivery's dedup key before the handler runs and
# complete or release it after; these helpers hold that logic once. A store
# error fails closed: 503, handler not run (the sender retries later).

DUPLICATE = (200, {"status": "duplicate"})
NO_KEY = (400, {"error": "missing_header"})
IN_FLIGHT = (409, {"error": "in_flight"})
UNAVAILABLE = (503, {"error": "dedup_unavailable"})

Claim = tuple[str, str]  # (store key, token)


def dedup_key(delivery: Verified) -> str | None:
    key = delivery.dedup_key
    return f"{delivery.scheme}:{key}" if key else None


def _key_refused(wh: Webhook, delivery: Verified, client: object) -> tuple[int, dict[str, str]] | None:
    """Reading the key refused the delivery: its id header disagrees with the
    key its signed body carries (cloro's ``task.id``), so it was changed on
    the way, most likely by a replay. Answered and logged as a rejection."""
    try:
        delivery.dedup_key  # noqa: B018 (read once; the value is cached)
    except VerificationError as e:
        address = client if isinstance(client, str) else None
        logger.warning("%s", rejection_line(e.code, wh.scheme, delivery.id, address))
        return 400, {"error": e.code}
    return None


def _outcome(state: str, key: str, token: str) -> tuple[tuple[int, dict[str, str]] | None, Claim | None]:
    if state == "done":
        return DUPLICATE, None
    if state == "in_flight":
        return IN_FLIGHT, None
    return None, (key, token)


def _store_down(e: Exception) -> tuple[tuple[int, dict[str, str]], None]:
    """Any store failure fails closed: 503, handler not run."""
    logger.error("webhook not processed: dedup store unavailable (%s)", type(e).__name__)
    return UNAVAILABLE, None


def _settle_failed(succeeded: bool, e: Exception) -> None:
    # The claim expires after its lease; until then a retry answers 409.
    logger.error("dedup store failed to %s a claim (%s)", "complete" if succeeded else "release", type(e).__name__)


def _without_key(wh: Webhook, delivery: Verified, require_key: bool, client: object) -> tuple[int, dict[str, str]] | None:
    """A store is configured but the delivery has no dedup key: refused or
    run without deduplication, and logged, by the core's rule
    (``hookproof::dedup::without_key``)."""
    address = client if isinstance(client, str) else None
    refuse, line = dedup_without_key(wh.scheme, wh.dedup_header, require_key, delivery.id, address)
    logger.warning("%s", line)
    return NO_KEY if refuse else None


def begin(
    store: Any, delivery: Verified, wh: Webhook, require_key: bool = True, client: object = None
) -> tuple[tuple[int, dict[str, str]] | None, Claim | None]:
    """Claims the delivery: (answer to send instead of running the handler, claim)."""
    if store is None:
        return None, None
    if refused := _key_refused(wh, delivery, client):
        return refused, None
    key = dedup_key(delivery)
    if key is None:
        return _without_key(wh, delivery, require_key, client), None
    try:
        state, token = store.claim(key)
    except Exception as e:
        return _store_down(e)
    return _outcome(state, key, token)


async def abegin(
    store: Any, delivery: Verified, wh: Webhook, require_key: bool = True, client: object = None
) -> tuple[tuple[int, dict[str, str]] | None, Claim | None]:
    """``begin`` for stores whose methods may be coroutines (redis.asyncio)."""
    if store is None:
        return None, None
    if refused := _key_refused(wh, delivery, client):
        return refused, None
    key = dedup_key(delivery)
    if key is None:
        return _without_key(wh, delivery, require_key, client), None
    try:
        result = store.claim(key)
        state, token = await result if inspect.isawaitable(result) else result
    except Exception as e:
        return _store_down(e)
    return _outcome(state, key, token)


def finish(store: Any, claim: Claim | None, succeeded: bool) -> None:
    """Completes the claim after a success, releases it otherwise."""
    if store is None or claim is None:
        return
    try:
        (store.complete if succeeded else store.release)(*claim)
    except Exception as e:
        _settle_failed(succeeded, e)


async def afinish(store: Any, claim: Claim | None, succeeded: bool) -> None:
    """``finish`` for stores whose methods may be coroutines."""
    if store is None or claim is None:
        return
    try:
        result = (store.complete if succeeded else store.release)(*claim)
        if inspect.isawaitable(result):
            await result
    except Exception as e:
        _settle_failed(succeeded, e)
