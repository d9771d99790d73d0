"""PostgresDedup against a real PostgreSQL cluster (conftest's postgres_dsn):
the protocol, sync and async, through a connection and a pool; one claim per
key across threads; a table it never creates; an unreachable database; and
the Flask and FastAPI integrations on it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import hookproof
import psycopg
import pytest
import signers
from dedup_protocol import check_expiry, check_one_claim_wins, check_protocol
from hookproof.dedup import CLAIMED, DONE, IN_FLIGHT
from psycopg_pool import AsyncConnectionPool, ConnectionPool
from test_dedup import SECRET, check_flask_once, flask_app, task


@pytest.fixture
def pool(postgres_dsn: str) -> Any:
    with ConnectionPool(postgres_dsn, min_size=1, max_size=8, kwargs={"autocommit": True}, open=True) as pool:
        yield pool


def fresh(db: Any, name: str, **options: Any) -> hookproof.PostgresDedup:
    """A store on a table of its own, created explicitly."""
    store = hookproof.PostgresDedup(db, table=name, **options)
    store.create_table()
    return store


# A plain connection (not autocommit: BEGIN and COMMIT around each statement)
# and an autocommit pool (each statement its own transaction).
@pytest.mark.parametrize("through", ["connection", "pool"])
def test_claims_complete_and_release_as_every_store_does(postgres_dsn: str, pool: Any, through: str) -> None:
    db = psycopg.connect(postgres_dsn) if through == "connection" else pool
    store = fresh(db, f"semantics_{through}")
    check_protocol(store)


def test_leases_and_records_expire_and_prune_removes_them(pool: Any) -> None:
    store = fresh(pool, "expiry", lease=0.05, ttl=0.1)
    check_expiry(store)


def test_one_claim_wins_across_threads_and_connections(pool: Any) -> None:
    store = fresh(pool, "threads")
    keys = [f"delivery-{i}" for i in range(40)]
    with ThreadPoolExecutor(8) as workers:
        answers = list(workers.map(lambda i: (keys[i % 40], store.claim(keys[i % 40])[0]), range(320)))
    claimed = sorted(key for key, state in answers if state == CLAIMED)
    assert claimed == sorted(keys), "each delivery claimed exactly once"


def test_the_async_forms(postgres_dsn: str) -> None:
    async def run() -> list[str]:
        async with AsyncConnectionPool(postgres_dsn, min_size=1, max_size=4, open=False) as apool:
            store = hookproof.PostgresDedup(apool, table="async_pool")
            await store.create_table()
            state, token = await store.claim("a")
            seen = [state, (await store.claim("a"))[0]]
            await store.complete("a", token)
            seen.append((await store.claim("a"))[0])
        conn = await psycopg.AsyncConnection.connect(postgres_dsn)
        async with conn:
            store = hookproof.PostgresDedup(conn, table="async_pool")
            seen.append((await store.claim("a"))[0])
        return seen

    assert asyncio.run(run()) == [CLAIMED, IN_FLIGHT, DONE, DONE]


def test_the_table_is_never_created_by_the_store(postgres_dsn: str, pool: Any) -> None:
    store = hookproof.PostgresDedup(pool, table="never_made")
    with pytest.raises(psycopg.errors.UndefinedTable):
        store.claim("k")
    with psycopg.connect(postgres_dsn) as conn:
        assert conn.execute("SELECT to_regclass('never_made')").fetchone() == (None,)
    app = flask_app(store, fail=[])
    body = task("pg-missing")
    r = app.test_client().post("/hook", data=body, headers=signers.cloro(SECRET, body))
    assert (r.status_code, r.get_json()) == (503, {"error": "dedup_unavailable"})
    assert app.config["runs"] == []


def test_an_unreachable_database_answers_503_and_the_handler_does_not_run() -> None:
    pool = ConnectionPool("host=127.0.0.1 port=1 user=x connect_timeout=1", min_size=0, max_size=1, timeout=0.5, open=True)
    try:
        app = flask_app(hookproof.PostgresDedup(pool), fail=[])
        body = task("pg-down")
        r = app.test_client().post("/hook", data=body, headers=signers.cloro(SECRET, body))
        assert (r.status_code, r.get_json()) == (503, {"error": "dedup_unavailable"})
        assert app.config["runs"] == []
    finally:
        pool.close()


def test_flask_handles_each_delivery_once_and_retries_failures(pool: Any) -> None:
    check_flask_once(fresh(pool, "flask"), "pg")


def test_settings_are_checked(pool: Any) -> None:
    for bad in [{"lease": 0}, {"ttl": -1}, {"table": "Dedup"}, {"table": "x; DROP TABLE y"}]:
        with pytest.raises(ValueError):
            hookproof.PostgresDedup(pool, **bad)
    assert repr(hookproof.PostgresDedup(pool)) == "<hookproof.PostgresDedup table='hookproof_dedup' lease=60.0 ttl=259200.0>"


def test_fastapi_with_an_async_pool(postgres_dsn: str) -> None:
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient
    from hookproof.fastapi import WebhookRoute, verified_webhook

    runs: list[str] = []
    apool = AsyncConnectionPool(postgres_dsn, min_size=1, max_size=2, kwargs={"autocommit": True}, open=False)
    store = hookproof.PostgresDedup(apool, table="fastapi_async")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await apool.open()
        await store.create_table()
        yield
        await apool.close()

    app = FastAPI(lifespan=lifespan)
    app.router.route_class = WebhookRoute
    wh = hookproof.Webhook("cloro", SECRET)

    @app.post("/hook")
    async def hook(delivery: hookproof.Verified = Depends(verified_webhook(wh, dedup=store))) -> dict[str, bool]:
        runs.append(delivery.dedup_key or "")
        return {"ok": True}

    body = task("fa-pg")
    with TestClient(app) as client:
        first = client.post("/hook", content=body, headers=signers.cloro(SECRET, body, webhook_id="fa-pg-1"))
        second = client.post("/hook", content=body, headers=signers.cloro(SECRET, body, webhook_id="fa-pg-2"))
    assert (first.status_code, first.json()) == (200, {"ok": True})
    assert (second.status_code, second.json()) == (200, {"status": "duplicate"})
    assert runs == ["fa-pg"]


class _Blocking:
    """An async store's methods, each run to completion on one event loop,
    so the shared protocol check can drive it."""

    def __init__(self, store: hookproof.PostgresDedup, loop: asyncio.AbstractEventLoop) -> None:
        self.store, self.loop = store, loop

    def claim(self, key: str) -> Any:
        return self.loop.run_until_complete(self.store.claim(key))  # type: ignore[arg-type]

    def complete(self, key: str, token: str) -> None:
        self.loop.run_until_complete(self.store.complete(key, token))

    def release(self, key: str, token: str) -> None:
        self.loop.run_until_complete(self.store.release(key, token))


@pytest.mark.parametrize("through", ["pool", "connection"])
def test_asyncpg_keeps_the_protocol(postgres_dsn: str, through: str) -> None:
    import asyncpg

    params = dict(part.split("=") for part in postgres_dsn.split())
    dsn = f"postgresql://{params['user']}@{params['host']}:{params['port']}/{params['dbname']}"
    loop = asyncio.new_event_loop()
    try:
        async def connect() -> Any:  # made inside the running loop, which asyncpg binds
            return await (asyncpg.create_pool(dsn, min_size=1, max_size=2) if through == "pool" else asyncpg.connect(dsn))

        db = loop.run_until_complete(connect())
        # The protocol with a lease no slow machine outlasts between two
        # claims; the lease running out on a table of its own, with 50 ms.
        store = hookproof.PostgresDedup(db, table=f"asyncpg_{through}", lease=30)
        short = hookproof.PostgresDedup(db, table=f"asyncpg_{through}_lease", lease=0.05)
        loop.run_until_complete(store.create_table())
        loop.run_until_complete(short.create_table())
        check_protocol(_Blocking(store, loop))
        store = short
        blocking = _Blocking(store, loop)
        blocking.claim("lease")
        time.sleep(0.06)
        assert blocking.claim("lease")[0] == CLAIMED  # the lease ran out
        time.sleep(0.06)
        assert loop.run_until_complete(store.prune()) == 1  # that claim, expired again
        loop.run_until_complete(db.close())
    finally:
        loop.close()
