"""The Ed25519 senders: Discord, Standard Webhooks v1a and Telnyx (pyca/cryptography)."""

import base64

from families.common import Builder, T0, ed25519_pair


def discord():
    b = Builder("discord", "https://discord.com/developers/docs/interactions/overview (X-Signature-Ed25519 hex over "
                "timestamp + body, application public key in hex); signatures by OpenSSL via pyca/cryptography")
    key, public = ed25519_pair(7)
    other, _ = ed25519_pair(8)
    body = '{"type":1,"id":"1234567890","application_id":"99"}'
    sig = key.sign(f"{T0}{body}".encode()).hex()
    h = lambda v, t=T0: [["X-Signature-Ed25519", v], ["X-Signature-Timestamp", str(t)]]
    pk = public.hex()
    b.add("genuine PING", ["Valid", "Ed25519"], h(sig), body, [pk], T0, expected={"timestamp": T0})
    b.add("upper-case hex key and signature", ["Valid", "Ed25519", "HexCase"], h(sig.upper()), body, [pk.upper()], T0,
          expected={"timestamp": T0})
    b.add("signed by another key", ["WrongSecret", "Ed25519"], h(other.sign(f"{T0}{body}".encode()).hex()), body, [pk],
          T0, code="signature_mismatch")
    b.add("body changed", ["Tampered", "Ed25519"], h(sig), body.replace("1,", "2,"), [pk], T0,
          code="signature_mismatch")
    b.add("timestamp changed", ["Tampered", "Ed25519"], h(sig, T0 + 1), body, [pk], T0, code="signature_mismatch")
    b.add("a 32-byte value where 64 are due", ["MalformedHeader"], h(sig[:64]), body, [pk], T0, code="malformed_header")
    return b.done()


def standard_v1a():
    b = Builder("standard-v1a", "Standard Webhooks spec, asymmetric signatures (v1a, whpk_/whsk_ keys); "
                "signatures by OpenSSL via pyca/cryptography")
    key, public = ed25519_pair(11)
    seed = bytes([11]) * 32
    body, mid = '{"type":"user.created"}', "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
    sig = base64.b64encode(key.sign(f"{mid}.{T0}.{body}".encode())).decode()
    h = lambda v: [["webhook-id", mid], ["webhook-timestamp", str(T0)], ["webhook-signature", v]]
    whpk = "whpk_" + base64.b64encode(public).decode()
    ok = {"id": mid, "timestamp": T0, "dedup_key": mid}
    b.add("genuine, public key", ["Valid", "Ed25519"], h(f"v1a,{sig}"), body, [whpk], T0, expected=ok)
    b.add("genuine, secret key (seed)", ["Valid", "Ed25519", "SecretForm"], h(f"v1a,{sig}"), body,
          ["whsk_" + base64.b64encode(seed).decode()], T0, expected=ok)
    b.add("genuine, secret key (seed + public)", ["Valid", "Ed25519", "SecretForm"], h(f"v1a,{sig}"), body,
          ["whsk_" + base64.b64encode(seed + public).decode()], T0, expected=ok)
    b.add("a v1 HMAC entry beside it is skipped", ["Valid", "UnknownVersion"], h(f"v1,{'A' * 43}= v1a,{sig}"), body,
          [whpk], T0, expected=ok)
    b.add("id changed", ["Tampered", "Ed25519"], h(f"v1a,{sig}")[1:] + [["webhook-id", "msg_other"]], body, [whpk], T0,
          code="signature_mismatch")
    b.add("only a v1 entry", ["MalformedHeader"], h(f"v1,{sig}"), body, [whpk], T0, code="malformed_header")
    return b.done()

# -------------------------------------------------------------- hostile
#
# Bad input of every kind, for the table-driven hostile-input tests of each
# language. Long values are written as {"repeat": s, "times": n, "prefix":
# p, "suffix": q} and expanded by the runners. Each case names a preset.


# team-telnyx/telnyx-php tests/Services/WebhooksTest.php (commit
# 7a7cd942e91fe7df1554f26b32833524a01af53b): the key pair its tests sign with
# (Telnyx publishes no fixed signature; these are made by pyca/cryptography).
TELNYX_SECRET = "p68GNpDl9oAQohBiK0MEOFIjxnoFnz0uGGeJqxQ5PSb7sT30NeKJBe9x41ficebctubmao9Zp3lGEOva5+4KKQ=="
TELNYX_PUBLIC = "+7E99DXiiQXvceNX4nHm3Lbm5mqPWad5RhDr2ufuCik="


def telnyx():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    b = Builder("telnyx", "https://developers.telnyx.com/docs/development/sdk/python/webhooks (telnyx-signature-ed25519 "
                "<base64> over {telnyx-timestamp}|{body}, base64 public key, 300 s as the SDKs); the key pair of "
                "telnyx-php's tests (commit 7a7cd942), signatures by OpenSSL via pyca/cryptography")
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(TELNYX_SECRET)[:32])
    assert base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode() == TELNYX_PUBLIC
    other, _ = ed25519_pair(9)
    body = ('{"data":{"event_type":"call.initiated","id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",'
            '"occurred_at":"2025-05-28T08:00:00.000000Z","payload":{}},"meta":{"attempt":1}}')
    sign = lambda k, t=T0, m=body: base64.b64encode(k.sign(f"{t}|{m}".encode())).decode()
    h = lambda v, t=T0: [["telnyx-signature-ed25519", v], ["telnyx-timestamp", str(t)]]
    ok = {"timestamp": T0, "event": "call.initiated", "dedup_key": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"}
    b.add("genuine", ["Valid", "Ed25519", "BodyField"], h(sign(key)), body, [TELNYX_PUBLIC], T0, expected=ok)
    b.add("the key without base64 padding", ["Valid", "Ed25519", "SecretForm"], h(sign(key)), body,
          [TELNYX_PUBLIC.rstrip("=")], T0, expected=ok)
    b.add("signed by another key", ["WrongSecret", "Ed25519"], h(sign(other)), body, [TELNYX_PUBLIC], T0,
          code="signature_mismatch")
    b.add("signed without the | (Discord's way)", ["WrongScheme", "Ed25519"],
          h(base64.b64encode(key.sign(f"{T0}{body}".encode())).decode()), body, [TELNYX_PUBLIC], T0,
          code="signature_mismatch")
    b.add("timestamp changed", ["Tampered", "Ed25519"], h(sign(key), T0 + 1), body, [TELNYX_PUBLIC], T0 + 1,
          code="signature_mismatch")
    b.add("301 s old", ["Stale", "Ed25519"], h(sign(key)), body, [TELNYX_PUBLIC], T0 + 301, code="timestamp_too_old")
    return b.done()
