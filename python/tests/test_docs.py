"""Every Python, JavaScript and Rust snippet in README.md and docs/*.md is
the START/END region of a file that the test suites run (examples/, the
doc_snippets files), so the docs cannot rot. Shell snippets are setup
commands (`make test`, the CLI) that CI and the demo run as a whole."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

SOURCES = [
    *sorted((ROOT / "examples").glob("*.py")),
    *sorted((ROOT / "examples").glob("*.js")),
    *sorted((ROOT / "examples").glob("*.mjs")),
    # The Next.js edge route lives in the test app that builds it.
    ROOT / "node" / "test" / "apps" / "next" / "app" / "edge" / "[scheme]" / "route.js",
    ROOT / "python" / "tests" / "doc_snippets.py",
    # Senders that publish their keys: the apps the loopback key server serves.
    ROOT / "python" / "tests" / "test_key_server.py",
    ROOT / "node" / "test" / "key_server.test.js",
    # The exactly-once effects patterns: the receivers test_transactional_dedup.py
    # and postgres_dedup.test.js serve.
    ROOT / "python" / "tests" / "apps" / "tx_receiver.py",
    ROOT / "node" / "test" / "apps" / "express_tx.js",
    ROOT / "node" / "test" / "doc_snippets.test.js",
    ROOT / "crates" / "hookproof" / "tests" / "doc_snippets.rs",
]
DOCS = [ROOT / "README.md", ROOT / "python" / "README.md", ROOT / "node" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def regions() -> set[str]:
    found = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for body in re.findall(r"(?:#|//) START [\w-]+\n(.*?)[ \t]*(?:#|//) END [\w-]+\n", text, re.S):
            found.add(textwrap.dedent(body))
    return found


def snippets() -> list[object]:
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for i, (lang, body) in enumerate(re.findall(r"```(python|js|rust)\n(.*?)```", text, re.S)):
            out.append(pytest.param(body, id=f"{doc.name}-{lang}-{i}"))
    return out


KNOWN = regions()


@pytest.mark.parametrize("snippet", snippets())
def test_snippet_is_a_tested_region(snippet: str) -> None:
    assert snippet in KNOWN, "this snippet is not a START/END region of a tested file:\n" + snippet


def test_the_snippet_sources_run() -> None:
    import doc_snippets  # noqa: F401  (runs its asserts on import)
