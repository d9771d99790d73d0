"""Azure Event Grid with Microsoft Entra ID: an RS256 bearer token from the
receiver's directory, issued to Event Grid's application for the
receiver's app, checked with the directory's JWKS; and the subscription
validation handshake, answered with the validation code.

The published case is a token Event Grid sent (fabmas/certlc
.scripts/kvextension.ps1, commit 3022badaf43f84ef9b44a807c7fb4817fbd2ce50,
in a commented Authorization header), checked with the Entra key of its kid
9GmnyFPk… (n as in cyberark/conjur
spec/app/domain/authentication/o_auth/discover_identity_provider_spec.rb,
commit 4c9b632b66f385b9967e9c4e0303550ac4a14271) by pyca/cryptography. Its
body was not published; the bodies are Microsoft's examples
(MicrosoftDocs/azure-docs articles/event-grid/webhook-event-delivery.md).
Other tokens are signed here with the fixed test key.
"""

import json

from families.common import Builder, T0
from families.fetched import b64url, jwt_verifies, rsa_jwk, sign_jwt, test_key, unb64url

EVENT_GRID_APP = "4962773b-9cdb-44cf-a8bf-237846a00ab7"

PUBLISHED_TOKEN = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6IjlHbW55RlBraGMzaE91UjIybXZTdmduTG83WSIsImtpZCI6IjlHbW55RlBraGMzaE91"
    "UjIybXZTdmduTG83WSJ9.eyJhdWQiOiI0ZDU3ZmI2Yi03NWZmLTRlNzUtYjJmMS1iNzc4ODY4NWYzODMiLCJpc3MiOiJodHRwczovL3N0cy53aW5"
    "kb3dzLm5ldC8xOTEyMTU4Zi03MTJmLTQwMGUtODE5ZC04NDk4YjFhZDZmODUvIiwiaWF0IjoxNjk4MDc4OTg1LCJuYmYiOjE2OTgwNzg5ODUsImV4"
    "cCI6MTY5ODE2NTY4NSwiYWlvIjoiRTJGZ1lNaTYrN1V2MjlVaG16WHhkYUpWZ2MwSkFBPT0iLCJhcHBpZCI6IjQ5NjI3NzNiLTljZGItNDRjZi1h"
    "OGJmLTIzNzg0NmEwMGFiNyIsImFwcGlkYWNyIjoiMiIsImlkcCI6Imh0dHBzOi8vc3RzLndpbmRvd3MubmV0LzE5MTIxNThmLTcxMmYtNDAwZS04"
    "MTlkLTg0OThiMWFkNmY4NS8iLCJvaWQiOiJkZjI0N2E5YS1mNjRmLTQzMWEtODczZi1mZmIzNjMzOGI2ODMiLCJyaCI6IjAuQUgwQWp4VVNHUzl4"
    "RGtDQm5ZU1lzYTF2aFd2N1YwM19kWFZPc3ZHM2VJYUY4NE9jQUFBLiIsInN1YiI6ImRmMjQ3YTlhLWY2NGYtNDMxYS04NzNmLWZmYjM2MzM4YjY4"
    "MyIsInRpZCI6IjE5MTIxNThmLTcxMmYtNDAwZS04MTlkLTg0OThiMWFkNmY4NSIsInV0aSI6IlM5Vk1iQ29PNzBHTUxZdE1la1diQVEiLCJ2ZXIi"
    "OiIxLjAifQ.bSZxCU2lHtgVslV6aQl0JRsJdo_yRdHSSL60pGoIExiNhRuRNkUHOCOSYJRDQmWyerkeb7TMfFkmSDY54tDnDYHOymo0W4sYsmDZpG"
    "alXyvi7d3JOHEMTHuAAH1ENpQBIadQc87YDNxg8w_N4a3IUv1sZJrp-vxwUoBcdHn3N6hsGcDlSgjLKNVmAfxTUOnBwxZz-m6-aiEKeW5eL1SPsDz"
    "cVYw3rbM48FEJ1QDrttHlK9zD_wcCZYRURtHYF-3H8gr0A_MbS7TtXF5KSkuLPfmgwEIUC81ITchv5MShpfK0xh0jANNbIu7c5CTT9jNKqo6BybqI"
    "pC9G2VBAnjlgTQ")
