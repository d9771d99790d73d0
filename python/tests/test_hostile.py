"""Arbitrary inputs through the binding: only the contract's errors escape,
never a panic (pyo3's PanicException) or a stray exception type."""

from __future__ import annotations

import hookproof
from hypothesis import given, settings
from hypothesis import strategies as st

NAMES = [
    "X-Cloro-Signature", "X-Cloro-Timestamp", "X-Cloro-Webhook-Id",
    "X-Fileloom-Signature", "X-Fileloom-Timestamp", "X-Fileloom-Event", "X-Fileloom-Delivery-Id",
    "webhook-id", "webhook-timestamp", "webhook-signature", "svix-signature", "Other",
]
VALUES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["v1=", "sha256=", "v1,", "v1=" + "0" * 64, "1748419200", "-1", "+1", "١٢", "9" * 30]),
    st.lists(st.text(max_size=20), max_size=3),
    st.binary(max_size=40),
)
HEADERS = st.dictionaries(st.sampled_from(NAMES).map(lambda n: n if len(n) % 2 else n.upper()), VALUES, max_size=8)
BODIES = st.one_of(st.binary(max_size=300), st.text(max_size=100))
WEBHOOKS = [
    hookproof.Webhook("cloro", "whsec_hostile_input_secret_1"),
    hookproof.Webhook("fileloom", "fileloom_hostile_secret"),
    hookproof.Webhook("standard", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    hookproof.Webhook("svix", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", tolerance=None),
]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(WEBHOOKS), BODIES, HEADERS, st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_only_verification_errors_escape(wh: hookproof.Webhook, body: bytes | str, headers: dict, now: int) -> None:
    try:
        wh.verify(body, headers, now=now)
    except hookproof.VerificationError as e:
        assert e.code in {"missing_header", "malformed_header", "timestamp_too_old", "timestamp_too_new", "signature_mismatch"}
        assert "whsec_" not in str(e)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["cloro", "fileloom", "standard"]), st.one_of(st.text(max_size=80), st.binary(max_size=80)))
def test_any_secret_is_accepted_or_refused_with_configuration_error(scheme: str, secret: str | bytes) -> None:
    try:
        hookproof.Webhook(scheme, secret)
    except hookproof.ConfigurationError as e:
        assert e.code in {"invalid_secret", "invalid_argument"}
        if isinstance(secret, str) and len(secret.strip()) > 12:
            assert secret.strip() not in str(e)


# ----------------------------------------------- the shared catalogue

import time as _time

import pytest
from conftest import CODES, load_vectors


def _expand(v: object) -> str:
    if isinstance(v, str):
        return v
    assert isinstance(v, dict)
    return v.get("prefix", "") + v["repeat"] * v["times"] + v.get("suffix", "")


@pytest.mark.parametrize("case", load_vectors("hostile.json")["tests"], ids=lambda c: f"{c['tcId']}")
def test_hostile_catalogue(case: dict) -> None:
    start = _time.monotonic()
    if "config_code" in case:
        with pytest.raises(hookproof.ConfigurationError) as info:
            hookproof.Webhook(case["preset"], case["secrets"])
        assert info.value.code == case["config_code"]
        return
    wh = hookproof.Webhook(case["preset"], case["secrets"])
    headers: dict[str, list[str]] = {}
    for name, value in case["headers"]:
        headers.setdefault(name, []).append(_expand(value))
    body = _expand(case["body"]).encode()
    if case["result"] == "valid":
        wh.verify(body, headers, now=case["now"])
    else:
        with pytest.raises(CODES[case["code"]]) as info:
            wh.verify(body, headers, now=case["now"])
        assert info.value.code == case["code"]
        assert case["secrets"][0] not in str(info.value)
    assert _time.monotonic() - start < 5, "a hang detector, not a benchmark"
