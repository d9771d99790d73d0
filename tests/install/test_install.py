"""What `make dist` built, installed the way users install it, on a PATH
without cargo: the wheel into a fresh venv, the two npm tarballs into a fresh
app, each running a real receiver on loopback; the packages' own linters;
a wheel built from the sdist; the addon under Bun and Deno; the WebAssembly
build in Deno, workerd and edge-runtime.

Deliveries are signed here with Python's hmac, independently of hookproof.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
TOOLS = ROOT / "tests" / "install" / "node_modules" / ".bin"
# The wheel for the interpreter running these tests (make dist builds one per CPython).
WHEEL = f"hookproof-*-cp{sys.version_info[0]}{sys.version_info[1]}-*manylinux2014_x86_64*.whl"
VERSION = json.loads((ROOT / "node" / "package.json").read_text())["version"]
NOW = int(time.time())
CLORO_SECRET = "whsec_install_test_secret_0123456789"
STANDARD_SECRET = "whsec_" + base64.b64encode(b"install-test-standard-key-32byte").decode()


def artifact(pattern: str) -> Path:
    found = sorted(DIST.glob(pattern))
    assert len(found) == 1, f"dist/ should hold one {pattern}, has {[f.name for f in found]}: run make dist"
    return found[0]


@pytest.fixture(scope="session")
def env() -> dict[str, str]:
    """This environment with every directory holding cargo or rustc taken off PATH."""
    keep = [d for d in os.environ["PATH"].split(os.pathsep) if not any((Path(d) / t).exists() for t in ("cargo", "rustc"))]
    path = os.pathsep.join(keep)
    assert shutil.which("cargo", path=path) is None and shutil.which("rustc", path=path) is None
    env = {**os.environ, "PATH": path, "CARGO": "/nonexistent/cargo", "npm_config_audit": "false", "npm_config_fund": "false"}
    env.pop("HOOKPROOF_NATIVE_PATH", None)  # the installed platform package, not a hand-built addon
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, data=body, headers={"content-type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def serve(args: list[str], cwd: Path, env: dict[str, str], port: int) -> Iterator[str]:
    """Starts a receiver and yields its base URL once it accepts connections."""
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"{args[0]} exited: {proc.stdout.read() if proc.stdout else ''}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"{args} did not listen on {port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait()


def cloro_delivery(task: str = "task-1") -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"task": {"id": task, "status": "completed"}}).encode()
    signature = hmac.new(CLORO_SECRET.encode(), f"{NOW}.".encode() + body, hashlib.sha256).hexdigest()
    headers = {"X-Cloro-Timestamp": str(NOW), "X-Cloro-Signature": f"v1={signature}", "X-Cloro-Webhook-Id": f"{task}-1"}
    return body, headers


def standard_delivery() -> tuple[bytes, dict[str, str]]:
    body = b'{"type":"invoice.paid","data":{"id":"in_1"}}'
    key = base64.b64decode(STANDARD_SECRET.removeprefix("whsec_"))
    signed = f"msg_1.{NOW}.".encode() + body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return body, {"webhook-id": "msg_1", "webhook-timestamp": str(NOW), "webhook-signature": f"v1,{signature}"}


def check_receiver(url: str, delivery: tuple[bytes, dict[str, str]]) -> None:
    body, headers = delivery
    status, answer = post(url, body, headers)
    assert status == 200, answer
    status, answer = post(url, body.replace(b"}", b" }", 1), headers)
    assert (status, answer) == (400, {"error": "signature_mismatch"})


# --- Python ----------------------------------------------------------------

FLASK_APP = """
import sys, flask, hookproof
from hookproof.flask import verify_webhook

app = flask.Flask(__name__)
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")

@app.post("/hooks/cloro")
@verify_webhook(cloro)
def hook():
    return {"task": flask.g.webhook.json()["task"]["id"], "version": hookproof.__version__, "from": hookproof.__file__}

