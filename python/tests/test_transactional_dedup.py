"""Exactly-once effects: PostgresDedup.complete_in commits the delivery's
record with the handler's own writes. Two real gunicorn processes on
loopback, one real PostgreSQL cluster (conftest's postgres_dsn), and the
three ways apps reach it: psycopg, SQLAlchemy, Django.

- The handler commits its write, then its process is killed before it
  answers. The sender's retry, to the other process and after the lease has
  run out, finds the delivery done: the write is there once.
- Without complete_in (the plain store) the same retry runs the handler
  again: the write is there twice. This is the window transactional mode
  closes, and what the docs say the plain store guarantees.
- A transaction that rolls back is retried and processed once.
- Copies of one delivery racing over both processes write once.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import hookproof
import psycopg
import pytest
import signers
from test_dedup import SECRET, task
from test_servers import free_port, server

APPS = Path(__file__).parent / "apps"
LEASE = 1.0  # the receivers' lease, in seconds


def post(port: int, webhook_id: str) -> tuple[int, Any]:
    """One delivery of task ``<id without -n>``; (None, reason) when the
    connection dropped without an answer."""
    body = task(webhook_id.rsplit("-", 1)[0])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("POST", "/hooks/cloro", body=body,
                     headers={**signers.cloro(SECRET, body, webhook_id=webhook_id), "Content-Type": "application/json"})
        response = conn.getresponse()
        text = response.read()
        return response.status, (json.loads(text) if text.startswith(b"{") else text)
    except (http.client.RemoteDisconnected, ConnectionResetError) as e:
        return 0, type(e).__name__
    finally:
        conn.close()


def effects(dsn: str, table: str, key: str) -> int:
    with psycopg.connect(dsn) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}_effects WHERE delivery = %s", [key]).fetchone()[0])


def receivers(dsn: str, stack: str, mode: str) -> tuple[str, Any]:
    table = f"tx_{stack}_{mode}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        hookproof.PostgresDedup(conn, table=table).create_table()
        conn.execute(f"CREATE TABLE {table}_effects (delivery text NOT NULL)")
    env = {"DATABASE_DSN": dsn, "TX_STACK": stack, "TX_MODE": mode, "TX_TABLE": table,
           "CLORO_WEBHOOK_SECRET": SECRET, "PYTHONPATH": str(APPS)}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return table, lambda port: server([gunicorn, "-w", "1", "-b", f"127.0.0.1:{port}", "tx_receiver:app"], env, port)


@pytest.mark.parametrize("stack", ["psycopg", "sqlalchemy", "django"])
def test_two_server_processes_give_exactly_once_effects(postgres_dsn: str, stack: str) -> None:
    table, serve = receivers(postgres_dsn, stack, "transactional")
    a, b = free_port(), free_port()
    with serve(a), serve(b):
        # Committed, then killed before answering: the sender saw no answer.
        assert post(a, "kill-1-1")[0] == 0
        time.sleep(LEASE + 0.2)  # the claim's lease is over: only the record decides
        assert post(b, "kill-1-2") == (200, {"status": "duplicate"})
        assert effects(postgres_dsn, table, "kill-1") == 1

        # Rolled back (the handler raised after its write): retried, processed once.
        assert post(a, "rollback-1-1")[0] == 500
        assert post(b, "rollback-1-2") == (200, {"processed": "rollback-1"})
        assert post(a, "rollback-1-3") == (200, {"status": "duplicate"})
        assert effects(postgres_dsn, table, "rollback-1") == 1

        # Twenty copies racing over both processes.
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda i: post((a, b)[i % 2], f"race-{i}"), range(20)))
        assert {s for s, _ in answers} <= {200, 409}, answers
        assert effects(postgres_dsn, table, "race") == 1


def test_without_complete_in_a_kill_after_commit_runs_the_handler_twice(postgres_dsn: str) -> None:
    """The plain store's guarantee, as documented: at least once when a
    process dies between its commit and its answer."""
    table, serve = receivers(postgres_dsn, "psycopg", "plain")
    a, b = free_port(), free_port()
    with serve(a), serve(b):
        assert post(a, "kill-2-1")[0] == 0
        time.sleep(LEASE + 0.2)
        assert post(b, "kill-2-2") == (200, {"processed": "kill-2"})
        assert effects(postgres_dsn, table, "kill-2") == 2


def delivery(key: str) -> hookproof.Verified:
    body = task(key)
    wh = hookproof.Webhook("cloro", SECRET)
    return wh.verify(body, signers.cloro(SECRET, body, webhook_id=f"{key}-1"))


def test_complete_in_refuses_what_would_not_commit_with_the_handler(postgres_dsn: str) -> None:
    with psycopg.connect(postgres_dsn, autocommit=True) as conn:
        store = hookproof.PostgresDedup(conn, table="tx_refusals")
        store.create_table()
        state, _ = store.claim(hookproof._native.store_key("cloro", "t1"))
        assert state == "claimed"
        # Autocommit and no transaction: the record would commit alone.
        with pytest.raises(RuntimeError, match="open transaction"):
            store.complete_in(conn, delivery("t1"))
        # No claim for this delivery: roll back rather than repeat its effects.
        with pytest.raises(hookproof.ClaimLostError, match="no claim"), conn.transaction():
            store.complete_in(conn, delivery("never-claimed"))
        with conn.transaction():
            store.complete_in(conn, delivery("t1"))
        assert store.claim(hookproof._native.store_key("cloro", "t1"))[0] == "done"
        # Completed once: a second handler finds no claim.
        with pytest.raises(hookproof.ClaimLostError), conn.transaction():
            store.complete_in(conn, delivery("t1"))
    with pytest.raises(TypeError, match="not a pool"):
        store.complete_in(type("Pool", (), {"getconn": None})(), delivery("t1"))


def test_complete_in_on_async_drivers(postgres_dsn: str) -> None:
    import asyncpg

    async def run() -> list[str]:
        conn = await psycopg.AsyncConnection.connect(postgres_dsn, autocommit=True)
        async with conn:
            store = hookproof.PostgresDedup(conn, table="tx_async")
            await store.create_table()
            key = hookproof._native.store_key("cloro", "a1")
            assert (await store.claim(key))[0] == "claimed"
            async with conn.transaction():
                await store.complete_in(conn, delivery("a1"))
            seen = [(await store.claim(key))[0]]
        params = dict(part.split("=", 1) for part in postgres_dsn.split())
        pg = await asyncpg.connect(host=params["host"], port=int(params["port"]), user=params["user"],
                                   database=params["dbname"])
        try:
            store = hookproof.PostgresDedup(pg, table="tx_async")
            key = hookproof._native.store_key("cloro", "a2")
            assert (await store.claim(key))[0] == "claimed"
            try:
                await store.complete_in(pg, delivery("a2"))
            except RuntimeError:
                seen.append("refused outside a transaction")
            async with pg.transaction():
                await store.complete_in(pg, delivery("a2"))
            seen.append((await store.claim(key))[0])
        finally:
            await pg.close()
        return seen

    assert asyncio.run(run()) == ["done", "refused outside a transaction", "done"]


def test_the_statements_are_the_cores() -> None:
    store = hookproof.PostgresDedup(object(), table="named_here")
    assert store.create_table_sql == hookproof._native.dedup_postgres_sql("named_here")["create_table"]
    assert "named_here" in store.create_table_sql and "hookproof_dedup" in hookproof.dedup.CREATE_TABLE
    with pytest.raises(ValueError, match="identifier"):
        hookproof.PostgresDedup(object(), table="x; DROP TABLE y")
