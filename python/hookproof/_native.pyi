"""Type stubs and docs for the Rust extension module."""

import datetime
from collections.abc import Callable, Iterable
from typing import Any, Final, Literal, Protocol, final

from ._defaults import SCHEME_DEFAULT, SchemeDefault
from .errors import VerificationError

_Body = bytes | bytearray | memoryview | str
_Secret = str | bytes | Secret

class _Headers(Protocol):
    """Any mapping of header names to values: dict, Werkzeug/Django/Starlette headers."""

    def items(self) -> Iterable[tuple[Any, Any]]: ...

__all__ = [
    "ANSWER_CODES",
    "Secret",
    "CONFIG_CODES",
    "DEFAULT_MAX_BODY",
    "MemoryDedup",
    "VERIFY_CODES",
    "claim_answer",
    "claim_code",
    "metric_labels",
    "METRIC_RESULTS",
    "completes",
    "http_answer",
    "request_url",
    "store_key",
    "plaid_key_endpoint",
    "plaid_key_request",
    "DEDUP_LUA_CLAIM",
    "DEDUP_LUA_COMPLETE",
    "DEDUP_LUA_RELEASE",
    "GIL_RELEASE_THRESHOLD",
    "MAX_KEY_DOCUMENT",
    "__version__",
    "fetch_failed_error",
    "cli",
    "dedup_without_key",
    "dedup_postgres_sql",
    "Scheme",
    "Verified",
    "Webhook",
    "explain",
    "identify",
    "rejection_line",
    "scheme_descriptions",
    "schemes",
    "sign",
    "verify",
]

GIL_RELEASE_THRESHOLD: Final[int]
DEDUP_LUA_CLAIM: Final[str]
DEDUP_LUA_COMPLETE: Final[str]
DEDUP_LUA_RELEASE: Final[str]

@final
class Secret:
    """A secret with the last unix second it verifies (a rotation's end)."""

    def __new__(cls, value: str | bytes, *, not_after: int | datetime.datetime | None = None) -> Secret: ...
    @property
    def not_after(self) -> int | None: ...