PUBLISHED_JWK = {
    "kty": "RSA", "use": "sig", "kid": "9GmnyFPkhc3hOuR22mvSvgnLo7Y", "x5t": "9GmnyFPkhc3hOuR22mvSvgnLo7Y",
    "e": "AQAB",
    "n": "z_w-5U4eZwenXYnEgt2rCN-753YQ7RN8ykiNprNiLl4ilpwAGLWF1cssoRflsSiBVZcCSwUzUwsifG7sbRq9Vc8RFs72Gg0AUwPsJFUqNttM"
         "g3Ot-wTqsZtE5GNSBUSqnI-iWoZfjw-uLsS0u4MfzP8Fpkd-rzRlifuIAYK8Ffi1bldkszeBzQbBZbXFwiw5uTf8vEAkH_IAdB732tQAsNXpW"
         "WYDV74nKAiwLlDS5FWVs2S2T-MPNAg28MLxYfRhW2bUpd693inxI8WTSLRncouzMImJF4XeMG2ZRZ0z_KJra_uzzMCLbILtpnLA95ysxWw-4yg"
         "m3MxN2iBM2IaJeQ"}
DIRECTORY = "1912158f-712f-400e-819d-8498b1ad6f85"
AUDIENCE = "4d57fb6b-75ff-4e75-b2f1-b7788685f383"
JWKS = f"https://login.microsoftonline.com/{DIRECTORY}/discovery/v2.0/keys"

# Microsoft's example validation event, as Event Grid sends it (an array).
VALIDATION = [{
    "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
    "topic": "/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    "subject": "",
    "data": {
        "validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
        "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/estest/validate?id=512d38b6-"
                         "c7b8-40c8-89fe-f46f9e9622b6&t=2018-04-26T20:30:54.4538837Z&apiVersion=2018-05-01-preview&"
                         "token=1A1A1A1A",
    },
    "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
    "eventTime": "2018-01-25T22:12:19.4556811Z",
    "metadataVersion": "1",
    "dataVersion": "1",
}]
# A notification in the Event Grid schema (Microsoft's blob-created example).
NOTIFICATION = [{
    "topic": "/subscriptions/{subscription-id}/resourceGroups/Storage/providers/Microsoft.Storage/storageAccounts/"
             "xstoretestaccount",
    "subject": "/blobServices/default/containers/testcontainer/blobs/testfile.txt",
    "eventType": "Microsoft.Storage.BlobCreated",
    "id": "6a8d3ad2-e01e-0040-1b4a-5fa1d806d2bd",
    "data": {"api": "PutBlockList", "clientRequestId": "b8f3a5c0-3a4a-4c1e-8e2a-6e8f0a8d1f2a",
             "requestId": "6a8d3ad2-e01e-0040-1b4a-5fa1d8000000", "contentType": "text/plain",
             "contentLength": 524288, "blobType": "BlockBlob",
             "url": "https://xstoretestaccount.blob.core.windows.net/testcontainer/testfile.txt"},
    "dataVersion": "", "metadataVersion": "1", "eventTime": "2017-06-26T18:41:00.9584103Z",
}]


def headers(token, event_type="Notification", kind="Bearer"):
    return [["Authorization", f"{kind} {token}"], ["Content-Type", "application/json; charset=utf-8"],
            ["aeg-event-type", event_type], ["aeg-subscription-name", "MYSUBSCRIPTION"],
            ["aeg-delivery-count", "0"], ["aeg-data-version", "1"], ["aeg-metadata-version", "1"]]


