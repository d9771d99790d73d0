"""Load with nothing lost: real receivers on loopback under a mix of
genuine, tampered, stale, replayed and concurrent duplicate deliveries.

    make load                     (or: .venv/bin/python bench/load.py [--count N])

Starts redis-server, a PostgreSQL cluster of its own
(tests/postgres/cluster.sh), a Flask receiver (gunicorn, 2 workers) and an
Express receiver (bench/apps/flask_load.py, node/bench/express_load.js),
then sends `--count` deliveries to each route with bounded concurrency,
signed by Python's hmac. Each store is measured against a plain route that
does the same handler work without hookproof: one Redis INCR beside
RedisDedup; one row inserted in a transaction beside PostgresDedup in
transactional mode (the claim completed in that transaction).

Checks: zero false accepts (every tampered or stale delivery answered 400),
zero false rejects (every genuine one 200), every genuine delivery handled
exactly once (Redis counters; rows in PostgreSQL), no worker crash, memory
flat. Reports requests/s and latency percentiles, and the cost beside plain.
Traffic goes to 127.0.0.1 only; the loops are bounded in count and time.
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
from typing import Any

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


def children(pid: int) -> list[int]:
    """A process's live children, from /proc (gunicorn's workers, PostgreSQL's backends)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    for p in [pid, *children(pid)]:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process, its live children, and the
    children it already reaped, from /proc: where a request's cost goes."""
    def stat(p: int) -> list[str]:
        try:
            return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return []

    own = stat(pid)
    total = sum(int(f) for f in own[11:15])  # utime, stime, cutime, cstime
    total += sum(int(f) for child in children(pid) for f in stat(child)[11:13])
    return total / os.sysconf("SC_CLK_TCK")


def plan(count: int = COUNT, prefix: str = "task") -> list[tuple[str, dict[str, str], bytes]]:
    """The mix: (kind, headers, body). Duplicates and replays reuse a genuine one."""
    rnd = random.Random(7)
    now = int(time.time())
    genuine, out = [], []
    for i in range(count):
        body = json.dumps({"task": {"id": f"{prefix}-{i}"}, "pad": "x" * rnd.randint(10, 900)}).encode()
        roll = rnd.random()
        if roll < 0.5 or not genuine:
            item = ("genuine", signers.cloro(SECRET, body, ts=now, webhook_id=f"{prefix}-{i}-1"), body)
            genuine.append(item)
        elif roll < 0.65:
            item = ("tampered", signers.cloro(SECRET, body, ts=now, webhook_id=f"{prefix}-{i}-1"), body + b" ")
        elif roll < 0.75:
            item = ("stale", signers.cloro(SECRET, body, ts=now - 3600, webhook_id=f"{prefix}-{i}-1"), body)
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


def run(port: int, path: str, deliveries: list[tuple[str, dict[str, str], bytes]],
        watched: dict[str, int] | None = None) -> tuple[list, float, dict[str, float]]:
    """Sends every delivery; (results, seconds, CPU seconds each watched process used)."""
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

    cpu = {name: cpu_seconds(pid) for name, pid in (watched or {}).items()}
    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(send, deliveries))
    elapsed = time.perf_counter() - start
    return results, elapsed, {name: cpu_seconds(pid) - cpu[name] for name, pid in (watched or {}).items()}


def report(name: str, results: list, elapsed: float, plain: float, cpu: dict[str, float]) -> str:
    latencies = sorted(r[3] * 1000 for r in results)
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    rate = len(results) / elapsed
    beside = "" if rate == plain else f"{(rate - plain) / plain:+.0%}"
    per = " | ".join(f"{cpu[k] / len(results) * 1e6:,.0f}" for k in ("receiver", "redis", "postgres"))
    return (f"| {name} | {rate:,.0f} | {beside} | {statistics.median(latencies):.2f} | "
            f"{q(0.95):.2f} | {q(0.99):.2f} | {per} |")


def check(name: str, results: list, handled: Any, deliveries: list) -> list[str]:
    """``handled(keys)``: how many times each genuine key was handled."""
    problems = []
    # Copies of one delivery race: whichever arrives first is handled, the
    # others answer 200 "duplicate" (or 409 while the first is in flight).
    for kind, status, answer, _ in results:
        if kind in ("tampered", "stale") and status != 400:
            problems.append(f"{name}: false accept of a {kind} delivery ({status} {answer.strip()})")
        if kind in ("genuine", "replay", "duplicate") and status not in (200, 409):
            problems.append(f"{name}: false reject of a {kind} delivery ({status} {answer.strip()})")
    keys = sorted({headers["X-Cloro-Webhook-Id"].rsplit("-", 1)[0] for kind, headers, _ in deliveries if kind == "genuine"})
    wrong = [(k, c) for k, c in zip(keys, handled(keys)) if c != 1]
    if wrong:
        problems.append(f"{name}: {len(wrong)} genuine deliveries not handled exactly once, e.g. {wrong[:3]}")
    return problems


