"""The core's code lists are the only hand-written ones: every other list
of codes (Python's exception docs and classes, Node's TypeScript types, the
architecture doc) is checked against them here, so a new code fails this
test until each place names it."""

from __future__ import annotations

import re

import hookproof
from conftest import CODES, ROOT
from hookproof import _native


def union(dts: str, name: str) -> list[str]:
    """The string literals of a TypeScript union type alias."""
    body = re.search(rf"export type {name} =([^/]*?)\n\n", dts, re.S)
    assert body, name
    return re.findall(r"'([A-Z_]+)'", body.group(1))


def test_python_names_every_code_the_core_has() -> None:
    assert hookproof.VERIFY_CODES == _native.VERIFY_CODES
    assert list(CODES) == hookproof.VERIFY_CODES, "conftest maps each code to its exception class"
    doc = " ".join((hookproof.VerificationError.__doc__ or "").split())
    for code in hookproof.VERIFY_CODES:
        assert f"``{code}``" in doc, code
    doc = " ".join((hookproof.ConfigurationError.__doc__ or "").split())
    for code in hookproof.CONFIG_CODES:
        assert f"``{code}``" in doc, code


def test_node_types_name_every_code_the_core_has() -> None:
    dts = (ROOT / "node" / "index.d.ts").read_text(encoding="utf-8")
    assert union(dts, "VerificationCode") == [c.upper() for c in hookproof.VERIFY_CODES]
    assert union(dts, "ConfigurationCode") == [c.upper() for c in hookproof.CONFIG_CODES]


def test_every_answer_code_has_its_status_and_is_documented() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for code in _native.ANSWER_CODES:
        status, body = _native.http_answer(code)
        assert status in (200, 404, 409, 413, 500, 503), code
        assert code.encode() in body
        assert f"`{code}`" in doc or code == "duplicate", code
    # A code this version does not know asks the sender to retry.
    assert _native.http_answer("a_code_from_the_future")[0] == 500
