"""Load with nothing lost: real receivers on loopback under a mix of
genuine, tampered, stale, replayed and concurrent duplicate deliveries.

    make load                     (or: .venv/bin/python bench/load.py [--count N])

Starts redis-server, a Flask receiver (gunicorn, 2 workers, RedisDedup
shared by both) and an Express receiver, then sends `--count` deliveries to
each with bounded concurrency, signed by Python's hmac. Checks: zero false
accepts (every tampered or stale delivery answered 400), zero false rejects
(every genuine one 200), every genuine delivery handled exactly once (Redis
counters), no worker crash, memory flat. Reports requests/s and latency
percentiles, with verification and without (a plain route). Traffic goes to
127.0.0.1 only; the loops are bounded in count and time.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python" / "tests"))
import signers  # noqa: E402  (independent signer on Python's hmac)

SECRET = "whsec_load_test_secret_value_42"
COUNT = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 3000
CONCURRENCY = 16
DEADLINE = time.monotonic() + 600  # the whole run stops by itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def plan() -> list[tuple[str, dict[str, str], bytes]]:
    """The mix: (kind, headers, body). Duplicates and replays reuse a genuine one."""
    rnd = random.Random(7)
    now = int(time.time())
    genuine, out = [], []
    for i in range(COUNT):
        body = json.dumps({"task": {"id": f"t{i}"}, "pad": "x" * rnd.randint(10, 900)}).encode()
        roll = rnd.random()
        if roll < 0.5 or not genuine:
            item = ("genuine", signers.cloro(SECRET, body, ts=now, webhook_id=f"task-{i}-1"), body)
            genuine.append(item)
        elif roll < 0.65:
            item = ("tampered", signers.cloro(SECRET, body, ts=now, webhook_id=f"task-{i}-1"), body + b" ")
        elif roll < 0.75:
            item = ("stale", signers.cloro(SECRET, body, ts=now - 3600, webhook_id=f"task-{i}-1"), body)
        elif roll < 0.85:
            _, headers, b = rnd.choice(genuine)
            item = ("replay", headers, b)
        else:
            _, headers, b = genuine[-1]
            item = ("duplicate", {**headers, "X-Cloro-Webhook-Id": headers["X-Cloro-Webhook-Id"][:-1] + "2"}, b)
        out.append(item)
    return out


class Client(threading.local):
    conn: http.client.HTTPConnection | None = None


def run(port: int, path: str, deliveries: list[tuple[str, dict[str, str], bytes]]) -> tuple[list, float]:
    local = Client()

    def send(item: tuple[str, dict[str, str], bytes]) -> tuple[str, int, str, float]:
        if time.monotonic() > DEADLINE:
            raise SystemExit("load: deadline reached")
        kind, headers, body = item
        for attempt in range(3):
            try:
                if local.conn is None:
                    local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                start = time.perf_counter()
                local.conn.request("POST", path, body=body, headers={**headers, "Content-Type": "application/json"})
                response = local.conn.getresponse()
                answer = response.read().decode()
                return kind, response.status, answer, time.perf_counter() - start
            except (http.client.HTTPException, OSError):
                local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(send, deliveries))
    return results, time.perf_counter() - start


def report(name: str, results: list, elapsed: float) -> str:
    latencies = sorted(r[3] * 1000 for r in results)
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    return (f"| {name} | {len(results) / elapsed:,.0f} | {statistics.median(latencies):.2f} | "
            f"{q(0.95):.2f} | {q(0.99):.2f} |")


def check(name: str, results: list, redis_cli: list[str], prefix: str, deliveries: list) -> list[str]:
    problems = []
    # Copies of one delivery race: whichever arrives first is handled, the
    # others answer 200 "duplicate" (or 409 while the first is in flight).
    for kind, status, answer, _ in results:
        if kind in ("tampered", "stale") and status != 400:
            problems.append(f"{name}: false accept of a {kind} delivery ({status} {answer.strip()})")
        if kind in ("genuine", "replay", "duplicate") and status not in (200, 409):
            problems.append(f"{name}: false reject of a {kind} delivery ({status} {answer.strip()})")
    keys = {headers["X-Cloro-Webhook-Id"].rsplit("-", 1)[0] for kind, headers, _ in deliveries if kind == "genuine"}
    counts = subprocess.run([*redis_cli, "--raw", "MGET", *[f"{prefix}{k}" for k in sorted(keys)]],
                            capture_output=True, text=True, check=True).stdout.split()
    wrong = [(k, c) for k, c in zip(sorted(keys), counts) if c != "1"]
    if wrong:
        problems.append(f"{name}: {len(wrong)} genuine deliveries not handled exactly once, e.g. {wrong[:3]}")
    return problems


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    procs: list[subprocess.Popen] = []
    try:
        redis_port = free_port()
        procs.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", str(tmp)], stdout=subprocess.DEVNULL))
        wait(redis_port)
        env = {**os.environ, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "CLORO_WEBHOOK_SECRET": SECRET,
               "PYTHONPATH": str(ROOT / "bench" / "apps")}
        flask_port, express_port = free_port(), free_port()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        # The receivers' rejection warnings go to a file, not the report.
        log = open(tmp / "receivers.log", "w")  # noqa: SIM115
        flask = subprocess.Popen([str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{flask_port}", "--log-level", "warning",
                                  "flask_load:app"], env=env, stderr=log)
        express = subprocess.Popen(["node", str(ROOT / "node" / "bench" / "express_load.js")],
                                   env={**env, "PORT": str(express_port)}, stdout=subprocess.DEVNULL)
        procs += [flask, express]
        wait(flask_port)
        wait(express_port)
        redis_cli = ["redis-cli", "-p", str(redis_port)]
        deliveries = plan()
        mix = {k: sum(1 for d in deliveries if d[0] == k) for k in ("genuine", "tampered", "stale", "replay", "duplicate")}
        print(f"# {COUNT} deliveries per receiver, concurrency {CONCURRENCY}: {mix}\n")
        print("| receiver | requests/s | p50 ms | p95 ms | p99 ms |")
        print("|---|---|---|---|---|")
        problems = []
        for name, port, proc, prefix in [("Flask (gunicorn, 2 workers)", flask_port, flask, "handled-flask:"),
                                         ("Express", express_port, express, "handled-express:")]:
            plain, plain_time = run(port, "/plain", deliveries)  # also warms the server up
            rss_before = rss_kib(proc.pid)
            results, elapsed = run(port, "/hooks", deliveries)
            rss_after = rss_kib(proc.pid)
            print(report(f"{name}, no verification", plain, plain_time))
            print(report(f"{name}, hookproof + RedisDedup", results, elapsed))
            problems += check(name, results, redis_cli, prefix, deliveries)
            if proc.poll() is not None:
                problems.append(f"{name}: the server process exited")
            growth = (rss_after - rss_before) / max(rss_before, 1)
            print(f"|  memory {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MiB | | | | |")
            if growth > 0.25:
                problems.append(f"{name}: memory grew {growth:.0%} while verifying")
        print()
        if problems:
            print("load: FAILED\n" + "\n".join(problems))
            return 1
        print("load: zero false accepts, zero false rejects, every genuine delivery handled exactly once, "
              "no worker crash, memory flat")
        return 0
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
