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


def effects(dsn: str, task_id: str) -> int:
    with psycopg.connect(dsn) as conn:
        return int(conn.execute("SELECT count(*) FROM effects WHERE task = %s", [task_id]).fetchone()[0])


def receivers(dsn: str, stack: str, mode: str) -> tuple[str, Any]:
    """A database of their own (the store's default table and the app's
    ``effects``, which refuses the first attempt of a ``rollback`` task), and
    how to serve apps/tx_receiver.py on a port; (its DSN, serve)."""
    name = f"tx_{stack}_{mode}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    db_dsn = dsn.replace("dbname=postgres", f"dbname={name}")
    with psycopg.connect(db_dsn, autocommit=True) as conn:
        hookproof.PostgresDedup(conn).create_table()
        conn.execute("CREATE TABLE effects (task text NOT NULL, webhook_id text NOT NULL "
                     "CHECK (webhook_id NOT LIKE 'rollback-%-1'))")
    env = {"DATABASE_DSN": db_dsn, "TX_STACK": stack, "TX_MODE": mode, "CLORO_WEBHOOK_SECRET": SECRET,
           "PYTHONPATH": str(APPS)}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return db_dsn, lambda port: server([gunicorn, "-w", "1", "-b", f"127.0.0.1:{port}", "tx_receiver:app"], env, port)


@pytest.mark.parametrize("stack", ["psycopg", "sqlalchemy", "django"])
def test_two_server_processes_give_exactly_once_effects(postgres_dsn: str, stack: str) -> None:
    db, serve = receivers(postgres_dsn, stack, "transactional")
    a, b = free_port(), free_port()
    with serve(a), serve(b):
        # Committed, then killed before answering: the sender saw no answer.
        assert post(a, "kill-1-1")[0] == 0
        time.sleep(LEASE + 0.2)  # the claim's lease is over: only the record decides
        assert post(b, "kill-1-2") == (200, {"status": "duplicate"})
        assert effects(db, "kill-1") == 1

        # Rolled back after complete_in (the insert was refused): retried, processed once.
        assert post(a, "rollback-1-1")[0] == 500
        assert post(b, "rollback-1-2") == (200, {"ok": True})
        assert post(a, "rollback-1-3") == (200, {"status": "duplicate"})
        assert effects(db, "rollback-1") == 1

        # Twenty copies racing over both processes.
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda i: post((a, b)[i % 2], f"race-{i}"), range(20)))
        assert {s for s, _ in answers} <= {200, 409}, answers
        assert effects(db, "race") == 1


def test_without_complete_in_a_kill_after_commit_runs_the_handler_twice(postgres_dsn: str) -> None:
    """The plain store's guarantee, as documented: at least once when a
    process dies between its commit and its answer."""
    db, serve = receivers(postgres_dsn, "psycopg", "plain")
    a, b = free_port(), free_port()
    with serve(a), serve(b):
        assert post(a, "kill-2-1")[0] == 0
        time.sleep(LEASE + 0.2)
        assert post(b, "kill-2-2") == (200, {"ok": True})
        assert effects(db, "kill-2") == 2


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


