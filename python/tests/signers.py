"""Independent signers built on Python's hmac: the tests' source of truth.
They share no code with hookproof."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid


def cloro(secret: str, body: bytes, ts: int | None = None, webhook_id: str | None = None) -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    sig = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return {
        "X-Cloro-Timestamp": str(ts),
        "X-Cloro-Signature": f"v1={sig}",
        "X-Cloro-Webhook-Id": webhook_id or f"{_task_id(body) or uuid.uuid4()}-1",
    }


def _task_id(body: bytes) -> str | None:
    """cloro's webhook id is `<task.id>-<attempt>` (its docs' payload)."""
    try:
        return str(json.loads(body)["task"]["id"])
    except (ValueError, KeyError, TypeError):
        return None


def fileloom(secret: str, body: bytes, ts: int | None = None, delivery: str = "dlv_1", event: str = "pdf.generated") -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    sig = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {
        "X-Fileloom-Signature": f"sha256={sig}",
        "X-Fileloom-Timestamp": str(ts),
        "X-Fileloom-Event": event,
        "X-Fileloom-Delivery-Id": delivery,
    }


def standard(secret: str, body: bytes, ts: int | None = None, msg_id: str = "msg_1") -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    raw = secret.removeprefix("whsec_")
    key = base64.b64decode(raw + "=" * (-len(raw) % 4))
    sig = base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
    return {"webhook-id": msg_id, "webhook-timestamp": str(ts), "webhook-signature": f"v1,{sig}"}
