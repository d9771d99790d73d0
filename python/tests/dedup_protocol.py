"""The claim / complete / release protocol every dedup store keeps (see
hookproof.dedup), written once: the tests of MemoryDedup, RedisDedup,
SqliteDedup and PostgresDedup each run it on their store."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hookproof.dedup import CLAIMED, DONE, IN_FLIGHT


def check_protocol(store: Any, key: str = "k") -> None:
    """First claim wins; only its token completes or releases it; a
    released key is claimed again; a completed one stays done."""
    state, token = store.claim(key)
    assert state == CLAIMED and token
    assert store.claim(key)[0] == IN_FLIGHT
    store.release(key, "not-the-token")
    assert store.claim(key)[0] == IN_FLIGHT
    store.release(key, token)
    state, token = store.claim(key)
    assert state == CLAIMED
    store.complete(key, "not-the-token")
    assert store.claim(key)[0] == IN_FLIGHT
    store.complete(key, token)
    assert store.claim(key)[0] == DONE
    store.release(key, token)  # a completed record is not released
    assert store.claim(key)[0] == DONE


def check_one_claim_wins(store: Any, key: str = "race", calls: int = 200) -> None:
    """Concurrent claims of one key from 8 threads: exactly one wins."""
    with ThreadPoolExecutor(8) as pool:
        states = list(pool.map(lambda _: store.claim(key)[0], range(calls)))
    assert states.count(CLAIMED) == 1 and states.count(IN_FLIGHT) == calls - 1


def check_expiry(store: Any) -> None:
    """For a store made with lease=0.05 and ttl=0.1 that can prune: a
    crashed holder's lease runs out and its stale token completes nothing;
    a done record lasts its ttl; prune() deletes what expired."""
    _, crashed = store.claim("crashed")
    time.sleep(0.06)
    state, fresh = store.claim("crashed")  # the crashed worker's lease ran out
    assert state == CLAIMED and fresh != crashed
    store.complete("crashed", crashed)  # the stale holder cannot complete it
    assert store.claim("crashed")[0] == IN_FLIGHT
    _, token = store.claim("done")
    store.complete("done", token)
    assert store.claim("done")[0] == DONE
    time.sleep(0.11)
    assert store.prune() == 2
    assert store.claim("done")[0] == CLAIMED