def test_a_swallowed_rollback_leaves_the_delivery_to_its_retry(postgres_dsn: str) -> None:
    """After complete_in the record's state is the transaction's: a handler
    that caught its rollback and answered 200 has the retry (after the
    lease) processed, not answered duplicate over writes that never
    committed."""
    import flask
    from hookproof.flask import verify_webhook
    from psycopg_pool import ConnectionPool

    with ConnectionPool(postgres_dsn, min_size=1, max_size=2, kwargs={"autocommit": True}, open=True) as pool:
        store = hookproof.PostgresDedup(pool, table="tx_swallowed", lease=0.2)
        store.create_table()
        with pool.connection() as conn:
            conn.execute("CREATE TABLE tx_swallowed_effects (task text NOT NULL)")
        app = flask.Flask(__name__)

        @app.post("/hook")
        @verify_webhook(hookproof.Webhook("cloro", SECRET), dedup=store)
        def hook() -> Any:
            delivery = flask.g.webhook
            try:
                with pool.connection() as conn, conn.transaction():
                    store.complete_in(conn, delivery)
                    conn.execute("INSERT INTO tx_swallowed_effects VALUES (%s)", [delivery.dedup_key])
                    if delivery.id.endswith("-1"):
                        raise RuntimeError("rolled back")
            except RuntimeError:
                pass  # the app answers 200 anyway
            return {"ok": True}

        client = app.test_client()
        body = task("swallowed")
        send = lambda n: client.post("/hook", data=body, headers=signers.cloro(SECRET, body, webhook_id=f"swallowed-{n}"))
        assert send(1).get_json() == {"ok": True}
        time.sleep(0.3)
        assert send(2).get_json() == {"ok": True}, "processed again: the first attempt's writes rolled back"
        assert send(3).get_json() == {"status": "duplicate"}
        with psycopg.connect(postgres_dsn) as conn:
            assert conn.execute("SELECT count(*) FROM tx_swallowed_effects").fetchone()[0] == 1


def test_of_two_handlers_whose_leases_overlapped_only_the_first_commit_counts(postgres_dsn: str) -> None:
    """The first handler's lease runs out and a second takes the delivery
    over. The first reaches complete_in and holds the row; the second's
    complete_in waits for that transaction, then finds the delivery done and
    raises ClaimLostError, so its writes roll back."""
    import threading

    with psycopg.connect(postgres_dsn, autocommit=True) as first, psycopg.connect(postgres_dsn, autocommit=True) as second:
        store = hookproof.PostgresDedup(first, table="tx_overlap", lease=0.1)
        store.create_table()
        first.execute("CREATE TABLE tx_overlap_effects (handler text NOT NULL)")
        key = hookproof._native.store_key("cloro", "overlap")
        assert store.claim(key)[0] == "claimed"
        time.sleep(0.15)
        assert store.claim(key)[0] == "claimed", "the lease ran out: a second handler took the delivery over"
        holding, commit = threading.Event(), threading.Event()
        outcome: dict[str, Any] = {}

        def handler(conn: Any, name: str, hold: bool) -> None:
            try:
                with conn.transaction():
                    store.complete_in(conn, delivery("overlap"))
                    conn.execute("INSERT INTO tx_overlap_effects VALUES (%s)", [name])
                    if hold:
                        holding.set()
                        commit.wait(5)
                outcome[name] = "committed"
            except hookproof.ClaimLostError:
                outcome[name] = "claim lost"

        a = threading.Thread(target=handler, args=(first, "first", True))
        a.start()
        assert holding.wait(5)
        b = threading.Thread(target=handler, args=(second, "second", False))
        b.start()
        b.join(0.3)
        assert b.is_alive(), "the second handler waits for the first one's transaction"
        commit.set()
        a.join(5)
        b.join(5)
        assert outcome == {"first": "committed", "second": "claim lost"}
        assert first.execute("SELECT handler FROM tx_overlap_effects").fetchall() == [("first",)]


def test_drivers_are_told_apart_by_their_classes(postgres_dsn: str) -> None:
    """A Session subclass (an app's, SQLModel's) is SQLAlchemy's; an async
    SQLAlchemy object is refused at once rather than answering 503 later."""
    from hookproof import _sql_drivers
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    class AppSession(Session):
        pass

    engine = create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(postgres_dsn))
    assert _sql_drivers.kind(AppSession(engine)) == "sqlalchemy"
    try:
        from sqlalchemy.ext.asyncio import AsyncSession
    except ImportError:  # pragma: no cover - part of SQLAlchemy
        return
    with pytest.raises(TypeError, match="sync Engine"):
        hookproof.PostgresDedup(AsyncSession()).claim("k")
