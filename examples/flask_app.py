"""A Flask receiver for cloro deliveries (the README's Flask quick start).

    CLORO_WEBHOOK_SECRET=whsec_... flask --app examples/flask_app run
"""

# START flask
import flask
import hookproof
from hookproof.flask import verify_webhook

app = flask.Flask(__name__)
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")
handled = hookproof.MemoryDedup()  # one process; RedisDedup to share across workers


@app.post("/hooks/cloro")
@verify_webhook(cloro, dedup=handled)
def cloro_hook():
    delivery = flask.g.webhook  # genuine: signature, timestamp and headers checked
    task = delivery.json()["task"]
    return {"received": task["id"], "dedup_key": delivery.dedup_key}
# END flask
