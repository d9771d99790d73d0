"""Python benchmark: hookproof against a careful stdlib verifier and the
providers' SDKs, on the same deliveries, in one process; times and ratios.

    make bench-python        (or: .venv/bin/python bench/python_bench.py [--quick])

Implementations are timed round-robin (see compare); each figure is the
median over the rounds of a calibrated timeit loop.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import time
import timeit

import hookproof

QUICK = "--quick" in sys.argv
REPEATS = 5 if QUICK else 11
SIZES = [("256 B", 256), ("1 KiB", 1024), ("16 KiB", 16 << 10), ("1 MiB", 1 << 20)]


def compare(fns: list) -> list[float]:
    """Seconds per call of each of `fns`, measured round-robin: each round
    runs every function's calibrated loop once, and each figure is the
    median over the rounds. Interleaving keeps the ratios honest on a shared
    machine whose speed drifts by ±20 % over seconds (seen here)."""
    timers = [timeit.Timer(fn) for fn in fns]
    loops = []
    for timer in timers:
        n, _ = timer.autorange()
        loops.append(max(1, int(n * (0.1 if QUICK else 0.2) / 0.2)))
    runs: list[list[float]] = [[] for _ in fns]
    for _ in range(REPEATS):
        for i, (timer, n) in enumerate(zip(timers, loops)):
            runs[i].append(timer.timeit(n) / n)
    return [statistics.median(r) for r in runs]


def core_ns() -> float | None:
    """The Rust core's own empty-body cloro verify in ns, one ~40 ms round
    timed now by crates/hookproof/examples/core_time.rs (`make bench-python`
    builds it); None when it is not built."""
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or pathlib.Path(__file__).parents[1] / "target")
    try:
        run = subprocess.run([target / "release" / "examples" / "core_time", "0", "cloro", "1"],
                             capture_output=True, text=True, check=True, timeout=60)
        return float(run.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def overhead_ns(fn) -> tuple[float, float, float] | None:
    """`fn`'s time, the core's, and the median of their differences, each
    round of `fn`'s ~40 ms loop paired with a round of the core's, so that
    a drift of the machine's speed falls on both sides of a difference."""
    timer = timeit.Timer(fn)
    n, t = timer.autorange()
    n = max(1, int(n * 0.04 / t))
    ours, core, diff = [], [], []
    for _ in range(REPEATS):
        mine = timer.timeit(n) / n * 1e9
        theirs = core_ns()
        if theirs is None:
            return None
        ours.append(mine)
        core.append(theirs)
        diff.append(mine - theirs)
    return statistics.median(ours), statistics.median(core), statistics.median(diff)


# -------------------------------------------------------------- cloro

CLORO_SECRET = "whsec_benchmark_secret_0123456789abcdef"


def stdlib_cloro(secret: bytes, body: bytes, headers: dict[str, str], tolerance: int = 300) -> bool:
    """What a careful hand-written verifier does: read headers, check the
    timestamp (digits, window, against the clock), HMAC, constant-time
    compare each v1."""
    ts = headers.get("X-Cloro-Timestamp") or headers.get("x-cloro-timestamp")
    sig = headers.get("X-Cloro-Signature") or headers.get("x-cloro-signature")
    if not ts or not sig or not ts.isdigit():
        raise ValueError("missing or malformed header")
    if abs(time.time() - int(ts)) > tolerance:
        raise ValueError("timestamp outside tolerance")
    expected = hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    for part in sig.replace(",", " ").split():
        if part.startswith("v1=") and hmac.compare_digest(part[3:].lower(), expected):
            return True
    raise ValueError("signature mismatch")


def json_body(size: int) -> str:
    """A JSON object of exactly `size` bytes (the peers parse what they verify)."""
    return '{"data":"' + "x" * max(0, size - 11) + '"}'


def cloro_rows(label: str, size: int) -> list[tuple[str, float]]:
    # Signed now and verified against the clock, as in production: both
    # verifiers read the time themselves.
    body = json_body(size).encode()
    wh = hookproof.Webhook("cloro", CLORO_SECRET)
    headers = wh.sign(body, timestamp=int(time.time()), id="task-1")
    secret = CLORO_SECRET.encode()
    assert stdlib_cloro(secret, body, headers) and wh.verify(body, headers)
    names = ["hashlib.sha256(body).digest()", "hookproof Webhook.verify", "stdlib verifier (hmac + compare_digest)"]
    times = compare([
        lambda: hashlib.sha256(body).digest(),
        lambda: wh.verify(body, headers),
        lambda: stdlib_cloro(secret, body, headers),
    ])
    return list(zip(names, times))


