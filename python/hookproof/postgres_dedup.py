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
or ``psycopg_pool.ConnectionPool`` for Flask and Django, their ``Async``
forms for FastAPI and other asyncio apps (the methods then return
awaitables); or an asyncpg pool or connection (awaitables too). Each operation is one statement in its own transaction: give
the pool ``kwargs={"autocommit": True}`` and that is one round trip each
(otherwise BEGIN and COMMIT are two more).
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Awaitable
from contextlib import AbstractAsyncContextManager, AbstractContextManager, nullcontext
from typing import Any, Literal, cast

__all__ = ["CREATE_TABLE", "PostgresDedup"]

State = Literal["claimed", "in_flight", "done"]
DEFAULT_LEASE = 60.0
DEFAULT_TTL = 3 * 24 * 3600.0
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")

#: The table and its expiry index, for a migration (``{table}`` is the name).
CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS {table} (key text PRIMARY KEY, "
    "state text NOT NULL CHECK (state IN ('claimed', 'done')), token text NOT NULL, "
    "expires_at timestamptz NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS {table}_expires ON {table} (expires_at);"
)


class PostgresDedup:
    """A store in a PostgreSQL table, shared by every process and instance
    that reaches the database. Call :meth:`create_table` once (at deploy, or
    put :data:`CREATE_TABLE` in a migration) before the first delivery."""

    def __init__(
        self, db: Any, *, table: str = "hookproof_dedup", lease: float = DEFAULT_LEASE, ttl: float = DEFAULT_TTL
    ) -> None:
        if lease <= 0 or ttl <= 0:
            raise ValueError("lease and ttl must be positive")
        if not _IDENTIFIER.fullmatch(table):
            raise ValueError("table must be a plain lower-case SQL identifier (letters, digits, _)")
        self.db, self.table, self.lease, self.ttl = db, table, lease, ttl
        # psycopg 3 (sync or Async…) or asyncpg (a pool or a connection).
        self._asyncpg = type(db).__module__.startswith("asyncpg")
        self._async = self._asyncpg or type(db).__name__.startswith("Async")
        t = table
        # Written with $n placeholders (asyncpg's and PostgreSQL's own);
        # _psycopg() renames them for psycopg.
        self._claim_sql = (
            f"WITH won AS (INSERT INTO {t} (key, state, token, expires_at) "
            f"VALUES ($1, 'claimed', $2, now() + $3::float8 * interval '1 second') "
            f"ON CONFLICT (key) DO UPDATE SET state = 'claimed', token = excluded.token, expires_at = excluded.expires_at "
            f"WHERE {t}.expires_at <= now() RETURNING token) "
            f"SELECT (SELECT token FROM won), (SELECT state FROM {t} WHERE key = $1)"
        )
        self._complete_sql = (
            f"UPDATE {t} SET state = 'done', expires_at = now() + $3::float8 * interval '1 second' "
            f"WHERE key = $1 AND token = $2 AND state = 'claimed'"
        )
        self._release_sql = f"DELETE FROM {t} WHERE key = $1 AND token = $2 AND state = 'claimed'"
        self._prune_sql = (
            f"WITH gone AS (DELETE FROM {t} WHERE key IN "
            f"(SELECT key FROM {t} WHERE expires_at <= now() LIMIT $1) RETURNING 1) SELECT count(*) FROM gone"
        )

    def create_table(self) -> Any:
        """Creates the table and its index if missing (and changes nothing that exists)."""
        return self._run(CREATE_TABLE.format(table=self.table), (), None)

    def claim(self, key: str) -> tuple[State, str] | Awaitable[tuple[State, str]]:
        token = secrets.token_hex(8)
        result = self._run(self._claim_sql, (key, token, float(self.lease)), lambda row: _state(row, token))
        return cast("tuple[State, str] | Awaitable[tuple[State, str]]", result)

    def complete(self, key: str, token: str) -> Any:
        return self._run(self._complete_sql, (key, token, float(self.ttl)), None)

    def release(self, key: str, token: str) -> Any:
        return self._run(self._release_sql, (key, token), None)

    def prune(self, limit: int = 10_000) -> Any:
        """Deletes at most ``limit`` expired records; returns how many."""
        return self._run(self._prune_sql, (int(limit),), lambda row: int(row[0]))

    def _run(self, sql: str, args: tuple[Any, ...], read: Any) -> Any:
        if self._asyncpg:
            return self._asyncpg_run(sql, args, read)
        sql, params = _psycopg(sql, args)
        if self._async:
            return self._arun(sql, params, read)
        with self._connection() as conn:
            # One statement: in autocommit it is its own transaction (one
            # round trip); otherwise BEGIN and COMMIT go around it.
            with nullcontext() if conn.autocommit else conn.transaction():
                cur = conn.execute(sql, params)
                return read(cur.fetchone()) if read else None

    async def _arun(self, sql: str, params: dict[str, Any] | None, read: Any) -> Any:
        async with self._aconnection() as conn:
            async with _anull(None) if conn.autocommit else conn.transaction():
                cur = await conn.execute(sql, params)
                return read(await cur.fetchone()) if read else None

    async def _asyncpg_run(self, sql: str, args: tuple[Any, ...], read: Any) -> Any:
        # asyncpg runs each statement as its own transaction outside one.
        async with self.db.acquire() if hasattr(self.db, "acquire") else _anull(self.db) as conn:
            if read:
                return read(await conn.fetchrow(sql, *args))
            await conn.execute(sql, *args)
            return None

    def _connection(self) -> AbstractContextManager[Any]:
        # A pool lends a connection per operation; a connection is used as is.
        return self.db.connection() if hasattr(self.db, "getconn") else nullcontext(self.db)

    def _aconnection(self) -> AbstractAsyncContextManager[Any]:
        return self.db.connection() if hasattr(self.db, "getconn") else _anull(self.db)

    def __repr__(self) -> str:
        return f"<hookproof.PostgresDedup table={self.table!r} lease={self.lease} ttl={self.ttl}>"


def _psycopg(sql: str, args: tuple[Any, ...]) -> tuple[str, dict[str, Any] | None]:
    """$n placeholders as psycopg's named ones (so $1 may appear twice)."""
    if not args:
        return sql, None  # no parameters: several statements may run at once
    return _renamed(sql), {f"p{i}": v for i, v in enumerate(args, 1)}


@functools.lru_cache(maxsize=64)
def _renamed(sql: str) -> str:
    # Once per statement text, not once per delivery.
    return re.sub(r"\$(\d+)", r"%(p\1)s", sql)


def _state(row: Any, token: str) -> tuple[State, str]:
    won, held = row
    if won == token:
        return "claimed", token
    # Held by another claim, or done. A row a concurrent claim committed after
    # this statement's snapshot reads as absent here: it is in flight.
    return ("done" if held == "done" else "in_flight"), ""


class _anull:
    def __init__(self, value: Any) -> None:
        self.value = value

    async def __aenter__(self) -> Any:
        return self.value

    async def __aexit__(self, *exc: object) -> None:
        return None
