"""A Starlette receiver for cloro deliveries, through the ASGI middleware
(the same middleware serves Litestar, Quart and any other ASGI app).

    CLORO_WEBHOOK_SECRET=whsec_... uvicorn examples.starlette_app:app
"""

# START starlette
import hookproof
from hookproof.asgi import WebhookMiddleware, webhook_of
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route

cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


async def cloro_hook(request):
    delivery = webhook_of(request)  # genuine; the app still reads the same body
    return JSONResponse({"received": delivery.json()["task"]["id"]})


app = Starlette(
    routes=[Route("/hooks/cloro", cloro_hook, methods=["POST"])],
    middleware=[Middleware(WebhookMiddleware, wh=cloro, paths=["/hooks/cloro"], dedup=hookproof.MemoryDedup())],
)
# END starlette
