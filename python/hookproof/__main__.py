"""``python -m hookproof`` and the ``hookproof`` console script: the same
command line as the Rust binary (``verify``, ``sign``, ``explain``, ``send``,
``schemes``), run by the package's own extension, with the same options and
exit codes: 0 genuine (or done), 1 rejected, 2 usage or configuration error."""

from __future__ import annotations

import signal
import sys

from ._native import cli


def main() -> int:
    if hasattr(signal, "SIGPIPE"):
        # Python ignores SIGPIPE, so `hookproof schemes | head` would fail on
        # a write to the closed pipe; a command ends quietly there instead.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # Python's own handler only sets a flag, which the Rust code never
    # checks: Ctrl-C must stop a verify waiting on stdin or a slow send.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    return cli(["hookproof", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
