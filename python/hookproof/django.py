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
from typing import Any, TypeVar, cast

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt

from . import _integration as common
from ._native import Webhook
from .errors import VerificationError

__all__ = ["verify_webhook"]

F = TypeVar("F", bound=Callable[..., Any])


def verify_webhook(
    wh: Webhook, *, max_body: int = common.DEFAULT_MAX_BODY, dedup: Any = None, require_dedup_key: bool = True
) -> Callable[[F], F]:
    """Decorates a Django view so it runs only for genuine deliveries, and with
    ``dedup`` once per delivery (as ``hookproof.flask.verify_webhook``; a
    delivery without a dedup key is refused unless ``require_dedup_key=False``)."""

    def check(request: HttpRequest) -> HttpResponse | None:
        if common.too_large(common.parse_length(request.META.get("CONTENT_LENGTH")), max_body):
            return _answer(413, "body_too_large")
        try:
            body = request.body
        except RequestDataTooBig:
            return _answer(413, "body_too_large")
        except RawPostDataException:
            common.logger.error("webhook not verified: %s", common.BODY_CONSUMED_HELP)
            return _answer(500, "body_consumed")
        if len(body) > max_body:
            return _answer(413, "body_too_large")
        try:
            request.webhook = wh.verify(body, request.headers)
        except VerificationError as e:
            common.log_rejected(e.code, wh, request.headers, request.META.get("REMOTE_ADDR"))
            return _answer(400, e.code)
        return None

    def decorator(view: F) -> F:
        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                rejected = check(request)
                if rejected is not None:
                    return rejected
                answer, claim = await common.abegin(
                    dedup, request.webhook, wh, require_dedup_key, request.META.get("REMOTE_ADDR")
                )
                if answer is not None:
                    return JsonResponse(answer[1], status=answer[0])
                try:
                    response = await view(request, *args, **kwargs)
                except BaseException:
                    await common.afinish(dedup, claim, succeeded=False)
                    raise
                await common.afinish(dedup, claim, succeeded=response.status_code < 500)
                return response

            return cast(F, csrf_exempt(async_wrapper))

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            rejected = check(request)
            if rejected is not None:
                return rejected
            answer, claim = common.begin(dedup, request.webhook, wh, require_dedup_key, request.META.get("REMOTE_ADDR"))
            if answer is not None:
                return JsonResponse(answer[1], status=answer[0])
            try:
                response = view(request, *args, **kwargs)
            except BaseException:
                common.finish(dedup, claim, succeeded=False)
                raise
            common.finish(dedup, claim, succeeded=response.status_code < 500)
            return response

        return cast(F, csrf_exempt(wrapper))

    return decorator


def _answer(status: int, code: str) -> JsonResponse:
    return JsonResponse({"error": code}, status=status)
