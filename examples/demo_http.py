"""The HTTP part of `make demo`: a real Flask receiver (gunicorn, two workers)
on loopback gets signed cloro deliveries over HTTP and answers each one.

    python examples/demo_http.py        (run by make demo with the .venv Python)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import hookproof

HERE = Path(__file__).resolve().parent
SECRET = "whsec_demo_cloro_current_7f3a9c"
OLD_SECRET = "whsec_demo_cloro_retired_01b2c3"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def main() -> int:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "flask_app:app"],
        cwd=HERE,
        env={**os.environ, "CLORO_WEBHOOK_SECRET": SECRET},
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/hooks/cloro"
        sender = hookproof.Webhook("cloro", SECRET)  # what cloro does on its side
        retired = hookproof.Webhook("cloro", OLD_SECRET)
        body = (HERE / "bodies" / "cloro.json").read_bytes()
        now = int(time.time())
        task = "b27a21e1-7c39-4aa2-a347-23e828c426f9"
        cases = [
            ("genuine", 200, body, sender.sign(body, id=f"{task}-1")),
            ("body tampered", 400, body.replace(b"sunny", b"rainy"), sender.sign(body)),
            ("stale (15 min old)", 400, body, sender.sign(body, timestamp=now - 900)),
            ("rotated-out secret", 400, body, retired.sign(body)),
            ("no signature header", 400, body, {"X-Cloro-Timestamp": str(now)}),
        ]
        print(f"\nFlask receiver (gunicorn, 2 workers) at {url}")
        print(f"{'DELIVERY':<24} {'STATUS':<7} ANSWER")
        failed = False
        for label, want, payload, headers in cases:
            status, answer = post(url, payload, headers)
            print(f"{label:<24} {status:<7} {json.dumps(json.loads(answer))}")
            failed |= status != want
        if failed:
            print("demo: a receiver answered unexpectedly", file=sys.stderr)
            return 1
        print("demo: the Flask receiver answered every delivery as expected")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
