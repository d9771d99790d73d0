"""``SqliteDedup``: the dedup store for a single-box app, in one SQLite file
that every thread and process on the machine shares.

The same claim / complete / release protocol as ``MemoryDedup`` and
``RedisDedup`` (see ``hookproof.dedup``), over one table:

    key TEXT PRIMARY KEY, state TEXT ('claimed' | 'done'), token TEXT,
    expires_at REAL (unix seconds: the lease's end while claimed, the
    record's end once done)

- The table is made by an explicit :meth:`SqliteDedup.create_table` (or by
  the statement it runs, in your own migrations); the store never changes a
  schema by itself. Without the table every call fails, so the integrations
  answer 503 and the sender retries.
- A claim is one ``INSERT … ON CONFLICT DO UPDATE … WHERE expires_at <=
  now`` inside ``BEGIN IMMEDIATE``: SQLite serializes writers, so two
  processes never both hold a key.
- WAL mode lets readers and the one writer proceed together; the busy
  timeout makes a writer wait for the lock rather than fail.
- Expired rows are pruned as claims arrive (at most ``PRUNE_BATCH`` rows
  every ``PRUNE_EVERY`` claims per process), or all at once by
  :meth:`SqliteDedup.prune`, which an app may schedule.

The clock is the wall clock (``time.time``): it is the one every process on
the machine shares.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import threading
import time
from typing import Literal

__all__ = ["SqliteDedup"]

State = Literal["claimed", "in_flight", "done"]
DEFAULT_LEASE = 60.0
DEFAULT_TTL = 3 * 24 * 3600.0
PRUNE_EVERY = 100
PRUNE_BATCH = 100
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


class SqliteDedup:
    """A store in the SQLite file at ``path``, shared by every thread and
    process on this machine. Call :meth:`create_table` once (at deploy, or
    in a migration) before the first delivery."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        table: str = "hookproof_dedup",
        lease: float = DEFAULT_LEASE,
        ttl: float = DEFAULT_TTL,
        timeout: float = 5.0,
    ) -> None:
        if lease <= 0 or ttl <= 0 or timeout <= 0:
            raise ValueError("lease, ttl and timeout must be positive")
        if not _IDENTIFIER.fullmatch(table):
            raise ValueError("table must be a plain SQL identifier (letters, digits, _)")
        self.path, self.table, self.lease, self.ttl, self.timeout = os.fspath(path), table, lease, ttl, timeout
        # sqlite3 connections belong to the thread that made them: one each.
        self._local = threading.local()
        self._claims = 0

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            # isolation_level=None: transactions are the explicit BEGINs below.
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            self._local.db = db
        return db

    def create_table(self) -> None:
        """Creates the table and its expiry index if they are missing (and
        changes nothing that exists)."""
        db = self._db()
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, state TEXT NOT NULL, "
            "token TEXT NOT NULL, expires_at REAL NOT NULL)"
        )
        db.execute(f"CREATE INDEX IF NOT EXISTS {self.table}_expires ON {self.table} (expires_at)")

    def claim(self, key: str) -> tuple[State, str]:
        token, now = secrets.token_hex(8), time.time()
        db = self._db()
        with _missing_table(self.table):
            db.execute("BEGIN IMMEDIATE")
            try:
                won = db.execute(
                    f"INSERT INTO {self.table} (key, state, token, expires_at) VALUES (?, 'claimed', ?, ?) "
                    f"ON CONFLICT (key) DO UPDATE SET state = 'claimed', token = excluded.token, "
                    f"expires_at = excluded.expires_at WHERE {self.table}.expires_at <= ? RETURNING token",
                    (key, token, now + self.lease, now),
                ).fetchone()
                held = None if won else db.execute(f"SELECT state FROM {self.table} WHERE key = ?", (key,)).fetchone()
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._claims += 1
        if self._claims % PRUNE_EVERY == 0:
            self.prune(limit=PRUNE_BATCH)
        if won:
            return "claimed", token
        return ("done" if held and held[0] == "done" else "in_flight"), ""

    def complete(self, key: str, token: str) -> None:
        with _missing_table(self.table):
            self._db().execute(
                f"UPDATE {self.table} SET state = 'done', expires_at = ? WHERE key = ? AND token = ? AND state = 'claimed'",
                (time.time() + self.ttl, key, token),
            )

    def release(self, key: str, token: str) -> None:
        with _missing_table(self.table):
            self._db().execute(f"DELETE FROM {self.table} WHERE key = ? AND token = ? AND state = 'claimed'", (key, token))

    def prune(self, limit: int | None = None) -> int:
        """Deletes expired records (at most ``limit``); returns how many."""
        with _missing_table(self.table):
            where = f"key IN (SELECT key FROM {self.table} WHERE expires_at <= ? LIMIT {int(limit)})" if limit else "expires_at <= ?"
            return self._db().execute(f"DELETE FROM {self.table} WHERE {where}", (time.time(),)).rowcount

    def __repr__(self) -> str:
        return f"<hookproof.SqliteDedup path={self.path!r} table={self.table!r} lease={self.lease} ttl={self.ttl}>"


class _missing_table:
    """Turns SQLite's "no such table" into the step that is missing."""

    def __init__(self, table: str) -> None:
        self.table = table

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, tb: object) -> None:
        if isinstance(error, sqlite3.OperationalError) and "no such table" in str(error):
            raise sqlite3.OperationalError(
                f"the dedup table {self.table} does not exist: call SqliteDedup.create_table() once "
                "(at deploy or in a migration); the store never creates it by itself"
            ) from error
