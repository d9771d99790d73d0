"""Exactly-once handling: a delivery's ``dedup_key`` is claimed before the
handler runs, completed when it succeeds, released when it fails.

Verification proves origin; it does not stop a replay inside the tolerance
window, nor a sender's own retries. A store remembers which deliveries were
handled:

- ``claim(key)`` is atomic: ``CLAIMED`` for the first caller, ``IN_FLIGHT``
  while another caller holds the claim, ``DONE`` once it completed.
- ``complete(key, token)`` keeps the key as done for ``ttl`` seconds, long
  enough to cover the sender's whole retry schedule (default 3 days: Stripe
  retries for up to three days; cloro for about half an hour).
- ``release(key, token)`` forgets a claim so the sender's retry is processed.

A claim expires by itself after ``lease`` seconds (default 60), so a worker
that crashed mid-handler never blocks a delivery for good. Each claim carries
a random token: only its holder can complete or release it, so a slow handler
whose lease ran out cannot undo a newer claim.

``MemoryDedup`` serves one process (bounded, thread-safe); ``SqliteDedup``
every process on one machine, through one SQLite file; ``RedisDedup`` and
``PostgresDedup`` are shared by every process and instance that talks to the
same Redis or PostgreSQL: the ways to scale out.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable
from typing import Any, Literal, Protocol

from . import _native
from .postgres_dedup import CREATE_TABLE, ClaimLostError, PostgresDedup
from .sqlite_dedup import SqliteDedup

__all__ = [
    "CLAIMED",
    "CREATE_TABLE",
    "DONE",
    "IN_FLIGHT",
    "ClaimLostError",
    "DedupStore",
    "MemoryDedup",
    "PostgresDedup",
    "RedisDedup",
    "SqliteDedup",
]

CLAIMED: Literal["claimed"] = "claimed"
IN_FLIGHT: Literal["in_flight"] = "in_flight"
DONE: Literal["done"] = "done"
State = Literal["claimed", "in_flight", "done"]

DEFAULT_LEASE = 60.0
DEFAULT_TTL = 3 * 24 * 3600.0


class DedupStore(Protocol):
    """What the integrations need from a store (results may be awaitable)."""

    def claim(self, key: str) -> tuple[State, str] | Awaitable[tuple[State, str]]: ...
    def complete(self, key: str, token: str) -> Any: ...
    def release(self, key: str, token: str) -> Any: ...


#: The in-process store is the core's (``hookproof::dedup::MemoryDedup``),
#: shared with the Node package: one process (each gunicorn worker keeps its
#: own; use ``RedisDedup`` to share), a monotonic clock, at most
#: ``max_entries`` keys, the least recently claimed forgotten first.
MemoryDedup = _native.MemoryDedup


class RedisDedup:
    """A store in Redis, shared by every process and instance: pass your own
    ``redis.Redis`` (for Flask, Django) or ``redis.asyncio.Redis`` (for
    FastAPI; the methods then return awaitables). Keys are ``prefix`` +
    dedup key. Each operation is one atomic Lua script."""

    def __init__(
        self, client: Any, prefix: str = "hookproof:", *, lease: float = DEFAULT_LEASE, ttl: float = DEFAULT_TTL
    ) -> None:
        if lease <= 0 or ttl <= 0:
            raise ValueError("lease and ttl must be positive")
        self.client, self.prefix, self.lease, self.ttl = client, prefix, lease, ttl
        # One round trip each; the protocol is written once, in the Rust core.
        self._claim = client.register_script(_native.DEDUP_LUA_CLAIM)
        self._complete = client.register_script(_native.DEDUP_LUA_COMPLETE)
        self._release = client.register_script(_native.DEDUP_LUA_RELEASE)

    def claim(self, key: str) -> tuple[State, str] | Awaitable[tuple[State, str]]:
        token = secrets.token_hex(8)
        result = self._claim(keys=[self.prefix + key], args=[token, int(self.lease * 1000)])
        if isinstance(result, Awaitable):
            return _finish_claim(result, token)
        return _state(result), token

    def complete(self, key: str, token: str) -> Any:
        return self._complete(keys=[self.prefix + key], args=[token, int(self.ttl * 1000)])

    def release(self, key: str, token: str) -> Any:
        return self._release(keys=[self.prefix + key], args=[token])

    def __repr__(self) -> str:
        return f"<hookproof.RedisDedup prefix={self.prefix!r} lease={self.lease} ttl={self.ttl}>"


def _state(raw: Any) -> State:
    value = raw.decode() if isinstance(raw, bytes) else str(raw)
    return CLAIMED if value == CLAIMED else DONE if value == DONE else IN_FLIGHT


async def _finish_claim(result: Awaitable[Any], token: str) -> tuple[State, str]:
    return _state(await result), token
