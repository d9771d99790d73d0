"""Django integration.

    from hookproof.django import verify_webhook

    @verify_webhook(wh)
    def cloro_hook(request):
        delivery = request.webhook          # a hookproof.Verified
        ...

The decorated view is CSRF-exempt (a webhook sender has no CSRF token; the
signature is the authentication). The decorator reads ``request.body``,
answers 400 ``{"error": code}`` when verification fails (and logs a warning on
the ``hookproof`` logger), 413 above ``max_body`` bytes, and 500
``{"error": "body_consumed"}`` with an explanation in the log when
``request.POST`` was read first. Sync and async views both work.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt

from . import _integration as common
from ._native import Verified, Webhook

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["verify_webhook"]

F = TypeVar("F", bound=Callable[..., Any])


def verify_webhook(wh: Webhook | common.WebhookFor, **options: Unpack[common.Options]) -> Callable[[F], F]:
    """Decorates a Django view so it runs only for genuine deliveries, and with
    ``dedup`` once per delivery; the options are those of
    ``hookproof.flask.verify_webhook``. The URL a URL-signing sender called
    is rebuilt from ``request.scheme`` (which follows Django's own
    ``SECURE_PROXY_SSL_HEADER``), the ``Host`` header and the raw target."""
    gate = common.Gate(wh, **options)

    def read(gate: common.Gate, request: HttpRequest, seen: common.Seen) -> common.Answer | bytes | None:
        """The body within the limit (None: over it), or the answer."""
        length = common.parse_length(request.META.get("CONTENT_LENGTH"))
        refused = gate.too_large(length, seen)
        if refused is not None:
            return refused
        try:
            return _body(request, length, gate.max_body)
        except RequestDataTooBig:
            return gate.refuse("body_too_large", seen)
        except RawPostDataException:
            return gate.refuse("body_consumed", seen)

    def kept(request: HttpRequest, verified: common.Answer | Verified) -> common.Answer | Verified:
        if not isinstance(verified, tuple):
            request.webhook = verified
        return verified

    def check(request: HttpRequest, seen: common.Seen) -> tuple[common.Gate, common.Answer | Verified]:
        """The request's gate (the tenant's) and its delivery, or an answer."""
        bound = gate.for_request(seen, request)
        if isinstance(bound, tuple):
            return gate, bound
        body = read(bound, request, seen)
        if isinstance(body, tuple):
            return bound, body
        return bound, kept(request, bound.accept(body, None, seen, request))

    async def acheck(request: HttpRequest, seen: common.Seen) -> tuple[common.Gate, common.Answer | Verified]:
        bound = await gate.afor_request(seen, request)
        if isinstance(bound, tuple):
            return gate, bound
        body = read(bound, request, seen)
        if isinstance(body, tuple):
            return bound, body
        return bound, kept(request, await bound.aaccept(body, None, seen, request))

    def decorator(view: F) -> F:
        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                seen = _seen(request)
                bound, verified = await acheck(request, seen)
                if isinstance(verified, tuple):
                    return _send(verified)
                answer, claim = await bound.abegin(verified, seen)
                if answer is not None:
                    return _send(answer)
                try:
                    response = await view(request, *args, **kwargs)
                except BaseException as e:
                    await bound.afinish(claim, _status_of(e))
                    raise
                await bound.afinish(claim, response.status_code)
                return response

            return cast(F, csrf_exempt(async_wrapper))

        if gate.webhook_for is not None and inspect.iscoroutinefunction(gate.webhook_for):
            raise TypeError("a sync Django view needs a plain function to pick the Webhook, not a coroutine function")

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            seen = _seen(request)
            bound, verified = check(request, seen)
            if isinstance(verified, tuple):
                return _send(verified)
            answer, claim = bound.begin(verified, seen)
            if answer is not None:
                return _send(answer)
            try:
                response = view(request, *args, **kwargs)
            except BaseException as e:
                bound.finish(claim, _status_of(e))
                raise
            bound.finish(claim, response.status_code)
            return response

        return cast(F, csrf_exempt(wrapper))

    return decorator


def _body(request: HttpRequest, length: int | None, max_body: int) -> bytes | None:
    """The raw body, never more than ``max_body + 1`` bytes read. With a
    Content-Length (already checked against the limit) Django reads that
    many; without one (chunked, ASGI) the stream is read in bounded steps
    and kept as ``request.body`` for the view. Django reads no body without
    a Content-Length under WSGI; a server that decodes chunked bodies says
    so with ``wsgi.input_terminated`` (gunicorn, Werkzeug), and the body is
    read from its input then."""
    if length is not None:
        return bytes(request.body)
    raw = request.META.get("wsgi.input") if request.META.get("wsgi.input_terminated") else None
    body = common.read_bounded((raw or request).read, max_body)
    if body is not None:
        # What ``request.body`` caches, so the view can still read it.
        request._body = body
    return body


def _seen(request: HttpRequest) -> common.Seen:
    meta = request.META
    target = meta.get("RAW_URI") or meta.get("REQUEST_URI") or request.get_full_path()
    return common.Seen(
        request.headers,
        meta.get("REMOTE_ADDR"),
        request.method or "POST",
        request.scheme or "http",
        meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}".strip(":"),
        target,
    )


def _status_of(e: BaseException) -> int | None:
    """The status Django answers an exception with when it is an answer
    (``Http404``, ``PermissionDenied``); None (a 500) for any other."""
    if isinstance(e, Http404):
        return 404
    return 403 if isinstance(e, PermissionDenied) else None


def _send(answer: common.Answer) -> HttpResponse:
    return HttpResponse(answer[1], status=answer[0], content_type="application/json")
