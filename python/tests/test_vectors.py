"""The shared vectors (tests/vectors, written by Python's hmac) through every
entry point: Webhook.verify and hookproof.verify, with each body type."""

from __future__ import annotations

import json
from typing import Any

import hookproof
import pytest
from conftest import CODES, body_of, load_vectors, scheme_cases


def scheme_for(file_scheme: str, case: dict[str, Any]) -> str | hookproof.Scheme:
    if "scheme" in case:
        return hookproof.Scheme.from_json(json.dumps(case["scheme"]))
    return file_scheme


def kwargs_for(case: dict[str, Any]) -> dict[str, Any]:
    return {"tolerance": case["tolerance"]} if "tolerance" in case else {}


def served(case: dict[str, Any]) -> Any:
    """A resolver answering with the documents the case says a fetch
    returns, and failing (as a network error does) for any other URL."""
    documents = {k["url"]: (k["document"].encode(), k["cache_control"]) for k in case["keys"]}

    def resolver(url: str) -> tuple[bytes, str | None]:
        if url not in documents:
            raise OSError(f"HTTP 404 for {url}")
        return documents[url]

    return resolver


def webhook_for(scheme: str, case: dict[str, Any]) -> hookproof.Webhook:
    """The case's verifier: its secrets, or for a sender that publishes its
    keys, its trust and a resolver serving the case's documents."""
    if "trust" not in case:
        return hookproof.Webhook(scheme_for(scheme, case), case["secrets"], **kwargs_for(case))
    trust = case["trust"]
    return hookproof.Webhook(scheme_for(scheme, case), audience=trust.get("audiences"), email=trust.get("email"),
                             topic=trust.get("topics"), directory=trust.get("directory"),
                             webhook_id=trust.get("webhook_id"), resolver=served(case),
                             **kwargs_for(case))


def request_of(case: dict[str, Any]) -> dict[str, Any]:
    return {k: case[k] for k in ("url", "method") if k in case}


def check(case: dict[str, Any], call: Any) -> None:
    if case["result"] == "valid":
        v = call()
        want = case["expected"]
        assert v.id == want.get("id")
        assert v.timestamp == want.get("timestamp")
        assert v.event == want.get("event")
        if "dedup_key_error" in want:
            # The id header disagrees with the signed body: the key is refused.
            with pytest.raises(CODES[want["dedup_key_error"]]):
                v.dedup_key  # noqa: B018
        else:
            assert v.dedup_key == want.get("dedup_key")
        assert v.key_index == want.get("key_index", 0)
    else:
        with pytest.raises(CODES[case["code"]]) as info:
            call()
        assert info.value.code == case["code"]
        assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(("scheme", "case"), scheme_cases())
def test_webhook_verify(scheme: str, case: dict[str, Any]) -> None:
    wh = webhook_for(scheme, case)
    # Pairs become a multi-value dict, so repeated headers stay repeated.
    headers: dict[str, list[str]] = {}
    for name, value in case["headers"]:
        headers.setdefault(name, []).append(value)
    check(case, lambda: wh.verify(body_of(case), headers, now=case["now"], **request_of(case)))
    if case["result"] == "valid":
        # A sender's subscription handshake is answered with exactly this;
        # every other delivery with nothing.
        delivery = wh.verify(body_of(case), headers, now=case["now"], **request_of(case))
        want = case["expected"].get("handshake")
        assert wh.handshake(delivery) == (want.encode() if want is not None else None)


@pytest.mark.parametrize(("scheme", "case"), scheme_cases())
@pytest.mark.parametrize("kind", ["bytearray", "memoryview", "str"])
def test_body_types(scheme: str, case: dict[str, Any], kind: str) -> None:
    if "body" not in case:
        pytest.skip("binary body has no str form")
    body: Any = {
        "bytearray": bytearray(body_of(case)),
        "memoryview": memoryview(body_of(case)),
        "str": case["body"],
    }[kind]
    headers = [(n, v) for n, v in case["headers"]]
    mapping: dict[str, Any] = {}
    for n, v in headers:
        mapping[n] = [*mapping[n], v] if n in mapping else v
    if "trust" in case:
        # The one-shot verify takes secrets; a sender that publishes its
        # keys needs a Webhook, which keeps what it fetched.
        wh = webhook_for(scheme, case)
        check(case, lambda: wh.verify(body, mapping, now=case["now"]))
        return
    check(
        case,
        lambda: hookproof.verify(
            body,
            mapping,
            scheme=scheme_for(scheme, case),
            secret=case["secrets"],
            now=case["now"],
            **kwargs_for(case),
            **request_of(case),
        ),
    )


@pytest.mark.parametrize("case", load_vectors("secrets.json")["tests"], ids=lambda c: str(c["tcId"]))
def test_secret_vectors(case: dict[str, Any]) -> None:
    if case["result"] == "valid":
        hookproof.Webhook(case["scheme"], case["secrets"])
        return
    with pytest.raises(hookproof.ConfigurationError) as info:
        hookproof.Webhook(case["scheme"], case["secrets"])
    assert info.value.code == case["code"]
    for secret in case["secrets"]:
        if len(secret.strip()) > 8:
            assert secret.strip() not in str(info.value)
