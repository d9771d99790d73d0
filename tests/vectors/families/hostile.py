"""Hostile inputs every suite runs: oversized, repeated, non-ASCII and
malformed headers, each with the one code it must give."""

import base64

from families.common import GENERATOR
from families.founding import CLORO_BODY, CLORO_SECRET, CLORO_TS, cloro_sig
from families.standard import STD_BODY, STD_ID, STD_SECRET, STD_SIG, STD_TS


def rep(s, times, prefix="", suffix=""):
    return {"repeat": s, "times": times, "prefix": prefix, "suffix": suffix}


def expand(v):
    return v if isinstance(v, str) else v.get("prefix", "") + v["repeat"] * v["times"] + v.get("suffix", "")


def hostile():
    cases = []
    S, T, BODY = CLORO_SECRET, CLORO_TS, CLORO_BODY

    def add(comment, preset, headers, body=BODY, secrets=None, now=T, code=None, config_code=None, **extra):
        case = {"tcId": len(cases) + 1, "comment": comment, "preset": preset,
                "secrets": secrets if secrets is not None else [S], "now": now, "body": body, "headers": headers}
        case.update(extra)
        if config_code:
            case.update(result="invalid", config_code=config_code)
        elif code:
            case.update(result="invalid", code=code)
        else:
            case["result"] = "valid"
        cases.append(case)

    good = "v1=" + cloro_sig(BODY)
    ts = str(T)
    c = lambda sig=good, t=ts, i="task-1-1": [["X-Cloro-Timestamp", t], ["X-Cloro-Signature", sig], ["X-Cloro-Webhook-Id", i]]
    # presence
    add("no headers", "cloro", [], code="missing_header")
    add("signature only whitespace", "cloro", c(sig="   \t "), code="missing_header")
    add("timestamp empty", "cloro", c(t=""), code="missing_header")
    add("signature twice, identical", "cloro", c() + [["X-Cloro-Signature", good]], code="malformed_header")
    add("timestamp twice", "cloro", c() + [["x-cloro-timestamp", ts]], code="malformed_header")
    add("id twice", "cloro", c() + [["X-CLORO-WEBHOOK-ID", "task-2-1"]], code="malformed_header")
    # size
    add("signature header of 1 MB", "cloro", c(sig=rep("a", 1 << 20, "v1=")), code="malformed_header")
    add("timestamp header of 1 MB", "cloro", c(t=rep("1", 1 << 20)), code="malformed_header")
    add("id header of 1 MB", "cloro", c(i=rep("x", 1 << 20)), code="malformed_header")
    add("10 000 comma-separated signatures", "cloro", c(sig=rep("v1=00,", 10000)), code="malformed_header")
    add("17 signatures of the right length", "cloro", c(sig=",".join([good] * 17)), code="malformed_header")
    add("16 signatures, the last one good", "cloro", c(sig=",".join(["v1=" + "0" * 64] * 15 + [good])))
    # bytes
    add("NUL in the signature", "cloro", c(sig=good[:10] + "\u0000" + good[11:]), code="malformed_header")
    add("NUL in the timestamp", "cloro", c(t=ts + "\u0000"), code="malformed_header")
    add("DEL in the id", "cloro", c(i="task\u007f-1"), code="malformed_header")
    add("newline in the signature", "cloro", c(sig=good + "\n"), code="malformed_header")
    add("carriage return in the id", "cloro", c(i="task-1\r"), code="malformed_header")
    add("non-ASCII letter in the signature", "cloro", c(sig=good[:-1] + "é"), code="malformed_header")
    add("emoji in the id", "cloro", c(i="task-🔥-1"), code="malformed_header")
    add("U+FFFD in the timestamp", "cloro", c(t=ts + "\ufffd"), code="malformed_header")
    # A wide character whose low byte is the genuine ASCII character: a
    # binding that narrowed text to Latin-1 (dropping the high byte) would
    # accept these deliveries.
    add("U+01xx whose low byte is the signature's last digit", "cloro",
        c(sig=good[:-1] + chr(0x100 | ord(good[-1]))), code="malformed_header")
    add("U+01xx whose low byte is the timestamp's last digit", "cloro",
        c(t=ts[:-1] + chr(0x100 | ord(ts[-1]))), code="malformed_header")
    # signature syntax
    add("v1= and nothing after it", "cloro", c(sig="v1="), code="malformed_header")
    add("v1 without =", "cloro", c(sig="v1" + good[3:]), code="malformed_header")
    add("v1== (an extra =)", "cloro", c(sig="v1==" + good[3:]), code="malformed_header")
    add("odd-length hex", "cloro", c(sig=good + "0"), code="malformed_header")
    add("non-hex digits", "cloro", c(sig="v1=" + "g" * 64), code="malformed_header")
    add("31 bytes of hex", "cloro", c(sig=good[:-2]), code="malformed_header")
    add("33 bytes of hex", "cloro", c(sig=good + "00"), code="malformed_header")
    add("only commas and spaces", "cloro", c(sig=" , , ,"), code="malformed_header")
    add("hex with a 0x prefix", "cloro", c(sig="v1=0x" + good[3:]), code="malformed_header")
    add("a good signature among junk entries", "cloro", c(sig="junk, v9=zz, ,," + good))
    body = STD_BODY
    sh = lambda sig: [["webhook-id", STD_ID], ["webhook-timestamp", str(STD_TS)], ["webhook-signature", sig]]
    add("base64 with padding in the middle", "standard", sh("v1,g0hM9SsE+OTPJTGt/tm=KtSyZlE3uFJELVlNIOLJ1OE="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("base64 of only padding", "standard", sh("v1,===="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("URL-safe base64 alphabet", "standard", sh(STD_SIG.replace("+", "-").replace("/", "_")), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("base64 with a space inside", "standard", sh("v1,g0hM9SsE+OTPJTGt /tmIKtSyZlE3uFJELVlNIOLJ1OE="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("base64 with bad trailing bits", "standard", sh(STD_SIG[:-2] + "F="), body, [STD_SECRET], STD_TS, code="malformed_header")
    add("the published example, unpadded (documented accept)", "standard", sh(STD_SIG.rstrip("=")), body, [STD_SECRET], STD_TS)
    # timestamps
    for label, value in [("-1", "-1"), ("1e9", "1e9"), ("Arabic-Indic ٣٤", "٣٤"), ("past i64", "99999999999999999999"),
                         ("leading +", "+" + ts), ("fraction", ts + ".0"), ("hex", "0x1"), ("inner space", ts[:4] + " " + ts[4:])]:
        add(f"timestamp {label}", "cloro", c(t=value, sig="v1=" + cloro_sig(BODY, ts=value)), code="malformed_header")
    add("timestamp with surrounding spaces (documented accept: trimmed)", "cloro", c(t="  " + ts + "  "))
    add("milliseconds where seconds are due", "cloro", c(t=str(T * 1000), sig="v1=" + cloro_sig(BODY, ts=T * 1000)), code="timestamp_too_new")
    add("timestamp 0", "cloro", c(t="0", sig="v1=" + cloro_sig(BODY, ts=0)), code="timestamp_too_old")
    add("timestamp at i64::MAX", "cloro", c(t="9223372036854775807", sig="v1=" + cloro_sig(BODY, ts=9223372036854775807)), code="timestamp_too_new")
    add("the clock at 0", "cloro", c(), now=0, code="timestamp_too_new")
    # stripe-style params
    st = lambda v: [["Stripe-Signature", v]]
    ssec = "whsec_stripe_hostile_secret_1"
    add("t= empty", "stripe", st("t=,v1=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("t= not digits", "stripe", st("t=abc,v1=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("t= twice", "stripe", st(f"t={T},t={T},v1=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("no v1", "stripe", st(f"t={T},v0=" + "0" * 64), "{}", [ssec], code="malformed_header")
    add("pairs without =", "stripe", st("garbage,,,=,=="), "{}", [ssec], code="malformed_header")
    add("17 v1 entries", "stripe", st(f"t={T}," + ",".join(["v1=" + "0" * 64] * 17)), "{}", [ssec], code="malformed_header")
    # bodies
    add("empty body, signature of another body", "cloro", c(), "", code="signature_mismatch")
    add("100 MB body, wrong signature", "cloro", c(), rep("x", 100 << 20), code="signature_mismatch")
    big = "y" * (1 << 20)
    add("1 MB body, genuine (documented accept)", "cloro", c(sig="v1=" + cloro_sig(big)), rep("y", 1 << 20))
    add("body differing only in case", "cloro", c(), BODY.upper(), code="signature_mismatch")
    # secrets
    for label, preset, secret in [("empty", "cloro", ""), ("only whitespace", "cloro", "   "),
                                  ("trailing newline", "fileloom", "fl_secret\n"), ("whsec_ alone", "standard", "whsec_"),
                                  ("a Stripe API key", "stripe", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
                                  ("not base64", "standard", "whsec_%%%%"), ("decodes to 8 bytes", "standard", "whsec_" + base64.b64encode(b"8 bytes!").decode()),
                                  ("Discord key of 31 bytes", "discord", "ab" * 31), ("Discord key not hex", "discord", "zz" * 32),
                                  ("a whpk_ key of 16 bytes", "standard-v1a", "whpk_" + base64.b64encode(bytes(16)).decode())]:
        add(f"secret {label}", preset, [], "{}", [secret], config_code="invalid_secret")
    add("no secret at all", "cloro", [], "{}", [], config_code="invalid_argument")
    return {
        "source": "hostile inputs (issue 8): each yields the contract's error, or a documented accept",
        "generator": GENERATOR,
        "notes": {"repeat": "a value {repeat, times, prefix, suffix} stands for prefix + repeat * times + suffix"},
        "numberOfTests": len(cases),
        "tests": cases,
    }


# -------------------------------------------------------------- secrets
