"""The Flask receiver of bench/load.py: /hooks verifies cloro deliveries with
a RedisDedup shared by the gunicorn workers and counts each handled delivery
in Redis; /plain answers without verification (the baseline)."""

import os

import flask
import hookproof
import redis
from hookproof.flask import verify_webhook

client = redis.Redis.from_url(os.environ["REDIS_URL"])
app = flask.Flask(__name__)
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


@app.post("/hooks")
@verify_webhook(cloro, dedup=hookproof.RedisDedup(client, prefix="load-flask:"))
def hooks():  # type: ignore[no-untyped-def]
    client.incr("handled-flask:" + flask.g.webhook.dedup_key)
    return {"ok": True}


@app.post("/plain")
def plain():  # type: ignore[no-untyped-def]
    flask.request.get_data()
    return {"ok": True}
