"""Secrets a scheme must refuse, with the code, never echoing them."""

import base64

from families.common import GENERATOR, ed25519_pair
from families.founding import CLORO_SECRET
from families.standard import STD_PADDED, STD_SECRET


def secrets():
    cases = []

    def add(comment, scheme, secrets_, code=None):
        case = {"tcId": len(cases) + 1, "comment": comment, "scheme": scheme, "secrets": secrets_}
        if code:
            case.update(result="invalid", code=code)
        else:
            case["result"] = "valid"
        cases.append(case)

    add("cloro whsec_ string", "cloro", [CLORO_SECRET])
    add("a short UTF-8 secret is the sender's business", "fileloom", ["s3cret"])
    add("Standard secret with prefix", "standard", [STD_SECRET])
    add("Standard secret without prefix", "standard", [STD_SECRET[6:]])
    add("Standard secret without padding", "standard", [STD_PADDED.rstrip("=")])
    add("no secret at all", "cloro", [], "invalid_argument")
    add("empty secret", "cloro", [""], "invalid_secret")
    add("empty secret among good ones", "cloro", [CLORO_SECRET, ""], "invalid_secret")
    add("trailing newline", "cloro", [CLORO_SECRET + "\n"], "invalid_secret")
    add("leading space", "standard", [" " + STD_SECRET], "invalid_secret")
    add("a Stripe API key", "cloro", ["sk_live_51H8abcdefghijklmnop"], "invalid_secret")
    add("a Slack bot token", "fileloom", ["xoxb-1234-5678-abcdef"], "invalid_secret")
    add("whsec_ with bad base64 for Standard", "standard", ["whsec_not*base64!"], "invalid_secret")
    add("whsec_ and nothing else for Standard", "standard", ["whsec_"], "invalid_secret")
    add("decodes to 8 bytes", "standard", ["whsec_" + base64.b64encode(b"12345678").decode()], "invalid_secret")
    add("unknown scheme", "stripee", [CLORO_SECRET], "unknown_scheme")
    add("Discord public key in hex", "discord", [ed25519_pair(7)[1].hex()])
    add("Discord key of 31 bytes", "discord", [ed25519_pair(7)[1].hex()[:62]], "invalid_secret")
    add("Discord key that is not hex", "discord", ["z" * 64], "invalid_secret")
    add("a whsec_ secret for an Ed25519 scheme", "standard-v1a", [STD_SECRET], "invalid_secret")
    add("whsk_ seed whose appended public key does not match", "standard-v1a",
        ["whsk_" + base64.b64encode(bytes([11]) * 32 + ed25519_pair(12)[1]).decode()], "invalid_secret")
    return {
        "source": "hookproof's secret rules (docs/architecture.md, the scheme model)",
        "generator": GENERATOR,
        "notes": {},
        "numberOfTests": len(cases),
        "tests": cases,
    }