app.run(host="127.0.0.1", port=int(sys.argv[1]))
"""


def fresh_venv(tmp: Path, env: dict[str, str]) -> Path:
    subprocess.run([sys.executable, "-m", "venv", tmp / "venv"], check=True, env=env)
    return tmp / "venv" / "bin" / "python"


def test_the_wheel_installs_without_cargo_and_verifies_in_flask(tmp_path: Path, env: dict[str, str]) -> None:
    wheel = artifact(WHEEL)
    python = fresh_venv(tmp_path, env)
    # --only-binary: a wheel or nothing, so a fallback to the sdist would fail here.
    subprocess.run([python, "-m", "pip", "install", "-q", "--only-binary", ":all:", wheel, "flask"], check=True, env=env)
    # The wheel's console script: the same command line as the Rust binary.
    version = subprocess.run([tmp_path / "venv" / "bin" / "hookproof", "--version"], capture_output=True, text=True, env=env)
    assert version.stdout.split() == ["hookproof", VERSION], version.stderr
    (tmp_path / "app.py").write_text(FLASK_APP)
    port = free_port()
    for url in serve([str(python), "app.py", str(port)], tmp_path, {**env, "CLORO_WEBHOOK_SECRET": CLORO_SECRET}, port):
        body, headers = cloro_delivery()
        status, answer = post(f"{url}/hooks/cloro", body, headers)
        assert status == 200, answer
        assert answer["task"] == "task-1" and answer["version"] == VERSION
        assert str(answer["from"]).startswith(str(tmp_path / "venv")), "imported from the installed wheel"
        check_receiver(f"{url}/hooks/cloro", (body, headers))


def test_the_wheel_is_manylinux2014_stripped_and_carries_its_licences() -> None:
    wheel = artifact(WHEEL)
    shown = subprocess.run([sys.executable, "-m", "auditwheel", "show", wheel], check=True, capture_output=True, text=True)
    assert 'consistent with the following platform tag: "manylinux_2_17_x86_64"' in " ".join(shown.stdout.split())
    subprocess.run([sys.executable, "-m", "check_wheel_contents", wheel], check=True)
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
            assert z.read(f"hookproof-{VERSION}.dist-info/licenses/{licence}") == (ROOT / licence).read_bytes()
        notices = z.read("hookproof/THIRD-PARTY-LICENSES.txt").decode()
        assert re.search(r"^pyo3 \d", notices, re.M) and "Apache License" in notices
        metadata = z.read(f"hookproof-{VERSION}.dist-info/METADATA").decode()
        native = next(n for n in names if n.startswith("hookproof/_native") and n.endswith(".so"))
        so = z.read(native)
    assert "License-Expression: MIT OR Apache-2.0" in metadata
    assert "Classifier: Programming Language :: Python :: 3.14" in metadata
    assert "Project-URL: Repository, " in metadata
    assert b".symtab" not in so, "the extension is stripped"


def test_twine_accepts_the_wheel_and_the_sdist() -> None:
    files = [artifact(WHEEL), artifact("hookproof-[0-9]*.tar.gz")]
    subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files], check=True)


def test_a_wheel_built_from_the_sdist_installs(tmp_path: Path) -> None:
    """The one path that needs cargo: pip builds the sdist as a user without a
    matching wheel would."""
    sdist = artifact("hookproof-[0-9]*.tar.gz")
    python = fresh_venv(tmp_path, dict(os.environ))
    subprocess.run([python, "-m", "pip", "install", "-q", sdist], check=True)
    body, headers = cloro_delivery()
    code = (
        "import sys, hookproof; wh = hookproof.Webhook('cloro', sys.argv[1]);"
        "v = wh.verify(sys.argv[2].encode(), dict(h.split(': ', 1) for h in sys.argv[3:]));"
        "print(v.dedup_key, hookproof.__version__)"
    )
    out = subprocess.run(
        [python, "-c", code, CLORO_SECRET, body.decode(), *(f"{k}: {v}" for k, v in headers.items())],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    )
    assert out.stdout.split() == ["task-1", VERSION]


# --- Node, Bun, Deno ---------------------------------------------------------

EXPRESS_APP = """
const express = require('express')
const { Webhook, version } = require('hookproof')
const { verifyWebhook } = require('hookproof/express')

const app = express()
const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')
app.post('/hooks/cloro', verifyWebhook(cloro), (req, res) => {
  // The addon file the loader actually opened.
  const addon = Object.keys(require.cache).find((f) => f.endsWith('.node'))
  res.json({ task: req.body.task.id, version, addon })
})
app.listen(Number(process.argv[2]), '127.0.0.1')
"""

# The README's Next.js handler (examples/next_route.mjs), served by the
# runtime's own HTTP server.
FETCH_SERVER = """
import { POST } from './next_route.mjs'
const port = Number(globalThis.Deno ? Deno.args[0] : process.argv[2])
if (globalThis.Bun) Bun.serve({ port, hostname: '127.0.0.1', fetch: POST })
else Deno.serve({ port, hostname: '127.0.0.1' }, POST)
"""


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A fresh app with the two tarballs installed (and express from the registry)."""
    main, platform = artifact(f"hookproof-{VERSION}.tgz"), artifact(f"hookproof-linux-x64-gnu-{VERSION}.tgz")
    app = tmp_path_factory.mktemp("app")
    (app / "package.json").write_text(json.dumps({"name": "app", "private": True}))
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", main, platform, "express@5"], cwd=app, check=True, env=env)
    return app


