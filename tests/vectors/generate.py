#!/usr/bin/env python3
"""Writes the shared test vectors in this folder, from Python's own `hmac`.

The expected signatures here are computed by the standard library (or copied
from a provider's published example), never by hookproof: that is what makes
the vectors a test of hookproof rather than a record of what it does.

    python3 tests/vectors/generate.py          # rewrite the JSON files
    python3 tests/vectors/generate.py --check  # fail if they differ (run by `make test`)

Each file has the shape of a Wycheproof vector file: a header, `notes` that
explain every flag, and `tests` with `tcId`, `comment`, `flags`, the inputs,
and the expected `result` (`valid` or `invalid` with a `code`). A test's
`tolerance` key, when present, overrides the scheme's default (`null` turns
the check off); `now` is the verifier's clock in unix seconds.
"""

import json
import sys

import explain_mistakes
from families.founding import cloro, fileloom
from families.standard import custom, standard, svix
from families.ed25519 import discord, standard_v1a, telnyx
from families.body_mac_senders import bitbucket, coinbase_commerce, docusign, meta, pusher, sentry, xero
from families.hmac_senders import calendly, github, github_sha1, intercom, lemonsqueezy, linear, paddle, shopify, slack, stripe, typeform, zoom
from families.url_senders import hubspot, hubspot_v1, hubspot_v2, mandrill, square, twilio
from families.tokens import gitlab, postmark
from families.dated_senders import box, zendesk
from families.ecdsa import sendgrid
from families.in_body import mailgun
from families.sdk_published import mux, razorpay, workos
from families.entra import azure_event_grid
from families.fetched import google_pubsub, sns
from families.paypal import paypal
from families.plaid import plaid
from families.hostile import hostile
from families.integration import integration
from families.secrets import secrets
from families.common import HERE

FILES = {
    "cloro.json": cloro,
    "fileloom.json": fileloom,
    "standard.json": standard,
    "svix.json": svix,
    "custom.json": custom,
    "standard-v1a.json": standard_v1a,
    "stripe.json": stripe,
    "github.json": github,
    "github-sha1.json": github_sha1,
    "slack.json": slack,
    "shopify.json": shopify,
    "paddle.json": paddle,
    "linear.json": linear,
    "lemonsqueezy.json": lemonsqueezy,
    "typeform.json": typeform,
    "calendly.json": calendly,
    "zoom.json": zoom,
    "intercom.json": intercom,
    "hubspot.json": hubspot,
    "hubspot-v1.json": hubspot_v1,
    "hubspot-v2.json": hubspot_v2,
    "square.json": square,
    "twilio.json": twilio,
    "discord.json": discord,
    "meta.json": meta,
    "bitbucket.json": bitbucket,
    "sentry.json": sentry,
    "xero.json": xero,
    "pusher.json": pusher,
    "coinbase-commerce.json": coinbase_commerce,
    "telnyx.json": telnyx,
    "mandrill.json": mandrill,
    "gitlab.json": gitlab,
    "postmark.json": postmark,
    "box.json": box,
    "zendesk.json": zendesk,
    "docusign.json": docusign,
    "sendgrid.json": sendgrid,
    "mailgun.json": mailgun,
    "mux.json": mux,
    "workos.json": workos,
    "razorpay.json": razorpay,
    "aws-sns.json": sns,
    "google-pubsub.json": google_pubsub,
    "azure-event-grid.json": azure_event_grid,
    "plaid.json": plaid,
    "paypal.json": paypal,
    "secrets.json": secrets,
    "hostile.json": hostile,
    # In a folder of its own: not a scheme file, which the suites list by
    # globbing this one.
    "explain/mistakes.json": explain_mistakes.mistakes,
    # What every framework adapter must answer (run over a real server).
    "integration/integration.json": integration,
}


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name, make in FILES.items():
        text = json.dumps(make(), indent=2, ensure_ascii=False) + "\n"
        path = HERE / name
        path.parent.mkdir(exist_ok=True)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        sys.exit(f"vectors out of date: {', '.join(stale)}; run python3 tests/vectors/generate.py")
    total = sum(len(make()["tests"]) for make in FILES.values())
    print(f"vectors: {len(FILES)} files, {total} cases, {'up to date' if check else 'written'}")


if __name__ == "__main__":
    main()
