"""Rotation with an end date: hookproof.Secret(value, not_after=...)."""

from __future__ import annotations

import datetime

import hookproof
import pytest

T = 1_700_000_000
BODY = b'{"id":"evt_1","type":"invoice.paid"}'


def signed(secret: str, at: int) -> dict[str, str]:
    return hookproof.Webhook("stripe", secret).sign(BODY, timestamp=at)


def test_a_secret_verifies_until_its_not_after_and_then_says_it_expired() -> None:
    wh = hookproof.Webhook("stripe", ["new-secret", hookproof.Secret("old-secret", not_after=T)])
    assert wh.verify(BODY, signed("old-secret", T), now=T).key_index == 1
    with pytest.raises(hookproof.SignatureMismatchError, match="secret 2 .* past its not_after") as info:
        wh.verify(BODY, signed("old-secret", T + 1), now=T + 1)
    assert info.value.code == "signature_mismatch"
    # A forgery still says only that nothing matched.
    with pytest.raises(hookproof.SignatureMismatchError) as forged:
        wh.verify(BODY, signed("forger", T + 1), now=T + 1)
    assert "not_after" not in str(forged.value)
    assert wh.verify(BODY, signed("new-secret", T + 1), now=T + 1).key_index == 0


def test_not_after_takes_an_aware_datetime_and_hides_the_value() -> None:
    end = datetime.datetime.fromtimestamp(T, tz=datetime.timezone.utc)
    secret = hookproof.Secret(b"old-secret", not_after=end)
    assert secret.not_after == T
    assert "old-secret" not in repr(secret) and str(T) in repr(secret)
    with pytest.raises(TypeError, match="timezone-aware"):
        hookproof.Secret("old-secret", not_after=datetime.datetime(2024, 1, 1))
    with pytest.raises(TypeError, match="unix seconds"):
        hookproof.Secret("old-secret", not_after="2024-01-01")
    with pytest.raises(hookproof.ConfigurationError):
        hookproof.Webhook("stripe", hookproof.Secret("sk_live_not_a_webhook_secret"))


def test_a_sender_signs_with_the_first_secret_in_force() -> None:
    sender = hookproof.Webhook("stripe", [hookproof.Secret("old-secret", not_after=T), "new-secret"])
    headers = sender.sign(BODY, timestamp=T + 1)
    hookproof.Webhook("stripe", "new-secret").verify(BODY, headers, now=T + 1)
    assert hookproof.Webhook("stripe", "old-secret").verify(BODY, sender.sign(BODY, timestamp=T), now=T)
