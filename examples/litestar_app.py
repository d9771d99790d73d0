"""A Litestar receiver for cloro deliveries, through the ASGI middleware.

    CLORO_WEBHOOK_SECRET=whsec_... uvicorn examples.litestar_app:app

(No `from __future__ import annotations` here: Litestar reads the handler's
annotations at run time.)
"""

# START litestar
import hookproof
from hookproof.asgi import WebhookMiddleware, webhook_of
from litestar import Litestar, Request, post
from litestar.middleware import DefineMiddleware

cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


@post("/hooks/cloro", status_code=200)
async def cloro_hook(request: Request) -> dict:
    delivery = webhook_of(request)  # the verified delivery
    return {"received": delivery.json()["task"]["id"]}


hook = DefineMiddleware(WebhookMiddleware, wh=cloro, paths=["/hooks/cloro"], dedup=hookproof.MemoryDedup())
app = Litestar([cloro_hook], middleware=[hook])
# END litestar
