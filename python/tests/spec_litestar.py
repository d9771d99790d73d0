"""The integration spec's Litestar app (a module of its own: Litestar reads
a handler's annotations at run time, which `from __future__ import
annotations` would turn into names it cannot resolve)."""

from typing import Any

from hookproof.asgi import WebhookMiddleware, webhook_of
from litestar import Litestar, Request, Response, post
from litestar.middleware import DefineMiddleware


def make(wh: Any, opts: dict, app: Any) -> Litestar:
    @post("/{anything:path}")
    async def view(request: Request) -> Response:
        webhook_of(request)
        return Response({"handled": True}, status_code=app.handle())

    return Litestar([view], middleware=[DefineMiddleware(WebhookMiddleware, wh=wh, **opts)], debug=False)
