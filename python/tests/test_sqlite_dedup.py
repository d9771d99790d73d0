"""SqliteDedup: the dedup protocol in one SQLite file, across threads and
across real processes on this machine, behind the Flask integration; and a
table it never creates by itself."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import hookproof
import pytest
import signers
from dedup_protocol import check_expiry, check_one_claim_wins, check_protocol
from hookproof.dedup import CLAIMED, IN_FLIGHT
from test_dedup import SECRET, check_flask_once, flask_app, task


@pytest.fixture
def store(tmp_path: Path) -> hookproof.SqliteDedup:
    store = hookproof.SqliteDedup(tmp_path / "dedup.sqlite3")
    store.create_table()
    return store


def test_claims_complete_and_release_as_every_store_does(store: hookproof.SqliteDedup) -> None:
    check_protocol(store)


def test_leases_and_records_expire_and_prune_removes_them(tmp_path: Path) -> None:
    store = hookproof.SqliteDedup(tmp_path / "d.sqlite3", lease=0.05, ttl=0.1)
    store.create_table()
    check_expiry(store)


def test_one_claim_wins_across_threads(store: hookproof.SqliteDedup) -> None:
    check_one_claim_wins(store)


def _claim_all(path: str, keys: list[str], start: Any, out: Any) -> None:
    store = hookproof.SqliteDedup(path)
    start.wait()  # all at once, not one after another
    out.put([(key, store.claim(key)[0]) for key in keys])


def test_one_claim_wins_across_processes(store: hookproof.SqliteDedup) -> None:
    keys = [f"delivery-{i}" for i in range(200)]
    # spawn: four fresh interpreters, as separate workers of an app would be;
    # each walks the keys from a different place, so they meet on every key.
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(4), ctx.Queue()
    workers = [ctx.Process(target=_claim_all, args=(store.path, keys[i * 50 :] + keys[: i * 50], start, out)) for i in range(4)]
    for w in workers:
        w.start()
    won = [out.get(timeout=60) for _ in workers]
    for w in workers:
        w.join(timeout=10)
    answers = [answer for process in won for answer in process]
    assert len(answers) == 4 * len(keys), "every process asked for every key"
    claimed = [key for key, state in answers if state == CLAIMED]
    assert sorted(claimed) == sorted(keys), "each delivery claimed exactly once"
    assert {state for _, state in answers} == {CLAIMED, IN_FLIGHT}


def test_the_table_is_never_created_by_the_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    store = hookproof.SqliteDedup(path)
    with pytest.raises(sqlite3.OperationalError, match=r"call SqliteDedup.create_table\(\) once"):
        store.claim("k")
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == []
    # The Flask integration answers 503 (the sender retries); the handler does not run.
    app = flask_app(store, fail=[])
    body = task("t-missing")
    r = app.test_client().post("/hook", data=body, headers=signers.cloro(SECRET, body))
    assert (r.status_code, r.get_json()) == (503, {"error": "dedup_unavailable"})
    assert app.config["runs"] == []
    store.create_table()
    store.create_table()  # idempotent
    assert app.test_client().post("/hook", data=body, headers=signers.cloro(SECRET, body)).status_code == 200


def test_flask_handles_each_delivery_once_and_retries_failures(store: hookproof.SqliteDedup) -> None:
    check_flask_once(store, "sqlite")


def test_settings_are_checked_and_the_repr_holds_no_secret(tmp_path: Path) -> None:
    for bad in [{"lease": 0}, {"ttl": -1}, {"timeout": 0}, {"table": "dedup; DROP TABLE x"}]:
        with pytest.raises(ValueError):
            hookproof.SqliteDedup(tmp_path / "x.sqlite3", **bad)  # type: ignore[arg-type]
    assert repr(hookproof.SqliteDedup(tmp_path / "x.sqlite3")).startswith("<hookproof.SqliteDedup path=")
