"""hookproof: verify webhook signatures from the raw request bytes.

    wh = hookproof.Webhook("cloro", secret)
    delivery = wh.verify(raw_body, request.headers)

See ``hookproof.flask``, ``hookproof.django`` and ``hookproof.fastapi`` for
the framework integrations.
"""

from ._fetch import HttpResolver, PlaidKeys, averify
from ._integration import Rejection
from ._native import CONFIG_CODES, VERIFY_CODES
from .dedup import ClaimLostError, MemoryDedup, PostgresDedup, RedisDedup, SqliteDedup
from ._native import __version__ as __version__
from ._defaults import SCHEME_DEFAULT as SCHEME_DEFAULT
from ._defaults import SchemeDefault as SchemeDefault
from ._native import Scheme, Secret, Verified, Webhook, explain, identify, scheme_descriptions, schemes, sign, verify
from .errors import (
    ConfigurationError,
    KeyUnavailableError,
    MalformedHeaderError,
    MissingHeaderError,
    SignatureMismatchError,
    TimestampError,
    VerificationError,
    WebhookError,
)

__all__ = [
    "CONFIG_CODES",
    "ConfigurationError",
    "HttpResolver",
    "PlaidKeys",
    "KeyUnavailableError",
    "Rejection",
    "VERIFY_CODES",
    "MalformedHeaderError",
    "MemoryDedup",
    "PostgresDedup",
    "ClaimLostError",
    "RedisDedup",
    "SqliteDedup",
    "MissingHeaderError",
    "SCHEME_DEFAULT",
    "Scheme",
    "SchemeDefault",
    "Secret",
    "SignatureMismatchError",
    "TimestampError",
    "VerificationError",
    "Verified",
    "Webhook",
    "WebhookError",
    "averify",
    "explain",
    "identify",
    "scheme_descriptions",
    "schemes",
    "sign",
    "verify",
]
