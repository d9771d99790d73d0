"""The example receivers in real server processes on loopback (gunicorn for
Flask and Django, uvicorn for FastAPI), receiving deliveries signed by
Python's hmac over real HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import signers
from conftest import EXAMPLES

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(argv: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    proc = subprocess.Popen(
        argv, cwd=EXAMPLES, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"server exited: {out}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("server did not start in 30 s")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, object]:
    request = urllib.request.Request(url, data=body, headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_flask_under_gunicorn() -> None:
    secret, port = "whsec_gunicorn_flask_secret_31", free_port()
    argv = [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "flask_app:app"]
    body = json.dumps({"task": {"id": "t_real_http"}}).encode()
    with server(argv, {"CLORO_WEBHOOK_SECRET": secret}, port) as base:
        ok = post(f"{base}/hooks/cloro", body, signers.cloro(secret, body, webhook_id="t_real_http-1"))
        assert ok == (200, {"received": "t_real_http", "dedup_key": "t_real_http"})
        bad = post(f"{base}/hooks/cloro", body + b" ", signers.cloro(secret, body))
        assert bad == (400, {"error": "signature_mismatch"})
        stale = post(f"{base}/hooks/cloro", body, signers.cloro(secret, body, ts=int(time.time()) - 301))
        assert stale == (400, {"error": "timestamp_too_old"})


def test_fastapi_under_uvicorn() -> None:
    secret, port = "fileloom_uvicorn_secret_77", free_port()
    argv = [str(BIN / "uvicorn"), "--host", "127.0.0.1", "--port", str(port), "fastapi_app:app"]
    body = json.dumps({"data": {"fileId": "file_real"}}).encode()
    with server(argv, {"FILELOOM_WEBHOOK_SECRET": secret}, port) as base:
        assert post(f"{base}/hooks/fileloom", body, signers.fileloom(secret, body)) == (
            200,
            {"event": "pdf.generated", "file": "file_real"},
        )
        assert post(f"{base}/hooks/fileloom", b"{}", signers.fileloom(secret, body)) == (
            400,
            {"error": "signature_mismatch"},
        )


def test_django_under_gunicorn() -> None:
    secret, port = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", free_port()
    argv = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "django_app"]
    body = json.dumps({"type": "invoice.paid"}).encode()
    with server(argv, {"STANDARD_WEBHOOK_SECRET": secret}, port) as base:
        assert post(f"{base}/hooks/standard", body, signers.standard(secret, body, msg_id="msg_real")) == (
            200,
            {"id": "msg_real", "type": "invoice.paid"},
        )
        headers = signers.standard(secret, body)
        del headers["webhook-id"]
        assert post(f"{base}/hooks/standard", body, headers) == (400, {"error": "missing_header"})
