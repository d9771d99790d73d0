"""Type stubs and docs for the Rust extension module."""

from collections.abc import Iterable
from typing import Any, Final, Protocol, final

from ._defaults import SCHEME_DEFAULT, SchemeDefault

_Body = bytes | bytearray | memoryview | str
_Secret = str | bytes

class _Headers(Protocol):
    """Any mapping of header names to values: dict, Werkzeug/Django/Starlette headers."""

    def items(self) -> Iterable[tuple[Any, Any]]: ...

__all__ = [
    "DEDUP_LUA_CLAIM",
    "DEDUP_LUA_COMPLETE",
    "DEDUP_LUA_RELEASE",
    "GIL_RELEASE_THRESHOLD",
    "__version__",
    "cli",
    "dedup_without_key",
    "Scheme",
    "Verified",
    "Webhook",
    "explain",
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
        secret: _Secret | list[_Secret] | tuple[_Secret, ...],
        *,
        tolerance: int | None | SchemeDefault = SCHEME_DEFAULT,
    ) -> Webhook: ...
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
    def tolerance(self) -> int | None: ...

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

def cli(argv: list[str | bytes]) -> int:
    """Runs the ``hookproof`` command line (argv[0] is the program name); returns its exit code."""

def schemes() -> list[str]: ...
def rejection_line(code: str, scheme: str, delivery: str | None = None, client: str | None = None) -> str:
    """The integrations' log line for a rejected delivery, sanitized."""
def scheme_descriptions() -> list[tuple[str, str]]: ...
