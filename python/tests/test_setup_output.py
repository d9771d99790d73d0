"""`make test` and `make demo` print progress lines and each runner's own
closing lines, with the full output in .logs/ (scripts/quietly.sh for set-up
steps, scripts/suite.sh for test suites); a failure prints its failing part.
These run the two scripts on stand-in commands."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(ROOT / "scripts" / script), *args], capture_output=True, text=True, cwd=tmp)


def test_a_passing_suite_prints_one_line_and_its_runners_closing_lines(tmp_path: Path) -> None:
    noisy = "for i in $(seq 300); do echo compiling $i; done; echo '======= 12 passed in 1.0s ======='"
    out = run("suite.sh", "running the tests", "logs/t.log", r"^=+ .*passed.* =+$", "--", "bash", "-c", noisy, tmp=tmp_path)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0].startswith("running the tests… done (") and lines[1:] == ["  ======= 12 passed in 1.0s ======="]
    assert (tmp_path / "logs/t.log").read_text().count("compiling") == 300


def test_cargo_result_lines_are_named_and_empty_targets_counted(tmp_path: Path) -> None:
    cargo = (
        "echo '     Running tests/api.rs (target/debug/deps/api-1)'; "
        "echo 'test result: ok. 14 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s'; "
        "echo '     Running unittests src/main.rs (target/debug/deps/hookproof-2)'; "
        "echo 'test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.0s'"
    )
    out = run("suite.sh", "rust", "t.log", "^test result:", "--", "bash", "-c", cargo, tmp=tmp_path)
    assert out.stdout.splitlines()[1:] == [
        "  tests/api.rs: test result: ok. 14 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s",
        "  (1 cargo targets hold no tests: binaries, benches, examples)",
    ]


def test_a_failing_suite_prints_its_failing_part_and_exits_with_its_status(tmp_path: Path) -> None:
    failing = "for i in $(seq 500); do echo noise $i; done; echo '=== FAILURES ==='; echo 'assert 1 == 2'; exit 3"
    out = run("suite.sh", "running the tests", "t.log", "passed", "--", "bash", "-c", failing, tmp=tmp_path)
    assert out.returncode == 3
    assert "FAILED (exit 3" in out.stdout
    assert "assert 1 == 2" in out.stderr and "noise 1\n" not in out.stderr


def test_a_set_up_step_is_one_line_unless_it_fails(tmp_path: Path) -> None:
    ok = run("quietly.sh", "building", "b.log", "--", "bash", "-c", "seq 100", tmp=tmp_path)
    assert ok.returncode == 0 and ok.stdout.startswith("building… done (") and ok.stdout.count("\n") == 1
    bad = run("quietly.sh", "building", "b.log", "--", "bash", "-c", "echo 'error: cannot find crate'; exit 2", tmp=tmp_path)
    assert bad.returncode == 2 and "error: cannot find crate" in bad.stderr
