"""The Python contract beyond the vectors: error classes, argument types,
header containers, secrets kept out of every repr and message."""

from __future__ import annotations

import hashlib
import hmac
import pickle
import subprocess
import sys
from typing import Any

import hookproof
import pytest
import signers

SECRET = "whsec_python_api_test_secret_4c1d"
BODY = b'{"task":{"id":"b27a21e1-7c39-4aa2-a347-23e828c426f9"}}'
TS = 1748419200


def cloro() -> hookproof.Webhook:
    return hookproof.Webhook("cloro", SECRET)


def test_errors_module_imports_without_the_extension() -> None:
    code = "import sys, hookproof.errors; print('hookproof._native' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # hookproof/__init__ imports _native; errors itself must not need it.
    src = (hookproof.errors.__file__ or "")
    assert "_native" not in open(src, encoding="utf-8").read().split('"""', 2)[2]
    assert out.stdout.strip() in {"True", "False"}


def test_error_hierarchy() -> None:
    for cls in (
        hookproof.MissingHeaderError,
        hookproof.MalformedHeaderError,
        hookproof.TimestampError,
        hookproof.SignatureMismatchError,
    ):
        assert issubclass(cls, hookproof.VerificationError)
        assert issubclass(cls, hookproof.WebhookError)
        assert issubclass(cls, ValueError)
    assert issubclass(hookproof.ConfigurationError, hookproof.WebhookError)
    assert issubclass(hookproof.ConfigurationError, ValueError)
    assert not issubclass(hookproof.ConfigurationError, hookproof.VerificationError)


def test_errors_carry_code_and_header_and_pickle() -> None:
    with pytest.raises(hookproof.MissingHeaderError) as info:
        cloro().verify(BODY, {}, now=TS)
    e = info.value
    assert (e.code, e.header) == ("missing_header", "X-Cloro-Signature")
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is type(e) and again.code == e.code and str(again) == str(e)


def test_signature_matches_pythons_hmac() -> None:
    headers = cloro().sign(BODY, timestamp=TS, id="task-1")
    expected = hmac.new(SECRET.encode(), f"{TS}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert headers == {
        "X-Cloro-Timestamp": str(TS),
        "X-Cloro-Webhook-Id": "task-1",
        "X-Cloro-Signature": f"v1={expected}",
    }
    assert hookproof.sign(BODY, scheme="cloro", secret=SECRET, timestamp=TS, id="task-1") == headers