@final
class Scheme:
    """How a sender signs. Keyword arguments are the fields of the JSON form."""

    def __new__(cls, **fields: Any) -> Scheme: ...
    @staticmethod
    def from_json(text: str) -> Scheme: ...
    @staticmethod
    def preset(name: str) -> Scheme: ...
    def to_json(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...

@final
class Verified:
    """A delivery that verified."""

    @property
    def body(self) -> bytes: ...
    def json(self) -> Any: ...
    @property
    def scheme(self) -> str: ...
    @property
    def id(self) -> str | None: ...
    @property
    def timestamp(self) -> int | None: ...
    @property
    def event(self) -> str | None: ...
    @property
    def dedup_key(self) -> str | None:
        """The idempotency key, the same on every retry; from signed bytes
        wherever the sender signs one. Raises ``MalformedHeaderError`` when
        the id header disagrees with the key the signed body carries (cloro's
        ``task.id``): the header was changed after signing."""
    @property
    def key_index(self) -> int: ...
    @property
    def tenant(self) -> str | None:
        """The tenant of the Webhook that verified this delivery, or None."""

@final
class Webhook:
    """Verifies deliveries of one scheme; keys are prepared once, here.

    ``tolerance`` defaults to ``SCHEME_DEFAULT``, the scheme's own window
    (300 s for most presets; see docs/presets.md); ``None`` turns the
    timestamp check off.
    """

    def __new__(
        cls,
        scheme: str | Scheme,
        secret: _Secret | list[_Secret] | tuple[_Secret, ...] | None = None,
        *,
        tolerance: int | None | SchemeDefault = SCHEME_DEFAULT,
        audience: str | list[str] | None = None,
        email: str | None = None,
        topic: str | list[str] | None = None,
        directory: str | None = None,
        webhook_id: str | None = None,
        resolver: Callable[[str], bytes | tuple[bytes, str | None]] | None = None,
        tenant: str | None = None,
    ) -> Webhook:
        """``secret`` for schemes with shared secrets or keys; for a sender
        that publishes its keys (``aws-sns``, ``google-pubsub``,
        ``azure-event-grid``, ``plaid``, ``paypal``) none, but what its
        deliveries must carry (``audience`` and ``email``; ``audience`` and
        ``directory``; ``topic``; or ``webhook_id``) and optionally the ``resolver`` that fetches them
        (required for ``plaid``: ``hookproof.PlaidKeys``)."""
    def handshake(self, delivery: Verified) -> bytes | None:
        """The JSON to answer a verified delivery with (status 200) when it
        is its sender's subscription handshake (Azure Event Grid's
        validation event); ``None`` otherwise. The integrations answer it."""
    def key_url(self, body: _Body, headers: _Headers, *, now: int | float | None = None) -> str | None:
        """The key document this delivery needs that is not cached, if any."""
    def add_keys(
        self, url: str, document: bytes, cache_control: str | None = None, *, now: int | float | None = None
    ) -> None:
        """Keeps a fetched key document (raises ``KeyUnavailableError`` if unusable)."""
    @property
    def fetches_keys(self) -> bool: ...
    @property
    def tenant(self) -> str | None:
        """The tenant this Webhook verifies for (``tenant=``), if one was named."""
    @property
    def resolver(self) -> Callable[[str], bytes | tuple[bytes, str | None]] | None: ...
    @classmethod
    def from_env(
        cls, scheme: str | Scheme, *names: str, tolerance: int | None | SchemeDefault = SCHEME_DEFAULT
    ) -> Webhook: ...
    def verify(
        self,
        body: _Body,
        headers: _Headers,
        *,
        now: int | float | None = None,
        url: str | None = None,
        method: str | None = None,
    ) -> Verified: ...
    def sign(
        self,
        body: _Body,
        timestamp: int | float | None = None,
        id: str | None = None,
        *,
        url: str | None = None,
        method: str | None = None,
    ) -> dict[str, str]: ...
    @property
    def scheme(self) -> str: ...
    @property
    def id_header(self) -> str | None: ...
    @property
    def dedup_header(self) -> str | None:
        """The header the dedup key comes from, if it comes from a header."""
    @property
    def signs_url(self) -> bool:
        """Whether the scheme signs the request URL (the integrations pass it)."""
    @property
    def signs_method(self) -> bool:
        """Whether the scheme signs the request method."""
    @property
    def tolerance(self) -> int | None: ...

def fetch_failed_error(url: str, cause: str) -> VerificationError:
    """The ``KeyUnavailableError`` for a resolver that failed, worded by the core."""

MAX_KEY_DOCUMENT: Final[int]

@final
class MemoryDedup:
    """An in-process dedup store (the core's): claims expire after ``lease``
    seconds, completed keys are kept ``ttl`` seconds, at most ``max_entries``
    keys, the least recently claimed forgotten first. Thread-safe."""

    def __new__(cls, *, lease: float = 60.0, ttl: float = 259200.0, max_entries: int = 100000) -> MemoryDedup: ...
    def claim(self, key: str) -> tuple[Literal["claimed", "in_flight", "done"], str]: ...
    def complete(self, key: str, token: str) -> None: ...
    def release(self, key: str, token: str) -> None: ...
    @property
    def lease(self) -> float: ...
    @property
    def ttl(self) -> float: ...
    @property
    def max_entries(self) -> int: ...
    def __len__(self) -> int: ...

def http_answer(code: str) -> tuple[int, bytes]:
    """The integrations' answer for a code: (status, JSON body)."""
def claim_answer(state: str) -> tuple[int, bytes] | None:
    """None to run the handler after a claim in ``state``, else the answer."""
def claim_code(state: str) -> str | None:
    """The answer code a claim state stands for; None to run the handler."""
def metric_labels(code: str | None) -> tuple[str, str]:
    """(result, code) metric labels of a decision, from fixed lists."""
def completes(status: int | None) -> bool:
    """Whether a handler's status (None: it raised) completes its claim."""
def store_key(scheme: str, dedup_key: str, tenant: str | None = None) -> str: ...
def plaid_key_endpoint(environment: str) -> str: ...
def plaid_key_request(reference: str, client_id: str, secret: str) -> str: ...
def request_url(
    scheme: str,
    host: str,
    target: str,
    forwarded: tuple[str | None, str | None, str | None, str | None] | None = None,
) -> str | None:
    """The URL a sender called; ``forwarded`` only when the proxy is trusted."""

DEFAULT_MAX_BODY: Final[int]
VERIFY_CODES: Final[list[str]]
CONFIG_CODES: Final[list[str]]
ANSWER_CODES: Final[list[str]]
METRIC_RESULTS: Final[list[str]]

def verify(
    body: _Body,
    headers: _Headers,
    *,
    scheme: str | Scheme,
    secret: _Secret | list[_Secret] | tuple[_Secret, ...],
    tolerance: int | None | SchemeDefault = SCHEME_DEFAULT,
    now: int | float | None = None,
    url: str | None = None,
    method: str | None = None,
) -> Verified: ...
def sign(
    body: _Body,
    *,
    scheme: str | Scheme,
    secret: _Secret | list[_Secret] | tuple[_Secret, ...],
    timestamp: int | float | None = None,
    id: str | None = None,
    url: str | None = None,
    method: str | None = None,
) -> dict[str, str]: ...
def explain(
    body: _Body,
    headers: _Headers,
    *,
    scheme: str | Scheme,
    secret: _Secret | list[_Secret] | tuple[_Secret, ...],
    now: int | float | None = None,
    url: str | None = None,
    method: str | None = None,
) -> dict[str, Any]:
    """Why a delivery fails: {"error": code | None, "findings": [{"mistake", "fix"}]}. Diagnostic only.

    ``error`` is the verification code, or ``"invalid_secret"`` when the
    scheme refuses the secret (nothing could verify); ``findings`` may then
    say which form of the secret the sender uses."""

__version__: str

def dedup_without_key(
    scheme: str, dedup_header: str | None, require: bool, delivery: str | None = None, client: str | None = None
) -> tuple[bool, str]:
    """The integrations' rule for a delivery without a dedup key: (refuse, warning line)."""

def identify(headers: _Headers) -> list[str]:
    """The presets whose signature header ``headers`` carries (in the preset's
    own syntax), most specific first: by how many of the preset's timestamp,
    id and event headers are there too. Names candidates and verifies
    nothing: try them with the secrets you hold for them."""

def dedup_postgres_sql(table: str) -> dict[str, str]:
    """PostgresDedup's statements for ``table`` by name (create_table, claim,
    complete, complete_in, release, prune); ValueError for a name that would need quoting."""

def cli(argv: list[str | bytes]) -> int:
    """Runs the ``hookproof`` command line (argv[0] is the program name); returns its exit code."""

def schemes() -> list[str]: ...
def rejection_line(code: str, scheme: str, delivery: str | None = None, client: str | None = None) -> str:
    """The integrations' log line for a rejected delivery, sanitized."""
def scheme_descriptions() -> list[tuple[str, str]]: ...
