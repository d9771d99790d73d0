"""The exceptions hookproof raises.

This module never imports ``hookproof._native``: the Rust binding raises these
classes, importing them lazily at the first raise, and passes the core's
stable ``code``.

``VerificationError`` and ``ConfigurationError`` are also ``ValueError``\\ s,
so code that already catches ``ValueError`` around hand-written checks keeps
working.
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "MalformedHeaderError",
    "MissingHeaderError",
    "SignatureMismatchError",
    "TimestampError",
    "VerificationError",
    "WebhookError",
]


class WebhookError(Exception):
    """Base class of every error hookproof raises."""

    code: str
    header: str | None

    def __init__(self, message: str, code: str, header: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.header = header

    def __reduce__(self) -> tuple[type[WebhookError], tuple[str, str, str | None]]:
        return (type(self), (str(self), self.code, self.header))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={str(self)!r})"


class VerificationError(WebhookError, ValueError):
    """A delivery is not genuine. ``code`` is one of ``missing_header``,
    ``malformed_header``, ``timestamp_too_old``, ``timestamp_too_new``,
    ``signature_mismatch``, or ``key_unavailable`` (the sender's published
    key could not be fetched: no verdict, the sender should retry);
    ``header`` names the header at fault, if any."""


class MissingHeaderError(VerificationError):
    """A header the scheme needs is absent or empty (``missing_header``)."""


class MalformedHeaderError(VerificationError):
    """A header is present but unreadable (``malformed_header``)."""


class TimestampError(VerificationError):
    """The signature is genuine but the timestamp is outside the tolerance
    (``timestamp_too_old`` or ``timestamp_too_new``)."""


class SignatureMismatchError(VerificationError):
    """No signature matches the body with the configured secrets
    (``signature_mismatch``)."""


class KeyUnavailableError(VerificationError):
    """The key that verifies the delivery is published by its sender (AWS
    SNS's certificate, Google's JWKS) and could not be fetched
    (``key_unavailable``). Nothing is known about the delivery: the
    integrations answer 503, so the sender retries."""


class ConfigurationError(WebhookError, ValueError):
    """A scheme, secret or argument was refused before any delivery was seen.
    ``code`` is ``unknown_scheme``, ``invalid_scheme``, ``invalid_secret`` or
    ``invalid_argument``."""
