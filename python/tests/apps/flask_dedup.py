"""A Flask receiver with RedisDedup, for the multi-process tests: its
handler counts runs in Redis and fails the first attempt of deliveries
whose task id starts with "fail-first"."""

import os

import flask
import hookproof
import redis
from hookproof.flask import verify_webhook

client = redis.Redis.from_url(os.environ["REDIS_URL"])
store = hookproof.RedisDedup(client, prefix="test:", lease=30)
app = flask.Flask(__name__)
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


@app.post("/hooks/cloro")
@verify_webhook(cloro, dedup=store)
def hook():  # type: ignore[no-untyped-def]
    delivery = flask.g.webhook
    runs = client.incr(f"runs:{delivery.dedup_key}")
    if delivery.dedup_key.startswith("fail-first") and runs == 1:
        return {"error": "temporarily broken"}, 500
    return {"processed": delivery.dedup_key, "runs": runs}