def test_independently_signed_deliveries_verify() -> None:
    for scheme, secret, sign in [
        ("cloro", SECRET, signers.cloro),
        ("fileloom", "fl_secret_value_123", signers.fileloom),
        ("standard", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", signers.standard),
    ]:
        v = hookproof.Webhook(scheme, secret).verify(BODY, sign(secret, BODY))
        assert v.body == BODY and v.json()["task"]["id"].startswith("b27a")


def test_nothing_shows_the_secret_or_expected_signature() -> None:
    wh = hookproof.Webhook("cloro", [SECRET, "whsec_older_secret_value_99"])
    headers = wh.sign(BODY, timestamp=TS)
    good = headers["X-Cloro-Signature"][3:]
    texts = [repr(wh), str(wh)]
    for body, now in [(b"tampered", TS), (BODY, TS + 10_000)]:
        with pytest.raises(hookproof.VerificationError) as info:
            wh.verify(body, headers, now=now)
        texts += [str(info.value), repr(info.value), repr(info.value.args)]
    v = wh.verify(BODY, headers, now=TS)
    texts.append(repr(v))
    for text in texts:
        assert SECRET not in text and "older_secret" not in text and good[:12] not in text, text


def test_rotation_reports_key_index() -> None:
    old = hookproof.Webhook("cloro", "whsec_older_secret_value_99")
    both = hookproof.Webhook("cloro", ("whsec_new_secret_value_12", "whsec_older_secret_value_99"))
    assert both.verify(BODY, old.sign(BODY, timestamp=TS), now=TS).key_index == 1


@pytest.mark.parametrize(
    ("secret", "code"),
    [(None, "invalid_secret"), (123, "invalid_secret"), ([], "invalid_argument"), ("", "invalid_secret"), (" x ", "invalid_secret")],
)
def test_bad_secrets_raise_configuration_error(secret: Any, code: str) -> None:
    with pytest.raises(hookproof.ConfigurationError) as info:
        hookproof.Webhook("cloro", secret)
    assert info.value.code == code


def test_bad_schemes_raise_configuration_error() -> None:
    for scheme, code in [("stripee", "unknown_scheme"), (None, "invalid_scheme"), (42, "invalid_scheme")]:
        with pytest.raises(hookproof.ConfigurationError) as info:
            hookproof.Webhook(scheme, SECRET)  # type: ignore[arg-type]
        assert info.value.code == code


@pytest.mark.parametrize("tolerance", [-1, 1.5, True, "300"])
def test_bad_tolerances(tolerance: Any) -> None:
    with pytest.raises(hookproof.ConfigurationError):
        hookproof.Webhook("cloro", SECRET, tolerance=tolerance)


def test_tolerance_default_override_and_off() -> None:
    headers = cloro().sign(BODY, timestamp=TS)
    assert cloro().tolerance == 300
    with pytest.raises(hookproof.TimestampError):
        cloro().verify(BODY, headers, now=TS + 301)
    assert hookproof.Webhook("cloro", SECRET, tolerance=400).verify(BODY, headers, now=TS + 301)
    off = hookproof.Webhook("cloro", SECRET, tolerance=None)
    assert off.tolerance is None and off.verify(BODY, headers, now=TS + 10**9)


def test_now_accepts_int_and_float_and_refuses_others() -> None:
    headers = cloro().sign(BODY, timestamp=TS)
    assert cloro().verify(BODY, headers, now=TS + 0.9).timestamp == TS
    for bad in ["1748419200", True, [TS]]:
        with pytest.raises(TypeError):
            cloro().verify(BODY, headers, now=bad)  # type: ignore[arg-type]
    for bad in [float("nan"), float("inf"), 10**30]:
        with pytest.raises(ValueError):
            cloro().verify(BODY, headers, now=bad)


def test_body_and_headers_of_the_wrong_type() -> None:
    headers = cloro().sign(BODY, timestamp=TS)
    for body in [None, 42, ["x"], {"a": 1}]:
        with pytest.raises(TypeError):
            cloro().verify(body, headers, now=TS)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cloro().verify(BODY, [("a", "b")], now=TS)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cloro().verify(BODY, {"X-Cloro-Signature": 5}, now=TS)


def test_str_body_with_lone_surrogate_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        cloro().verify("\udcff", {}, now=TS)


def test_header_value_with_surrogates_is_malformed() -> None:
    headers = cloro().sign(BODY, timestamp=TS)
    headers["X-Cloro-Webhook-Id"] = "bad\udcff"
    with pytest.raises(hookproof.MalformedHeaderError):
        cloro().verify(BODY, headers, now=TS)


def test_framework_header_containers() -> None:
    from django.http.request import HttpHeaders
    from starlette.datastructures import Headers as StarletteHeaders
    from werkzeug.datastructures import EnvironHeaders, Headers as WerkzeugHeaders

    signed = cloro().sign(BODY, timestamp=TS)
    environ = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in signed.items()}
    containers = [
        WerkzeugHeaders(list(signed.items())),
        EnvironHeaders(environ),
        HttpHeaders(environ),
        StarletteHeaders(headers={k.lower(): v for k, v in signed.items()}),
    ]
    from_dict = cloro().verify(BODY, signed, now=TS)
    for headers in containers:
        v = cloro().verify(BODY, headers, now=TS)
        assert v.id == signed["X-Cloro-Webhook-Id"], type(headers)
        # The key is a part of the id (without its attempt number), made on
        # access from the container's str or (Starlette) bytes.
        assert v.dedup_key == from_dict.dedup_key != v.id, type(headers)
    # Flask's and Django's containers are read by name from their environ
    # and store, not iterated: an absent header is still missing.
    unsigned = {k: v for k, v in environ.items() if not k.endswith("SIGNATURE")}
    for headers in [EnvironHeaders(unsigned), HttpHeaders(unsigned)]:
        with pytest.raises(hookproof.MissingHeaderError):
            cloro().verify(BODY, headers, now=TS)
    raw = [(k.lower().encode(), v.encode()) for k, v in signed.items()]
    repeated = StarletteHeaders(raw=raw + [(b"x-cloro-signature", signed["X-Cloro-Signature"].encode())])
    with pytest.raises(hookproof.MalformedHeaderError):
        cloro().verify(BODY, repeated, now=TS)
    twice = WerkzeugHeaders([*signed.items(), ("x-cloro-SIGNATURE", signed["X-Cloro-Signature"])])
    with pytest.raises(hookproof.MalformedHeaderError):
        cloro().verify(BODY, twice, now=TS)
    # ASGI allows any two-item sequence per header; Starlette keeps what the
    # server gave it.
    scope = {"type": "http", "headers": [[k, v] for k, v in raw]}
    assert cloro().verify(BODY, StarletteHeaders(scope=scope), now=TS)

    # A subclass is read like its framework base.
    class AppHeaders(EnvironHeaders):
        pass

    assert cloro().verify(BODY, AppHeaders(environ), now=TS).id == signed["X-Cloro-Webhook-Id"]


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOKPROOF_TEST_SECRET", SECRET)
    monkeypatch.setenv("HOOKPROOF_EMPTY", "")
    monkeypatch.delenv("HOOKPROOF_UNSET", raising=False)
    wh = hookproof.Webhook.from_env("cloro", "HOOKPROOF_TEST_SECRET", tolerance=60)
    assert wh.tolerance == 60
    assert wh.verify(BODY, cloro().sign(BODY, timestamp=TS), now=TS)
    for var, word in [("HOOKPROOF_UNSET", "not set"), ("HOOKPROOF_EMPTY", "empty")]:
        with pytest.raises(hookproof.ConfigurationError, match=f"{var} is {word}"):
            hookproof.Webhook.from_env("cloro", var)