# ----------------------------------------------------------- peers

STD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def peer_rows(size: int) -> list[tuple[str, float]]:
    import standardwebhooks.webhooks
    import stripe
    import svix.webhooks

    text = json_body(size)
    body = text.encode()
    rows = []
    std = hookproof.Webhook("standard", STD_SECRET)
    std_headers = std.sign(body, timestamp=int(time.time()), id="msg_1")
    svix_headers = {**std_headers, **{k.replace("webhook", "svix"): v for k, v in std_headers.items()}}
    sw = standardwebhooks.webhooks.Webhook(STD_SECRET)
    sv = svix.webhooks.Webhook(STD_SECRET)
    st_secret = "whsec_stripe_bench_secret_value"
    st = hookproof.Webhook("stripe", st_secret)
    st_header = stripe.WebhookSignature.generate_signature_header(text, st_secret, int(time.time()))
    st_headers = {"Stripe-Signature": st_header}
    times = compare([
        lambda: std.verify(body, std_headers),
        lambda: sw.verify(text, std_headers),
        lambda: sv.verify(text, svix_headers),
        lambda: st.verify(body, st_headers),
        lambda: stripe.WebhookSignature.verify_header(text, st_header, st_secret, 300),
    ])
    names = ["hookproof standard preset", "standardwebhooks", "svix", "hookproof stripe preset",
             "stripe (WebhookSignature.verify_header)"]
    rows.extend(zip(names, times))
    return rows


# ------------------------------------------------------ framework containers

# A request's other headers, as a browser-less sender and a proxy add them.
OTHER_HEADERS = {
    "Host": "hooks.example.com", "User-Agent": "cloro-webhooks/1.0", "Accept": "*/*",
    "Accept-Encoding": "gzip", "Content-Type": "application/json", "Content-Length": "1024",
    "Connection": "keep-alive", "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
    "X-Forwarded-Port": "443", "X-Request-Id": "5f0c6c1e", "X-Amzn-Trace-Id": "Root=1-5f0c6c1e",
}


def containers(signed: dict[str, str]) -> list[tuple[str, object]]:
    """The same request headers (the signed ones among a dozen others) in each
    framework's own container, built as the framework builds it."""
    from django.http.request import HttpHeaders
    from starlette.datastructures import Headers as StarletteHeaders
    from werkzeug.datastructures import EnvironHeaders, Headers as WerkzeugHeaders

    pairs = [*OTHER_HEADERS.items(), *signed.items()]
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/hooks", "wsgi.url_scheme": "https"}
    for name, value in pairs:
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    return [
        ("dict, the 3 signed headers only", dict(signed)),
        (f"dict, {len(pairs)} headers", dict(pairs)),
        ("Flask request.headers (Werkzeug EnvironHeaders)", EnvironHeaders(environ)),
        ("Django request.headers (HttpHeaders)", HttpHeaders(environ)),
        ("FastAPI request.headers (Starlette Headers)",
         StarletteHeaders(raw=[(k.lower().encode(), v.encode()) for k, v in pairs])),
        ("Werkzeug Headers (list-backed)", WerkzeugHeaders(pairs)),
    ]


def container_rows() -> list[tuple[str, float, float]]:
    """1 KiB cloro delivery read from each container: hookproof and the
    stdlib verifier (which calls the container's get()), round-robin."""
    body = json_body(1024).encode()
    wh = hookproof.Webhook("cloro", CLORO_SECRET)
    signed = wh.sign(body, timestamp=int(time.time()), id="task-1")
    secret = CLORO_SECRET.encode()
    rows = []
    for name, headers in containers(signed):
        assert wh.verify(body, headers) and stdlib_cloro(secret, body, headers)
        ours, theirs = compare([
            lambda h=headers: wh.verify(body, h),
            lambda h=headers: stdlib_cloro(secret, body, h),
        ])
        rows.append((name, ours, theirs))
    return rows


