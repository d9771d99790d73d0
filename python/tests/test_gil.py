"""Large bodies are verified with the GIL released, so other threads run."""

from __future__ import annotations

import threading
import time

import hookproof

SECRET = "whsec_python_gil_test_secret_77aa"
TS = 1748419200


def spin_rate(seconds: float) -> float:
    """Increments per second of a pure-Python loop running alone."""
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        count += 1
    return count / seconds


def test_second_thread_progresses_during_large_verifies() -> None:
    assert hookproof._native.GIL_RELEASE_THRESHOLD == 64 * 1024
    wh = hookproof.Webhook("cloro", SECRET)
    body = b"a" * (48 << 20)
    headers = wh.sign(body, timestamp=TS)
    alone = spin_rate(0.05)

    counter = [0]
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            counter[0] += 1

    thread = threading.Thread(target=spin)
    thread.start()
    try:
        time.sleep(0.02)
        start_count, start = counter[0], time.perf_counter()
        for _ in range(4):
            wh.verify(body, headers, now=TS)
        elapsed = time.perf_counter() - start
        progressed = counter[0] - start_count
    finally:
        stop.set()
        thread.join()
    # Holding the GIL, the spinner would only run in the gaps between calls
    # (one 5 ms switch interval each, ~10% of the time here); released, it
    # runs throughout on the second core.
    share = progressed / (alone * elapsed)
    assert share > 0.4, f"spinner ran {share:.0%} of its solo rate during verification"
