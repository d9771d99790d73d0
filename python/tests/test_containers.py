"""Every framework header container against the plain `items()` path.

The binding reads Werkzeug's, Django's and Starlette's containers through
their insides (the WSGI environ, Django's `_store`, the `_list` of pairs),
which is several times faster than `items()`; `pyproject.toml` allows
Flask >= 2.3, Django >= 4.2 and FastAPI >= 0.100, and `make test` runs this
file against the oldest and the newest. Each case here must come out the
same through the fast path as through a mapping that only has `items()`,
and a container whose insides changed shape must still read correctly
(through `items()`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import hookproof
import pytest

SECRET = "whsec_container_differential_secret_1"
BODY = b'{"task":{"id":"t-77"}}'
TS = 1748419200
NOISE = {f"X-Trace-{i}": f"span-{i}" for i in range(12)}  # proxies and tracing


class ItemsOnly(Mapping[str, str]):
    """A mapping the binding can only read through items() (a list of pairs,
    so a repeated header stays repeated)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def __getitem__(self, key: str) -> str:
        return next(v for k, v in self.pairs if k.lower() == key.lower())

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def items(self) -> Any:
        return list(self.pairs)


def outcome(headers: Any) -> tuple[Any, ...]:
    wh = hookproof.Webhook("cloro", SECRET)
    try:
        v = wh.verify(BODY, headers, now=TS)
        return ("genuine", v.id, v.timestamp, v.dedup_key, v.key_index)
    except hookproof.VerificationError as e:  # from verify, or reading the key
        return ("rejected", e.code, e.header)


def cases() -> list[tuple[str, list[tuple[str, str]]]]:
    signed = list(hookproof.Webhook("cloro", SECRET).sign(BODY, timestamp=TS, id="t-77-2").items())
    sig = dict(signed)["X-Cloro-Signature"]
    return [
        ("genuine", signed),
        ("genuine, 15 headers", signed + list(NOISE.items())),
        ("lower-case names", [(k.lower(), v) for k, v in signed]),
        ("no signature", [(k, v) for k, v in signed if k != "X-Cloro-Signature"]),
        ("signature twice", signed + [("x-cloro-signature", sig)]),
        ("forged id header", [(k, "t-78-1" if k == "X-Cloro-Webhook-Id" else v) for k, v in signed]),
        ("tampered signature", [(k, v[:-1] + "0" if k == "X-Cloro-Signature" else v) for k, v in signed]),
    ]


def wsgi_environ(pairs: list[tuple[str, str]]) -> dict[str, str]:
    # A WSGI server merges repeated headers with ", ".
    environ: dict[str, str] = {}
    for k, v in pairs:
        key = "HTTP_" + k.upper().replace("-", "_")
        environ[key] = f"{environ[key]}, {v}" if key in environ else v
    return environ


def containers(pairs: list[tuple[str, str]]) -> dict[str, tuple[Any, Any]]:
    """Each container, with the items()-only mapping it must agree with
    (WSGI merges repeats, so Flask's and Django's see the merged form)."""
    from django.http.request import HttpHeaders
    from starlette.datastructures import Headers as StarletteHeaders
    from werkzeug.datastructures import EnvironHeaders, Headers as WerkzeugHeaders

    environ = wsgi_environ(pairs)
    merged = ItemsOnly([(k[5:].replace("_", "-").lower(), v) for k, v in environ.items()])
    raw = [(k.lower().encode(), v.encode()) for k, v in pairs]
    return {
        "dict": (dict(pairs), ItemsOnly(list(dict(pairs).items()))),
        "werkzeug Headers": (WerkzeugHeaders(pairs), ItemsOnly(pairs)),
        "werkzeug EnvironHeaders": (EnvironHeaders(environ), merged),
        "django HttpHeaders": (HttpHeaders(environ), merged),
        "starlette Headers": (StarletteHeaders(raw=raw), ItemsOnly(pairs)),
    }


@pytest.mark.parametrize(("name", "pairs"), cases(), ids=[c[0] for c in cases()])
def test_each_container_agrees_with_items(name: str, pairs: list[tuple[str, str]]) -> None:
    for kind, (container, reference) in containers(pairs).items():
        assert outcome(container) == outcome(reference), (name, kind)


def test_a_container_whose_insides_changed_is_read_through_items() -> None:
    """A future framework version may keep its headers differently: the
    binding checks each shape before reading it and otherwise uses the
    public items(), rather than reading a wrong value."""
    from django.http.request import HttpHeaders
    from starlette.datastructures import Headers as StarletteHeaders
    from werkzeug.datastructures import Headers as WerkzeugHeaders

    signed = list(hookproof.Webhook("cloro", SECRET).sign(BODY, timestamp=TS, id="t-77-2").items())
    want = outcome(dict(signed))
    assert want[0] == "genuine"

    class DjangoLater(HttpHeaders):  # type: ignore[misc]
        # `_store` values become bare strings; items() still answers.
        def __init__(self, pairs: list[tuple[str, str]]) -> None:
            self._store = {k.lower(): v for k, v in pairs}
            self.pairs = pairs

        def items(self) -> Any:
            return list(self.pairs)

    class WerkzeugLater(WerkzeugHeaders):
        # `_list` holds objects that are not pairs.
        def __init__(self, pairs: list[tuple[str, str]]) -> None:
            super().__init__(pairs)
            self.pairs = pairs
            self._list = [f"{k}: {v}" for k, v in pairs]

        def items(self, *args: Any, **kwargs: Any) -> Any:
            return list(self.pairs)

    class StarletteLater(StarletteHeaders):
        # The raw pairs become text.
        def __init__(self, pairs: list[tuple[str, str]]) -> None:
            super().__init__(raw=[(k.lower().encode(), v.encode()) for k, v in pairs])
            self.pairs = pairs
            self._list = [(k.lower(), v) for k, v in pairs]

        def items(self) -> Any:
            return list(self.pairs)

    for later in (DjangoLater(signed), WerkzeugLater(signed), StarletteLater(signed)):
        assert outcome(later) == want, type(later).__name__