def test_the_npm_tarballs_install_without_cargo_and_verify_in_express(app: Path, env: dict[str, str]) -> None:
    (app / "server.js").write_text(EXPRESS_APP)
    port = free_port()
    for url in serve(["node", "server.js", str(port)], app, {**env, "CLORO_WEBHOOK_SECRET": CLORO_SECRET}, port):
        body, headers = cloro_delivery()
        status, answer = post(f"{url}/hooks/cloro", body, headers)
        assert status == 200, answer
        assert answer["task"] == "task-1" and answer["version"] == VERSION
        assert answer["addon"] == str(app / "node_modules" / "hookproof-linux-x64-gnu" / "hookproof.linux-x64-gnu.node")
        check_receiver(f"{url}/hooks/cloro", (body, headers))


def test_the_npm_packages_have_no_install_script_and_carry_their_licences(app: Path) -> None:
    for name in ["hookproof", "hookproof-linux-x64-gnu"]:
        installed = app / "node_modules" / name
        manifest = json.loads((installed / "package.json").read_text())
        assert not {"preinstall", "install", "postinstall"} & set(manifest.get("scripts", {})), name
        for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
            assert (installed / licence).read_bytes() == (ROOT / licence).read_bytes(), name
    main = json.loads((app / "node_modules" / "hookproof" / "package.json").read_text())
    platforms = ["linux-x64-gnu", "linux-x64-musl", "linux-arm64-gnu", "linux-arm64-musl", "darwin-x64", "darwin-arm64", "win32-x64-msvc"]
    assert main["optionalDependencies"] == {f"hookproof-{p}": VERSION for p in platforms}
    notices = (app / "node_modules" / "hookproof-linux-x64-gnu" / "THIRD-PARTY-LICENSES.txt").read_text()
    assert re.search(r"^napi \d", notices, re.M)


def test_publint_and_arethetypeswrong_accept_the_npm_package(env: dict[str, str]) -> None:
    main = artifact(f"hookproof-{VERSION}.tgz")
    subprocess.run([TOOLS / "publint", "run", main, "--strict"], check=True, env=env)
    # node16 / bundler resolution, CommonJS and ESM: every entry point typed.
    subprocess.run([TOOLS / "attw", main, "--exclude-entrypoints", "wasm", "--format", "table-flipped"], check=True, env=env)
    # hookproof/wasm is an ES module by design (its browser loader awaits the
    # module at top level): typed for ESM and bundlers.
    subprocess.run([TOOLS / "attw", main, "--entrypoints", "wasm", "--profile", "esm-only", "--format", "table-flipped"], check=True, env=env)