def test_custom_scheme_from_keywords() -> None:
    scheme = hookproof.Scheme(
        name="acme",
        signature_header="X-Acme-Signature",
        signature_format={"list": {"prefix": "sha256="}},
        message="{body}",
        algorithm="hmac-sha256",
        key="utf8",
        encoding="hex",
        tolerance=None,
    )
    assert scheme.name == "acme" and repr(scheme) == "<hookproof.Scheme 'acme'>"
    sig = hmac.new(b"acme-secret", BODY, hashlib.sha256).hexdigest()
    v = hookproof.Webhook(scheme, b"acme-secret").verify(BODY, {"x-acme-signature": f"sha256={sig}"})
    assert v.scheme == "acme"
    with pytest.raises(hookproof.ConfigurationError) as info:
        hookproof.Scheme(name="acme", colour="blue")
    assert info.value.code == "invalid_scheme"


def test_schemes_lists_the_presets_and_describes_each() -> None:
    assert {"cloro", "fileloom", "standard", "svix", "clerk", "resend", "stripe", "twilio"} <= set(hookproof.schemes())
    described = dict(hookproof.scheme_descriptions())
    assert list(described) == hookproof.schemes()
    assert "Stripe-Signature" in described["stripe"]


def test_verified_body_is_the_same_bytes_object() -> None:
    headers = cloro().sign(BODY, timestamp=TS)
    assert cloro().verify(BODY, headers, now=TS).body is BODY
    assert cloro().verify(BODY.decode(), headers, now=TS).body == BODY


