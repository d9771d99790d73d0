"""A Falcon receiver for cloro deliveries (WSGI; on falcon.asgi.App the
responder is `async def` and the decorator is the same).

    CLORO_WEBHOOK_SECRET=whsec_... gunicorn examples.falcon_app:app
"""

# START falcon
import falcon
import hookproof
from hookproof.falcon import verify_webhook

cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


class CloroHook:
    @verify_webhook(cloro, dedup=hookproof.MemoryDedup())
    def on_post(self, req, resp):
        delivery = req.context.webhook
        resp.media = {"received": delivery.json()["task"]["id"]}


app = falcon.App()
app.add_route("/hooks/cloro", CloroHook())
# END falcon
