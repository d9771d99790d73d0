"""What every framework integration does the same way: the body size limit,
the failure log line, the JSON answers. Framework modules only translate."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from ._native import Webhook

if TYPE_CHECKING:
    from ._native import _Headers

#: Request bodies larger than this are answered 413 before verification.
DEFAULT_MAX_BODY = 1 << 20

logger = logging.getLogger("hookproof")

# Header values reach the log only as short runs of visible ASCII, so a
# forged delivery cannot write fake log lines.
_UNSAFE = re.compile(r"[^\x21-\x7e]")


def _clean(value: object, limit: int = 100) -> str:
    text = value if isinstance(value, str) else "-"
    return _UNSAFE.sub("?", text[:limit]) or "-"


def delivery_id(wh: Webhook, headers: _Headers) -> str:
    """The delivery id header's value, sanitized for logs ("-" if absent)."""
    name = wh.id_header
    if name is None:
        return "-"
    lower = name.lower()
    try:
        value = next((v for k, v in headers.items() if isinstance(k, str) and k.lower() == lower), None)
    except Exception:  # an odd mapping must not break the log line
        value = None
    return _clean(value)


def log_rejected(code: str, wh: Webhook, headers: _Headers, client: object) -> None:
    """One warning per failed verification: code, scheme, delivery id, client.
    Never the secret, the signature or the body."""
    logger.warning(
        "webhook rejected: code=%s scheme=%s delivery=%s client=%s",
        code,
        wh.scheme,
        delivery_id(wh, headers),
        _clean(client, 64),
    )


BODY_CONSUMED_HELP = (
    "the request body was already read before hookproof could verify it "
    "(a form or body parser ran first); let the hookproof integration read the raw body: "
    "do not touch request.form/request.POST/request.data before the decorated view runs"
)


def too_large(length: int | None, max_body: int) -> bool:
    return length is not None and length > max_body


def parse_length(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
