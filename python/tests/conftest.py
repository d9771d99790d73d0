"""Shared fixtures: the repository's paths and the shared vectors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import hookproof
import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(Path(__file__).resolve().parent))


#: The exception class each verification code of the vectors raises.
CODES = {
    "missing_header": hookproof.MissingHeaderError,
    "malformed_header": hookproof.MalformedHeaderError,
    "timestamp_too_old": hookproof.TimestampError,
    "timestamp_too_new": hookproof.TimestampError,
    "signature_mismatch": hookproof.SignatureMismatchError,
    "key_unavailable": hookproof.KeyUnavailableError,
}


def load_vectors(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def scheme_files() -> list[str]:
    """Every vector file but secrets.json."""
    return sorted(p.name for p in VECTORS.glob("*.json") if p.name not in ("secrets.json", "hostile.json"))


def scheme_cases() -> list[Any]:
    """Every case of every scheme file, as pytest params named by file and tcId."""
    params = []
    for name in scheme_files():
        doc = load_vectors(name)
        for case in doc["tests"]:
            params.append(pytest.param(doc["scheme"], case, id=f"{name[:-5]}-{case['tcId']}"))
    return params


def body_of(case: dict[str, Any]) -> bytes:
    if "body" in case:
        return case["body"].encode("utf-8")
    return bytes.fromhex(case["body_hex"])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A real redis-server on a free loopback port, for this test session
    (`make test` installs Debian's redis-server when it is missing)."""
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (make test installs it)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def postgres_dsn() -> Any:
    """A real PostgreSQL cluster of its own on a free loopback port, for this
    test session, removed afterwards (tests/postgres/cluster.sh, which the
    Node suite runs too)."""
    import os
    import socket
    import subprocess
    import time
    from pathlib import Path

    script = str(Path(__file__).resolve().parents[2] / "tests" / "postgres" / "cluster.sh")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = subprocess.run([script, "start", str(port)], capture_output=True, text=True)
    if started.returncode:
        pytest.fail(f"the PostgreSQL cluster did not start: {started.stderr}")
    root = started.stdout.strip()
    dsn = f"host=127.0.0.1 port={port} user=hookproof dbname=postgres"
    import psycopg

    for _ in range(100):
        try:
            psycopg.connect(dsn).close()
            break
        except psycopg.OperationalError:
            time.sleep(0.05)
    yield dsn
    subprocess.run([script, "stop", root], check=False)
