"""A Quart receiver for cloro deliveries, through the ASGI middleware
wrapped around Quart's ASGI app.

    CLORO_WEBHOOK_SECRET=whsec_... hypercorn examples.quart_app:app
"""

# START quart
import hookproof
from hookproof.asgi import WebhookMiddleware, webhook_of
from quart import Quart, request

app = Quart(__name__)
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


@app.post("/hooks/cloro")
async def cloro_hook():
    delivery = webhook_of(request)  # the verified delivery
    return {"received": delivery.json()["task"]["id"]}


app.asgi_app = WebhookMiddleware(app.asgi_app, cloro, paths=["/hooks/cloro"], dedup=hookproof.MemoryDedup())
# END quart
