"""The Flask receiver of bench/load.py. Each ``/hooks/<store>`` route has a
``/plain/<store>`` twin that does the same handler work without hookproof
(no verification, no store): the baseline it is measured against.

- ``redis``: RedisDedup shared by the gunicorn workers; the handler counts
  the delivery in Redis (one INCR).
- ``postgres``: PostgresDedup; the handler inserts one row (autocommit).
- ``postgres-tx``: PostgresDedup in transactional mode; the handler inserts
  one row in a transaction that also completes the claim (``complete_in``).
"""

import os

import flask
import hookproof
import redis
from hookproof.flask import verify_webhook
from psycopg_pool import ConnectionPool

client = redis.Redis.from_url(os.environ["REDIS_URL"])
# A sync worker serves one request at a time: the claim returns its
# connection before the handler takes one.
pool = ConnectionPool(os.environ["DATABASE_DSN"], min_size=1, max_size=2, kwargs={"autocommit": True}, open=True)
app = flask.Flask(__name__)
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")
redis_store = hookproof.RedisDedup(client, prefix="load-flask:")
postgres_store = hookproof.PostgresDedup(pool, table="load_flask")
tx_store = hookproof.PostgresDedup(pool, table="load_flask_tx")
INSERT = "INSERT INTO load_effects (receiver, key) VALUES (%s, %s)"


def plain_key() -> str:
    flask.request.get_data()
    return flask.request.headers.get("X-Cloro-Webhook-Id", "")


@app.post("/hooks/redis")
@verify_webhook(cloro, dedup=redis_store)
def hooks_redis():  # type: ignore[no-untyped-def]
    client.incr("handled-flask:" + flask.g.webhook.dedup_key)
    return {"ok": True}


@app.post("/plain/redis")
def plain_redis():  # type: ignore[no-untyped-def]
    client.incr("plain-flask:" + plain_key())
    return {"ok": True}


@app.post("/hooks/postgres")
@verify_webhook(cloro, dedup=postgres_store)
def hooks_postgres():  # type: ignore[no-untyped-def]
    with pool.connection() as conn:
        conn.execute(INSERT, ("flask", flask.g.webhook.dedup_key))
    return {"ok": True}


@app.post("/plain/postgres")
def plain_postgres():  # type: ignore[no-untyped-def]
    with pool.connection() as conn:
        conn.execute(INSERT, ("flask-plain", plain_key()))
    return {"ok": True}


@app.post("/hooks/postgres-tx")
@verify_webhook(cloro, dedup=tx_store)
def hooks_postgres_tx():  # type: ignore[no-untyped-def]
    delivery = flask.g.webhook
    with pool.connection() as conn, conn.transaction():
        tx_store.complete_in(conn, delivery)
        conn.execute(INSERT, ("flask-tx", delivery.dedup_key))
    return {"ok": True}


@app.post("/plain/postgres-tx")
def plain_postgres_tx():  # type: ignore[no-untyped-def]
    with pool.connection() as conn, conn.transaction():
        conn.execute(INSERT, ("flask-tx-plain", plain_key()))
    return {"ok": True}