@pytest.mark.parametrize("runtime", ["bun", "deno"])
def test_other_runtimes_load_the_addon_run_the_vectors_and_serve_fetch(app: Path, env: dict[str, str], runtime: str) -> None:
    vectors = {**env, "HOOKPROOF_PACKAGE": str(app / "node_modules" / "hookproof"), "DENO_NO_UPDATE_CHECK": "1"}
    test_file = ROOT / "node" / "test" / "vectors.test.js"
    if runtime == "bun":
        args = [str(TOOLS / "bun"), "test", str(test_file)]
    else:
        args = [str(TOOLS / "deno"), "test", "--allow-all", "--unstable-detect-cjs", str(test_file)]
    run = subprocess.run(args, cwd=app, env=vectors, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    print(run.stdout[-2000:], run.stderr[-2000:])
    if runtime == "deno":
        # Deno's `deno` export condition: the WebAssembly build (the README's
        # handler below runs on it), loaded with no permission asked.
        (app / "which.mjs").write_text("import { schemes } from 'hookproof'\nconsole.log(import.meta.resolve('hookproof'), schemes().length)\n")
        which = subprocess.run([str(TOOLS / "deno"), "run", "which.mjs"], cwd=app, env=vectors, capture_output=True, text=True)
        assert which.returncode == 0, which.stderr
        assert re.fullmatch(r"file://\S+/node_modules/hookproof/wasm/layer\.mjs \d+\n", which.stdout), which.stdout

    shutil.copy(ROOT / "examples" / "next_route.mjs", app / "next_route.mjs")
    (app / "serve.mjs").write_text(FETCH_SERVER)
    port = free_port()
    start = [str(TOOLS / "bun"), "serve.mjs", str(port)] if runtime == "bun" else [str(TOOLS / "deno"), "run", "--allow-all", "serve.mjs", str(port)]
    for url in serve(start, app, {**env, "STANDARD_WEBHOOK_SECRET": STANDARD_SECRET, "DENO_NO_UPDATE_CHECK": "1"}, port):
        body, headers = standard_delivery()
        status, answer = post(url, body, headers)
        assert (status, answer) == (200, {"id": "msg_1", "type": "invoice.paid"})
        check_receiver(url, (body, headers))


def test_the_webassembly_build_of_the_installed_package_runs_the_vectors_in_workerd_and_edge_runtime(app: Path, env: dict[str, str]) -> None:
    """The tarball's WebAssembly build (its layer, glue, module and loaders),
    bundled from the installed package as wrangler and Next.js bundle it
    (the workerd and edge-light conditions), in workerd (miniflare) and
    edge-runtime: every shared vector and hostile case."""
    tests = [ROOT / "node" / "test" / "runtimes" / f for f in ("workerd.test.mjs", "edge_runtime.test.mjs")]
    run = subprocess.run(
        ["node", "--test", "--test-name-pattern", "shared vectors", *map(str, tests)],
        cwd=ROOT / "node", env={**env, "HOOKPROOF_PACKAGE_APP": str(app)}, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"^# pass 2$", run.stdout, re.M), run.stdout[-2000:]
    print(run.stdout[-600:])


# --- The CLI archive and the checksums ----------------------------------------


def test_the_cli_archive_runs_anywhere_and_verifies(tmp_path: Path, env: dict[str, str]) -> None:
    archive = artifact(f"hookproof-cli-{VERSION}-x86_64-unknown-linux-musl.tar.gz")
    subprocess.run(["tar", "xzf", archive, "-C", tmp_path], check=True)
    folder = tmp_path / archive.name.removesuffix(".tar.gz")
    for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
        assert (folder / licence).read_bytes() == (ROOT / licence).read_bytes()
    assert re.search(r"^clap \d", (folder / "THIRD-PARTY-LICENSES.txt").read_text(), re.M)
    exe = folder / "hookproof"
    assert "statically linked" in subprocess.run(["file", "-L", exe], capture_output=True, text=True).stdout.replace("static-pie", "statically")
    assert subprocess.run([exe, "--version"], check=True, capture_output=True, text=True, env=env).stdout.split() == ["hookproof", VERSION]
    body, headers = cloro_delivery()
    args = [exe, "verify", "--scheme", "cloro", "--secret-env", "SECRET", "--body-file", "-"]
    args += [a for k, v in headers.items() for a in ("-H", f"{k}: {v}")]
    run_env = {**env, "SECRET": CLORO_SECRET}
    assert subprocess.run(args, input=body, capture_output=True, env=run_env).returncode == 0
    assert subprocess.run(args, input=body + b" ", capture_output=True, env=run_env).returncode == 1


def test_the_checksums_cover_every_artifact() -> None:
    listed = dict(reversed(line.split("  ", 1)) for line in (DIST / "SHA256SUMS").read_text().splitlines())
    files = {p.name for p in DIST.iterdir() if p.name != "SHA256SUMS"}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((DIST / name).read_bytes()).hexdigest() == digest, name


def test_the_sdist_without_cargo_stops_with_a_clear_message(tmp_path: Path, env: dict[str, str]) -> None:
    """Where no wheel fits, pip builds the sdist; without cargo and with
    MATURIN_NO_INSTALL_RUST=1 (as the README's from-source note says) it
    must stop and say why, not download a toolchain."""
    sdist = artifact("hookproof-[0-9]*.tar.gz")
    python = fresh_venv(tmp_path, env)
    run = subprocess.run(
        [python, "-m", "pip", "install", "--no-binary", "hookproof", sdist],
        env={**env, "MATURIN_NO_INSTALL_RUST": "1"}, capture_output=True, text=True,
    )
    assert run.returncode != 0
    assert "Cargo, the Rust package manager, is not installed" in run.stdout + run.stderr