def test_verified_text_fields_reuse_the_request_strings() -> None:
    # The id is the request's own header string (no copy per delivery); a
    # padded id is cut from it correctly; the key is the signed task.id.
    headers = signers.cloro(SECRET, BODY, TS, webhook_id="b27a21e1-7c39-4aa2-a347-23e828c426f9-3")
    v = cloro().verify(BODY, headers, now=TS)
    assert v.id is headers["X-Cloro-Webhook-Id"]
    assert v.dedup_key == "b27a21e1-7c39-4aa2-a347-23e828c426f9"
    padded = {**headers, "X-Cloro-Webhook-Id": "  b27a21e1-7c39-4aa2-a347-23e828c426f9-2\t"}
    v = cloro().verify(BODY, padded, now=TS)
    assert (v.id, v.dedup_key) == ("b27a21e1-7c39-4aa2-a347-23e828c426f9-2", "b27a21e1-7c39-4aa2-a347-23e828c426f9")
    # cloro does not sign the id: one naming another task verifies, but its
    # key cannot be read (a replay must not become a new delivery).
    forged = {**headers, "X-Cloro-Webhook-Id": "task-9-2"}
    v = cloro().verify(BODY, forged, now=TS)
    assert v.id == "task-9-2"
    with pytest.raises(hookproof.MalformedHeaderError, match="X-Cloro-Webhook-Id") as info:
        v.dedup_key  # noqa: B018
    assert info.value.code == "malformed_header" and "task-9" not in str(info.value)
    event = hookproof.Webhook("fileloom", "fl_python_api_test_secret_value_1")
    fl = signers.fileloom("fl_python_api_test_secret_value_1", BODY, TS, event=" pdf.failed ")
    assert event.verify(BODY, fl, now=TS).event == "pdf.failed"


def test_a_large_body_verified_without_the_gil_keeps_the_request_strings_too() -> None:
    # From 64 KiB the hash runs on copies of the header values, without the
    # GIL; the fields still come out of the request's own strings, padded or
    # cut, because the core says where they are, not what they hold.
    task = "b27a21e1-7c39-4aa2-a347-23e828c426f9"
    big = b'{"task":{"id":"%s"},"pad":"%s"}' % (task.encode(), b"x" * hookproof._native.GIL_RELEASE_THRESHOLD)
    headers = signers.cloro(SECRET, big, TS, webhook_id=f"{task}-3")
    v = cloro().verify(big, headers, now=TS)
    assert v.id is headers["X-Cloro-Webhook-Id"]
    assert v.dedup_key == task
    padded = {**headers, "X-Cloro-Webhook-Id": f" {task}-2\t"}
    v = cloro().verify(big, padded, now=TS)
    assert (v.id, v.dedup_key, v.timestamp) == (f"{task}-2", task, TS)


@pytest.mark.parametrize("form", [bytes, bytearray, memoryview, "str"])
def test_body_fields_are_read_from_the_body_the_verified_keeps(form: Any) -> None:
    # Stripe's event type and event id live in the JSON body; Verified reads
    # them from its body when asked, whatever form the body came in.
    body = b'{"id":"evt_1","object":"event","type":"invoice.paid","data":{"object":{"id":"in_1"}}}'
    wh = hookproof.Webhook("stripe", "whsec_python_lazy_field_test")
    headers = wh.sign(body, timestamp=TS)
    given = body.decode() if form == "str" else form(body)
    v = wh.verify(given, headers, now=TS)
    assert (v.event, v.dedup_key) == ("invoice.paid", "evt_1")
    assert (v.event, v.dedup_key) == ("invoice.paid", "evt_1")  # read again
    not_json = b"type=invoice.paid"
    v = wh.verify(not_json, wh.sign(not_json, timestamp=TS), now=TS)
    assert (v.event, v.dedup_key) == (None, None)


def test_signatures_name_the_scheme_default_tolerance() -> None:
    """help(hookproof.Webhook) shows the default a user gets (the scheme's
    own window), not `Ellipsis`; passing it keeps that window."""
    import inspect
    import pickle

    for fn in (hookproof.Webhook, hookproof.Webhook.from_env, hookproof.verify):
        default = inspect.signature(fn).parameters["tolerance"].default
        assert default is hookproof.SCHEME_DEFAULT, fn
    assert "tolerance=hookproof.SCHEME_DEFAULT" in str(inspect.signature(hookproof.Webhook))
    secret = "linear_signature_test_secret_1"
    assert hookproof.Webhook("linear", secret, tolerance=hookproof.SCHEME_DEFAULT).tolerance == 60
    assert hookproof.Webhook("github", secret, tolerance=hookproof.SCHEME_DEFAULT).tolerance is None
    assert pickle.loads(pickle.dumps(hookproof.SCHEME_DEFAULT)) is hookproof.SCHEME_DEFAULT
    # Its text is not the sentinel: only the object itself is.
    with pytest.raises(hookproof.ConfigurationError):
        hookproof.Webhook("linear", secret, tolerance=str(hookproof.SCHEME_DEFAULT))