def redis_counts(redis_cli: list[str], prefix: str) -> Any:
    def counts(keys: list[str]) -> list[int]:
        out = subprocess.run([*redis_cli, "--raw", "MGET", *[prefix + k for k in keys]],
                             capture_output=True, text=True, check=True).stdout.split()
        return [int(c) if c.isdigit() else 0 for c in out]
    return counts


def postgres_counts(dsn: str, receiver: str) -> Any:
    def counts(keys: list[str]) -> list[int]:
        import psycopg

        with psycopg.connect(dsn) as conn:
            rows = dict(conn.execute("SELECT key, count(*) FROM load_effects WHERE receiver = %s GROUP BY key",
                                     [receiver]).fetchall())
        return [int(rows.get(k, 0)) for k in keys]
    return counts


def postgres() -> tuple[str, dict[str, Any], str]:
    """A cluster of the run's own, its tables made: (DSN, node-postgres config, its directory)."""
    import psycopg

    import hookproof

    port = free_port()
    cluster = subprocess.run([str(ROOT / "tests" / "postgres" / "cluster.sh"), "start", str(port)],
                             capture_output=True, text=True, check=True).stdout.strip()
    dsn = f"host=127.0.0.1 port={port} user=hookproof dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in ("load_flask", "load_express", "load_flask_tx", "load_express_tx"):
            hookproof.PostgresDedup(conn, table=table).create_table()
        conn.execute("CREATE TABLE load_effects (receiver text NOT NULL, key text NOT NULL)")
    return dsn, {"host": "127.0.0.1", "port": port, "user": "hookproof", "database": "postgres"}, cluster


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    procs: list[subprocess.Popen] = []
    cluster = ""
    try:
        redis_port = free_port()
        procs.append(subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", str(tmp)], stdout=subprocess.DEVNULL))
        wait(redis_port)
        dsn, pg_config, cluster = postgres()
        postmaster = int((Path(cluster) / "data" / "postmaster.pid").read_text().split()[0])
        env = {**os.environ, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "CLORO_WEBHOOK_SECRET": SECRET,
               "PYTHONPATH": str(ROOT / "bench" / "apps"), "DATABASE_DSN": dsn, "PG_CONFIG": json.dumps(pg_config)}
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
        warm_up = plan(1500, "warm")  # other keys, so the measured runs start from an empty store
        mix = {k: sum(1 for d in deliveries if d[0] == k) for k in ("genuine", "tampered", "stale", "replay", "duplicate")}
        print(f"# {COUNT} deliveries per route, concurrency {CONCURRENCY}: {mix}")
        print("# plain: the same handler work without hookproof. Redis: one INCR. PostgreSQL: one row inserted; "
              "transactional: inserted in a transaction, which with hookproof also completes the claim\n")
        print("| receiver | requests/s | beside plain | p50 ms | p95 ms | p99 ms | CPU µs per request: receiver | Redis | PostgreSQL |")
        print("|---|---|---|---|---|---|---|---|---|")
        problems = []
        receivers = [("Flask (gunicorn, 2 workers)", flask_port, flask, "flask"),
                     ("Express", express_port, express, "express")]
        stores = (("redis", "RedisDedup"), ("postgres", "PostgresDedup"), ("postgres-tx", "PostgresDedup, transactional"))
        for name, port, proc, short in receivers:
            for store, _ in stores:  # every route, its connections and caches warm before memory is read
                run(port, f"/plain/{store}", warm_up)
                run(port, f"/hooks/{store}", warm_up)
            rss_before = rss_kib(proc.pid)
            for store, label in stores:
                watched = {"receiver": proc.pid, "redis": procs[0].pid, "postgres": postmaster}
                plain, plain_time, plain_cpu = run(port, f"/plain/{store}", deliveries, watched)
                results, elapsed, cpu = run(port, f"/hooks/{store}", deliveries, watched)
                base = len(plain) / plain_time
                print(report(f"{name}, plain ({store})", plain, plain_time, base, plain_cpu))
                print(report(f"{name}, hookproof + {label}", results, elapsed, base, cpu))
                handled = (redis_counts(redis_cli, f"handled-{short}:") if store == "redis"
                           else postgres_counts(dsn, short + store.removeprefix("postgres")))
                problems += check(f"{name} ({label})", results, handled, deliveries)
            rss_after = rss_kib(proc.pid)
            if proc.poll() is not None:
                problems.append(f"{name}: the server process exited")
            growth = (rss_after - rss_before) / max(rss_before, 1)
            print(f"|  memory {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MiB | | | | | | | | |")
            if growth > 0.25:
                problems.append(f"{name}: memory grew {growth:.0%} while verifying")
        print()
        if problems:
            print("load: FAILED\n" + "\n".join(problems))
            return 1
        print("load: zero false accepts, zero false rejects, every genuine delivery handled exactly once "
              "(Redis and PostgreSQL), "
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
        if cluster:
            subprocess.run([str(ROOT / "tests" / "postgres" / "cluster.sh"), "stop", cluster], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