def azure_event_grid():
    b = Builder("azure-event-grid", "https://learn.microsoft.com/azure/event-grid/secure-webhook-delivery (a "
                "Microsoft Entra RS256 token in Authorization, issued to Event Grid's application for the "
                "receiver's app; the validation handshake answered with its code); the published case is a token "
                "Event Grid sent (fabmas/certlc .scripts/kvextension.ps1, commit 3022bada), with the Entra key of "
                "its kid (cyberark/conjur discover_identity_provider_spec.rb, commit 4c9b632b)")
    assert jwt_verifies(PUBLISHED_JWK, PUBLISHED_TOKEN)
    claims = json.loads(unb64url(PUBLISHED_TOKEN.split(".")[1]))
    assert claims["appid"] == EVENT_GRID_APP and claims["aud"] == AUDIENCE
    iat, exp = claims["iat"], claims["exp"]
    notification = json.dumps(NOTIFICATION)
    validation = json.dumps(VALIDATION, indent=2)
    jwks = lambda *keys, url=JWKS: [{"url": url, "document": json.dumps({"keys": list(keys)}),
                                     "cache_control": "max-age=86400, private"}]
    entra = jwks(PUBLISHED_JWK)
    trust = {"audiences": [AUDIENCE], "directory": DIRECTORY}
    code = VALIDATION[0]["data"]["validationCode"]
    reply = json.dumps({"validationResponse": code}, separators=(",", ":"))

    def add(comment, flags, token, now, *, body=notification, event_type="Notification", keys=entra, trust=trust,
            code=None, expected=None, **extra):
        want = None if code else (expected or {"timestamp": iat, "event": event_type})
        b.add(comment, flags, headers(token, event_type), body, [], now, code=code, expected=want, trust=trust,
              keys=keys, **extra)

    add("a token Event Grid sent, a minute after it was issued (v1: appid, sts.windows.net)",
        ["Valid", "PublishedExample", "Jwt"], PUBLISHED_TOKEN, iat + 60)
    add("the validation event: verified, then answered with its code", ["Valid", "Handshake", "PublishedExample"],
        PUBLISHED_TOKEN, iat + 60, body=validation, event_type="SubscriptionValidation",
        expected={"timestamp": iat, "event": "SubscriptionValidation", "handshake": reply})
    add("a validation body sent as a Notification is no handshake", ["Valid", "PublishedExample"],
        PUBLISHED_TOKEN, iat + 60, body=validation)
    add("the last second of its lifetime, plus the 300 s skew", ["Boundary", "PublishedExample"], PUBLISHED_TOKEN,
        exp + 300)
    add("a second later", ["Stale", "PublishedExample"], PUBLISHED_TOKEN, exp + 301, code="timestamp_too_old")
    add("issued further ahead than the skew", ["Future", "PublishedExample"], PUBLISHED_TOKEN, iat - 301,
        code="timestamp_too_new")
    add("the directory id given in upper case: a GUID is the same in either case", ["Valid", "PublishedExample"],
        PUBLISHED_TOKEN, iat + 60, trust={"audiences": [AUDIENCE], "directory": DIRECTORY.upper()})
    add("for another app (audience)", ["Claims", "PublishedExample"], PUBLISHED_TOKEN, iat + 60,
        trust={"audiences": ["api://someone-else"], "directory": DIRECTORY}, code="signature_mismatch")
    other = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    add("the receiver's directory is another one: its keys, and the issuer, are not these",
        ["Claims", "PublishedExample"], PUBLISHED_TOKEN, iat + 60, trust={"audiences": [AUDIENCE], "directory": other},
        keys=jwks(PUBLISHED_JWK, url=f"https://login.microsoftonline.com/{other}/discovery/v2.0/keys"),
        code="signature_mismatch")
    add("the JWKS was not fetched (the fetch failed)", ["KeyUnavailable"], PUBLISHED_TOKEN, iat + 60, keys=[],
        code="key_unavailable")
    head, _, sig = PUBLISHED_TOKEN.split(".")
    forged = b64url(json.dumps(dict(claims, aud="api://mine"), separators=(",", ":")).encode())
    add("the claims changed (audience rewritten)", ["Tampered", "PublishedExample"], f"{head}.{forged}.{sig}",
        iat + 60, trust={"audiences": ["api://mine"], "directory": DIRECTORY}, code="signature_mismatch")

    key = test_key()
    test_jwk = rsa_jwk(key, "hookproof-test-1")
    mine = jwks(test_jwk, PUBLISHED_JWK)
    header = {"typ": "JWT", "alg": "RS256", "kid": "hookproof-test-1"}
    v2 = {"aud": AUDIENCE, "iss": f"https://login.microsoftonline.com/{DIRECTORY}/v2.0", "iat": T0, "nbf": T0,
          "exp": T0 + 3600, "azp": EVENT_GRID_APP, "azpacr": "2", "tid": DIRECTORY, "ver": "2.0"}
    token = sign_jwt(key, header, v2)
    assert jwt_verifies(test_jwk, token)
    ok = {"timestamp": T0, "event": "Notification"}
    add("a v2 token (azp, login.microsoftonline.com/<directory>/v2.0)", ["Valid", "Jwt"], token, T0, keys=mine,
        expected=ok)
    add("the validation event with a v2 token", ["Valid", "Handshake"], token, T0, keys=mine, body=validation,
        event_type="SubscriptionValidation",
        expected={"timestamp": T0, "event": "SubscriptionValidation", "handshake": reply})
    someone = "00000000-1111-2222-3333-444444444444"
    add("issued to another client (azp): anyone can get a token for your app", ["Claims"],
        sign_jwt(key, header, dict(v2, azp=someone)), T0, keys=mine, code="signature_mismatch")
    no_party = {k: v for k, v in v2.items() if k != "azp"}
    add("no azp or appid", ["Claims"], sign_jwt(key, header, no_party), T0, keys=mine, code="signature_mismatch")
    add("Google's issuer", ["Claims"], sign_jwt(key, header, dict(v2, iss="https://accounts.google.com")), T0,
        keys=mine, code="signature_mismatch")
    add("signed with a key the directory does not publish", ["WrongSecret"], token, T0, keys=entra,
        code="signature_mismatch")
    b.add("no Authorization header", ["MissingHeader"], headers(token)[1:], notification, [], T0, trust=trust,
          keys=mine, code="missing_header")
    return b.done()
