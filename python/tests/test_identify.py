"""hookproof.identify: the presets a request's headers point to, most
specific first, from the header containers apps hold (the core's rule; the
shared vectors check it for every preset in the Rust suite)."""

from __future__ import annotations

import hookproof
import signers
from werkzeug.datastructures import Headers

GITHUB = {
    "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
    "X-GitHub-Event": "push",
}


def test_the_most_specific_preset_first_from_a_dict_or_a_framework_container() -> None:
    assert hookproof.identify(GITHUB) == ["github", "meta"]
    assert hookproof.identify(Headers(list(GITHUB.items()))) == ["github", "meta"]
    assert hookproof.identify({k.lower(): v for k, v in GITHUB.items()}) == ["github", "meta"]


def test_a_delivery_signed_by_the_founding_senders_is_theirs() -> None:
    body = b'{"task":{"id":"t1"}}'
    assert hookproof.identify(signers.cloro("whsec_x", body)) == ["cloro"]
    assert hookproof.identify(signers.fileloom("fl_secret", body)) == ["fileloom"]


def test_the_signature_syntax_counts_not_only_the_header_name() -> None:
    assert hookproof.identify({"X-Hub-Signature": "sha256=00"}) == ["bitbucket"]
    assert hookproof.identify({"X-Hub-Signature": "sha1=00"}) == ["github-sha1", "intercom"]


def test_nothing_known_gives_an_empty_list() -> None:
    assert hookproof.identify({"Content-Type": "application/json"}) == []
    assert hookproof.identify({}) == []
