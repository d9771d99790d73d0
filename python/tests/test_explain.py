"""hookproof.explain names the mistake behind a failed delivery; deliveries
are signed by Python's hmac (signers.py), then broken as apps break them."""

from __future__ import annotations

import json
from typing import Any

import hookproof
import pytest
import signers
from conftest import VECTORS

SECRET = "whsec_python_explain_secret_77"
BODY = json.dumps({"task": {"id": "t1"}, "n": [1, 2]}, separators=(",", ":")).encode()


def test_reserialized_json_and_newlines() -> None:
    headers = signers.cloro(SECRET, BODY)
    # A Flask app that did json.dumps(request.get_json()) before verifying.
    found = hookproof.explain(json.dumps(json.loads(BODY)), headers, scheme="cloro", secret=SECRET)
    assert found["error"] == "signature_mismatch"
    assert found["findings"][0]["mistake"] == "body_reserialized"
    assert "raw request bytes" in found["findings"][0]["fix"]
    found = hookproof.explain(BODY + b"\n", headers, scheme="cloro", secret=SECRET)
    assert found["findings"][0]["mistake"] == "body_trailing_newline"


def test_secret_form_other_scheme_and_clock() -> None:
    std_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    headers = signers.standard(std_secret, BODY)
    svix_headers = {k.replace("webhook", "svix"): v for k, v in headers.items()}
    found = hookproof.explain(BODY, svix_headers, scheme="standard", secret=std_secret)
    assert "scheme" in [f["mistake"] for f in found["findings"]]
    stale = signers.cloro(SECRET, BODY, ts=1)
    assert [f["mistake"] for f in hookproof.explain(BODY, stale, scheme="cloro", secret=SECRET)["findings"]] == ["clock"]


def test_genuine_and_unexplained() -> None:
    headers = signers.cloro(SECRET, BODY)
    assert hookproof.explain(BODY, headers, scheme="cloro", secret=SECRET) == {"error": None, "findings": []}
    found = hookproof.explain(BODY, headers, scheme="cloro", secret="whsec_another_environment_3")
    assert found == {"error": "signature_mismatch", "findings": []}
    assert "another_environment" not in repr(found)


MISTAKES = json.loads((VECTORS / "explain" / "mistakes.json").read_text(encoding="utf-8"))["tests"]


@pytest.mark.parametrize("case", MISTAKES, ids=lambda c: f"{c['tcId']}-{c['comment']}")
def test_shared_mistakes_rank_the_likeliest_first(case: dict[str, Any]) -> None:
    """tests/vectors/explain/mistakes.json, which the Rust, CLI and Node suites run too."""
    found = hookproof.explain(
        case["body"], dict(case["headers"]), scheme=case["scheme"], secret=case["secret"], now=case["now"],
        url=case["url"],
    )
    assert found["error"] == case["error"]
    named = [f["mistake"] for f in found["findings"]]
    assert named[:1] == [case["first"]], named
    assert case["fix_contains"] in found["findings"][0]["fix"]
    assert set(case["mistakes"]) <= set(named), named
