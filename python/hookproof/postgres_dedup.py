"""``PostgresDedup``: the dedup store in the app's own PostgreSQL, for apps
that run no Redis. The same claim / complete / release protocol as the
other stores (see ``hookproof.dedup``), over one table:

    key text PRIMARY KEY, state text ('claimed' | 'done'), token text,
    expires_at timestamptz (the lease's end while claimed, the record's end
    once done)

- The table is made by an explicit :meth:`PostgresDedup.create_table`, or by
  :data:`CREATE_TABLE` in your own migration; the store never changes a
  schema by itself. Without the table every call fails, so the integrations
  answer 503 and the sender retries.
- A claim is one statement, one round trip: ``INSERT … ON CONFLICT (key) DO
  UPDATE … WHERE expires_at <= now() RETURNING``, which PostgreSQL makes
  atomic (a concurrent claim of the same key waits for the first to commit,
  then sees its row). No read-then-write race.
- Time is the database's ``now()``: one clock for every app server.
- Expired rows stay until :meth:`PostgresDedup.prune` deletes them (at most
  ``limit`` per call): schedule it (cron, a periodic task). A claim of an
  expired key reuses its row, so an unpruned table only costs space.

Takes a psycopg 3 connection or pool, sync or async: ``psycopg.Connection``
or ``psycopg_pool.ConnectionPool`` for Flask, their ``Async`` forms for
FastAPI and other asyncio apps (the methods then return awaitables); an
asyncpg pool or connection (awaitables too); Django's ``connection``; or a
SQLAlchemy ``Engine``. Each operation is one statement in its own
transaction: give a psycopg pool ``kwargs={"autocommit": True}`` and that is
one round trip each (otherwise BEGIN and COMMIT are two more).

Exactly-once effects (transactional mode): with the store in the
integration as usual, the handler calls :meth:`PostgresDedup.complete_in`
inside its own transaction, on the connection its writes use. The record
turns done in the same commit as those writes: a process killed after the
commit leaves the delivery done (the retry answers duplicate), a rollback
leaves it claimed (the integration releases it and the retry runs). Without
it the store gives what Redis gives: each delivery handled once while the
handlers finish, at least once when a process dies between its commit and
its answer.

The statements are the core's (``hookproof::dedup::postgres_sql``), shared
with the Node package's ``PostgresDedup``.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Awaitable
from typing import Any, Literal, cast

from . import _native, _sql_drivers

__all__ = ["CREATE_TABLE", "ClaimLostError", "PostgresDedup"]

State = Literal["claimed", "in_flight", "done"]
DEFAULT_LEASE = 60.0
DEFAULT_TTL = 3 * 24 * 3600.0
DEFAULT_TABLE = "hookproof_dedup"
#: The tokens of the claims complete_in completed, until the integration
#: settles them: its ``complete`` of that claim then sends nothing. Kept per
#: process, not per store, so a handler that completes through a store of
#: its own is seen too; a token belongs to one claim. At most this many
#: (one per delivery in flight in this process).
_COMPLETED_IN: dict[str, bool] = {}
MAX_COMPLETED_IN = 10_000

#: The default table, for a migration (for another
#: name: ``PostgresDedup(db, table=...).create_table_sql``).
CREATE_TABLE: str = _native.dedup_postgres_sql(DEFAULT_TABLE)["create_table"]


class ClaimLostError(Exception):
    """:meth:`PostgresDedup.complete_in` found no claim to complete: another
    handler of the same delivery committed first, or this delivery was not
    claimed in this store's table (the integration has no ``dedup=`` with
    it). Raised inside the transaction so that it rolls back: its writes
    would repeat the first handler's. The integration answers as for any
    exception (the claim is released, the sender retries and is answered
    duplicate)."""


class PostgresDedup:
    """A store in a PostgreSQL table, shared by every process and instance
    that reaches the database. Call :meth:`create_table` once (at deploy, or
    put :attr:`create_table_sql` in a migration) before the first delivery."""

    def __init__(
        self, db: Any, *, table: str = DEFAULT_TABLE, lease: float = DEFAULT_LEASE, ttl: float = DEFAULT_TTL
    ) -> None:
        if lease <= 0 or ttl <= 0:
            raise ValueError("lease and ttl must be positive")
        self._sql = _native.dedup_postgres_sql(table)  # ValueError for a name that would need quoting
        self.db, self.table, self.lease, self.ttl = db, table, lease, ttl
        # Which driver, read once: its class hierarchy is walked here, not per delivery.
        self._driver = _sql_drivers.kind(db)
        #: This store's table, for a migration.
        self.create_table_sql: str = self._sql["create_table"]

    def create_table(self) -> Any:
        """Creates the table if missing (and changes nothing that exists)."""
        return _sql_drivers.run(self._driver, self.db, self.create_table_sql, (), None)

    def claim(self, key: str) -> tuple[State, str] | Awaitable[tuple[State, str]]:
        token = secrets.token_hex(8)
        result = _sql_drivers.run(
            self._driver, self.db, self._sql["claim"], (key, token, float(self.lease)), lambda row: _state(row, token)
        )
        return cast("tuple[State, str] | Awaitable[tuple[State, str]]", result)

    def complete(self, key: str, token: str) -> Any:
        """Marks the claim done. After :meth:`complete_in` it does nothing:
        the record's state is then the handler's transaction's (done if it
        committed; still claimed, so retried after the lease, if the handler
        swallowed a rollback)."""
        if _COMPLETED_IN.pop(token, False):
            return _done_already() if _sql_drivers.is_async(self._driver) else None
        return _sql_drivers.run(self._driver, self.db, self._sql["complete"], (key, token, float(self.ttl)), None)

    def release(self, key: str, token: str) -> Any:
        _COMPLETED_IN.pop(token, False)
        return _sql_drivers.run(self._driver, self.db, self._sql["release"], (key, token), None)

    def complete_in(self, conn: Any, delivery: Any) -> Any:
        """Marks ``delivery`` (the ``Verified`` the integration gave the
        handler) done inside the open transaction of ``conn``, the
        connection the handler's writes use: it commits with them or rolls
        back with them. Call it first in the transaction: the row lock it
        takes makes a concurrent handler of the same delivery wait, then
        find it done. Raises :class:`ClaimLostError` when there is no claim
        to complete (roll back), RuntimeError when ``conn`` is in no
        transaction. With an async driver it returns an awaitable.

        ``conn``: a psycopg connection (sync or async), an asyncpg
        connection, Django's ``connection`` inside ``transaction.atomic()``,
        or a SQLAlchemy ``Session`` or ``Connection``; the table must be in
        that database."""
        key = delivery.dedup_key
        if key is None:
            raise ValueError("this delivery has no dedup key, so it has no claim to complete")
        store_key = _native.store_key(delivery.scheme, key, delivery.tenant)
        token = _sql_drivers.run_in(conn, self._sql["complete_in"], (store_key, float(self.ttl)))
        if isinstance(token, Awaitable):
            return _checked(token)
        _check(token)
        return None

    def prune(self, limit: int = 10_000) -> Any:
        """Deletes at most ``limit`` expired records; returns how many."""
        return _sql_drivers.run(self._driver, self.db, self._sql["prune"], (int(limit),), lambda row: int(row[0]))

    def __repr__(self) -> str:
        return f"<hookproof.PostgresDedup table={self.table!r} lease={self.lease} ttl={self.ttl}>"


def _check(token: str | None) -> None:
    """Raises when no claim was completed; else remembers its token."""
    if token is None:
        raise ClaimLostError(
            "no claim to complete: another handler of this delivery committed first, "
            "or it was not claimed in this table (is this store the integration's dedup=?)"
        )
    if len(_COMPLETED_IN) >= MAX_COMPLETED_IN:
        with contextlib.suppress(StopIteration, RuntimeError):  # another thread emptied or changed it
            _COMPLETED_IN.pop(next(iter(_COMPLETED_IN)), False)
    _COMPLETED_IN[token] = True


async def _checked(token: Awaitable[str | None]) -> None:
    _check(await token)


async def _done_already() -> None:
    return None


def _state(row: Any, token: str) -> tuple[State, str]:
    won, held = row
    if won == token:
        return "claimed", token
    # Held by another claim, or done. A row a concurrent claim committed after
    # this statement's snapshot reads as absent here: it is in flight.
    return ("done" if held == "done" else "in_flight"), ""
