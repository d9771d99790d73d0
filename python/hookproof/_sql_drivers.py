"""How ``PostgresDedup`` runs one statement on each driver it accepts, so
the store itself only says which statement and what it means.

Statements come from the core with PostgreSQL's ``$n`` placeholders:
asyncpg takes them as they are; psycopg (directly, or under Django or
SQLAlchemy) takes ``%(pn)s`` names, renamed once per statement text.

Two ways to run:

- :func:`run` in a transaction of its own (claim, complete, release,
  prune, create_table): on a psycopg connection or pool (sync or async),
  an asyncpg pool or connection, Django's ``connection``, or a SQLAlchemy
  ``Engine``.
- :func:`run_in` inside the caller's open transaction (``complete_in``),
  on the connection that transaction runs on: psycopg (sync or async),
  asyncpg, Django's ``connection`` inside ``transaction.atomic()``, or a
  SQLAlchemy ``Session`` or ``Connection``. It refuses one that is not in
  a transaction: the statement would commit alone, and the point is to
  commit with the handler's writes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AbstractContextManager, nullcontext
from typing import Any

#: What to read from the statement's first row (None: nothing).
Read = Callable[[Any], Any] | None

NOT_IN_TRANSACTION = (
    "complete_in needs the connection of an open transaction (psycopg's "
    "conn.transaction(), Django's transaction.atomic(), a SQLAlchemy session): "
    "outside one the record would commit alone, before the handler's writes"
)


def kind(db: Any) -> str:
    """Which driver ``db`` belongs to: psycopg, psycopg-async, asyncpg, django or sqlalchemy.
    Read from its class and the classes it extends (an app's or SQLModel's
    ``Session`` subclass is SQLAlchemy's)."""
    modules = [c.__module__ for c in type(db).__mro__]
    if any(m.startswith("asyncpg") for m in modules):
        return "asyncpg"
    if any(m.startswith("sqlalchemy") for m in modules):
        if any(m.startswith("sqlalchemy.ext.asyncio") for m in modules):
            raise TypeError(
                "PostgresDedup takes SQLAlchemy's sync Engine, Session or Connection; for an async app "
                "give it the asyncpg or psycopg async pool the engine uses"
            )
        return "sqlalchemy"
    if any(m.startswith("django") for m in modules) or hasattr(db, "in_atomic_block"):
        return "django"
    return "psycopg-async" if any(c.__name__.startswith("Async") for c in type(db).__mro__) else "psycopg"


def is_async(driver: str) -> bool:
    """Whether a ``kind`` runs statements as awaitables."""
    return driver in ("asyncpg", "psycopg-async")


def run(driver: str, db: Any, sql: str, args: tuple[Any, ...], read: Read) -> Any:
    """One statement in its own transaction on ``db`` (whose ``kind`` is
    ``driver``, read once by the store); ``read(first row)`` or None."""
    if driver == "asyncpg":
        return _asyncpg_run(db, sql, args, read)
    if driver == "sqlalchemy":
        with db.begin() as conn:  # an Engine: a pooled connection, committed at the end
            return _read(_alchemy(conn, sql, args), read)
    named, params = psycopg_form(sql, args)
    if driver == "psycopg-async":
        return _psycopg_arun(db, named, params, read)
    if driver == "django":
        # Django commits each statement by itself outside atomic(); inside
        # one (ATOMIC_REQUESTS) the claim commits with the request.
        with db.cursor() as cursor:
            cursor.execute(named, params)
            return _read(cursor, read)
    with _connection(db) as conn:
        # In autocommit a statement is its own transaction (one round trip);
        # otherwise BEGIN and COMMIT go around it.
        with nullcontext() if conn.autocommit else conn.transaction():
            return _read(conn.execute(named, params), read)


def run_in(conn: Any, sql: str, args: tuple[Any, ...]) -> Any:
    """One statement inside the open transaction ``conn`` runs; the first
    column of the row it returns, or None when it returns none."""
    driver = kind(conn)
    if hasattr(conn, "getconn") or hasattr(conn, "acquire"):
        raise TypeError("complete_in takes the connection your transaction runs on, not a pool")
    if driver == "asyncpg":
        if not conn.is_in_transaction():
            raise RuntimeError(NOT_IN_TRANSACTION)
        return conn.fetchval(sql, *args)
    if driver == "sqlalchemy":
        if hasattr(conn, "get_bind"):  # a Session: its connection, in the session's transaction
            conn = conn.connection()
        elif not conn.in_transaction():
            raise RuntimeError(NOT_IN_TRANSACTION)
        return first(_alchemy(conn, sql, args).fetchone())
    named, params = psycopg_form(sql, args)
    if driver == "django":
        if not conn.in_atomic_block:
            raise RuntimeError(NOT_IN_TRANSACTION)
        with conn.cursor() as cursor:
            cursor.execute(named, params)
            return first(cursor.fetchone())
    if conn.autocommit and _idle(conn):
        raise RuntimeError(NOT_IN_TRANSACTION)
    if driver == "psycopg-async":
        return _psycopg_afirst(conn, named, params)
    return first(conn.execute(named, params).fetchone())


def first(row: Any) -> Any:
    """The first column of a row, or None when there is no row."""
    return row[0] if row else None


def psycopg_form(sql: str, args: tuple[Any, ...]) -> tuple[str, dict[str, Any] | None]:
    """``$n`` placeholders as psycopg's named ones (so ``$1`` may appear twice)."""
    if not args:
        return sql, None  # no parameters: several statements may run at once
    return _renamed(sql), {f"p{i}": v for i, v in enumerate(args, 1)}


@functools.lru_cache(maxsize=64)
def _renamed(sql: str) -> str:
    # Once per statement text, not once per delivery.
    return re.sub(r"\$(\d+)", r"%(p\1)s", sql)


def _read(cursor: Any, read: Read) -> Any:
    return read(cursor.fetchone()) if read else None


def _idle(conn: Any) -> bool:
    from psycopg import pq

    return bool(conn.info.transaction_status == pq.TransactionStatus.IDLE)


def _alchemy(conn: Any, sql: str, args: tuple[Any, ...]) -> Any:
    # The statement goes to the driver as written (no SQLAlchemy parsing),
    # in the driver's own placeholder style.
    if conn.dialect.paramstyle == "numeric_dollar":
        return conn.exec_driver_sql(sql, args)
    return conn.exec_driver_sql(*psycopg_form(sql, args))


def _connection(db: Any) -> AbstractContextManager[Any]:
    # A pool lends a connection per operation; a connection is used as is.
    return db.connection() if hasattr(db, "getconn") else nullcontext(db)


def _aconnection(db: Any) -> AbstractAsyncContextManager[Any]:
    return db.connection() if hasattr(db, "getconn") else _Same(db)


async def _psycopg_arun(db: Any, sql: str, params: dict[str, Any] | None, read: Read) -> Any:
    async with _aconnection(db) as conn:
        async with _Same(None) if conn.autocommit else conn.transaction():
            cursor = await conn.execute(sql, params)
            return read(await cursor.fetchone()) if read else None


async def _psycopg_afirst(conn: Any, sql: str, params: dict[str, Any] | None) -> Any:
    row = await (await conn.execute(sql, params)).fetchone()
    return row[0] if row else None


async def _asyncpg_run(db: Any, sql: str, args: tuple[Any, ...], read: Read) -> Any:
    # asyncpg runs a statement outside a transaction as its own.
    async with db.acquire() if hasattr(db, "acquire") else _Same(db) as conn:
        if read:
            return read(await conn.fetchrow(sql, *args))
        await conn.execute(sql, *args)
        return None


class _Same:
    """``async with`` that gives ``value`` and does nothing else."""

    def __init__(self, value: Any) -> None:
        self.value = value

    async def __aenter__(self) -> Any:
        return self.value

    async def __aexit__(self, *exc: object) -> None:
        return None
