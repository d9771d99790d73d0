"""hookproof: verify webhook signatures from the raw request bytes.

    wh = hookproof.Webhook("cloro", secret)
    delivery = wh.verify(raw_body, request.headers)

See ``hookproof.flask``, ``hookproof.django`` and ``hookproof.fastapi`` for
the framework integrations.
"""

from importlib.metadata import PackageNotFoundError, version

from .dedup import MemoryDedup, RedisDedup
from ._native import Scheme, Verified, Webhook, explain, scheme_descriptions, schemes, sign, verify
from .errors import (
    ConfigurationError,
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    TimestampError,
    VerificationError,
    WebhookError,
)

try:
    __version__ = version("hookproof")
except PackageNotFoundError:  # imported from a source tree without installing
    __version__ = "0.0.0"

__all__ = [
    "ConfigurationError",
    "MalformedHeaderError",
    "MemoryDedup",
    "RedisDedup",
    "MissingHeaderError",
    "Scheme",
    "SignatureMismatchError",
    "TimestampError",
    "VerificationError",
    "Verified",
    "Webhook",
    "WebhookError",
    "explain",
    "scheme_descriptions",
    "schemes",
    "sign",
    "verify",
]
