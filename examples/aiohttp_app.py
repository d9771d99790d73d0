"""An aiohttp receiver for cloro deliveries.

    CLORO_WEBHOOK_SECRET=whsec_... python -m aiohttp.web -P 8080 examples.aiohttp_app:make_app
"""

# START aiohttp
import hookproof
from aiohttp import web
from hookproof.aiohttp import verify_webhook

cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")
routes = web.RouteTableDef()


@routes.post("/hooks/cloro")
@verify_webhook(cloro, dedup=hookproof.MemoryDedup())
async def cloro_hook(request):
    delivery = request["webhook"]
    return web.json_response({"received": delivery.json()["task"]["id"]})


def make_app(argv=None):
    app = web.Application()
    app.add_routes(routes)
    return app
# END aiohttp