def threads_row() -> tuple[float, float, float, float]:
    """1 MiB bodies: deliveries per second on 1 and 2 threads, hookproof and
    stdlib; the four measured round-robin, median over REPEATS rounds."""
    body = b"x" * (1 << 20)
    wh = hookproof.Webhook("cloro", CLORO_SECRET)
    headers = wh.sign(body, timestamp=int(time.time()), id="task-1")
    secret = CLORO_SECRET.encode()

    def rate(fn, threads: int) -> float:
        per_thread = 40 if QUICK else 80
        def work() -> None:
            for _ in range(per_thread):
                fn()
        ts = [threading.Thread(target=work) for _ in range(threads)]
        start = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return threads * per_thread / (time.perf_counter() - start)

    hp = lambda: wh.verify(body, headers)
    sl = lambda: stdlib_cloro(secret, body, headers)
    cases = [(hp, 1), (hp, 2), (sl, 1), (sl, 2)]
    rounds: list[list[float]] = [[] for _ in cases]
    for _ in range(REPEATS):
        for i, (fn, threads) in enumerate(cases):
            rounds[i].append(rate(fn, threads))
    h1, h2, s1, s2 = (statistics.median(r) for r in rounds)
    return h1, h2, s1, s2


def main() -> None:
    print(f"# Python {sys.version.split()[0]}, hookproof {hookproof.__version__}")
    print("\n## cloro deliveries: time per verify, and ratio to hashlib.sha256(body).digest()\n")
    print("| body | implementation | time | vs sha256 | hookproof speed-up |")
    print("|---|---|---|---|---|")
    for label, size in SIZES:
        rows = cloro_rows(label, size)
        base = rows[0][1]
        ours = rows[1][1]
        for name, t in rows:
            speed = "" if name.startswith(("hashlib", "hookproof")) else f"{t / ours:.1f}×"
            unit = f"{t * 1e6:.2f} µs" if t < 1e-3 else f"{t * 1e3:.3f} ms"
            print(f"| {label} | {name} | {unit} | {t / base:.2f}× | {speed} |")
        if size == 1 << 20:
            print(f"| {label} | hookproof throughput vs raw SHA-256 | | {base / ours:.2f} of SHA-256 | |")
    empty_wh = hookproof.Webhook("cloro", CLORO_SECRET)
    empty_headers = empty_wh.sign(b"", timestamp=int(time.time()), id="task-1")
    t_empty, t_sha_empty = compare([
        lambda: empty_wh.verify(b"", empty_headers),
        lambda: hashlib.sha256(b"").digest(),
    ])
    print(f"\nPer-call cost with an empty body: hookproof {t_empty * 1e9:.0f} ns; "
          f"hashlib.sha256(b'').digest() {t_sha_empty * 1e9:.0f} ns.")
    paired = overhead_ns(lambda: empty_wh.verify(b"", empty_headers))
    if paired is None:
        print("(The core's own time was not measured: build it with `make bench-python`.)")
    else:
        ours, core, diff = paired
        print(f"Paired with the Rust core's own empty-body verify, round by round: hookproof "
              f"{ours:.0f} ns, the core {core:.0f} ns; Python's per-call overhead {diff:.0f} ns "
              f"(median of the differences).")
    print("\n## peers, 1 KiB body (each on its own scheme, hookproof on the same one)\n")
    print("| implementation | time | hookproof speed-up |")
    print("|---|---|---|")
    rows = peer_rows(1024)
    for i, (name, t) in enumerate(rows):
        ours = rows[0][1] if i < 3 else rows[3][1]
        speed = "" if name.startswith("hookproof") else f"{t / ours:.1f}×"
        print(f"| {name} | {t * 1e6:.2f} µs | {speed} |")
    print("\n## framework header containers, 1 KiB cloro delivery among 12 other headers\n")
    print("| headers | hookproof | stdlib verifier | hookproof speed-up | vs dict of 15 |")
    print("|---|---|---|---|---|")
    crows = container_rows()
    plain = crows[1][1]
    for name, ours, theirs in crows:
        print(f"| {name} | {ours * 1e6:.2f} µs | {theirs * 1e6:.2f} µs | {theirs / ours:.1f}× | {ours / plain:.2f}× |")
    extra = len(OTHER_HEADERS)
    print(f"\nEach header beyond the 3 signed ones costs hookproof {(crows[1][1] - crows[0][1]) / extra * 1e9:.0f} ns "
          f"in a dict (the stdlib verifier {(crows[1][2] - crows[0][2]) / extra * 1e9:.0f} ns).")
    h1, h2, s1, s2 = threads_row()
    print("\n## 1 MiB bodies on 1 and 2 threads (deliveries/s)\n")
    print("| implementation | 1 thread | 2 threads | scaling |")
    print("|---|---|---|---|")
    print(f"| hookproof | {h1:.0f} | {h2:.0f} | {h2 / h1:.2f}× |")
    print(f"| stdlib verifier | {s1:.0f} | {s2:.0f} | {s2 / s1:.2f}× |")


if __name__ == "__main__":
    main()
