#!/usr/bin/env python3
"""Build release artifacts into dist/: the same steps on this machine
(`make dist`) and in the release workflow (.github/workflows/release.yml),
one target at a time.

    dist.py wheel TARGET [PYTHON ...]   the extension's wheel(s), stripped
    dist.py smoke-wheels [PYTHON ...]   install dist/'s wheel into a venv per
                                        CPython (python3.12, ...), verify with it
    dist.py sdist                       the Python source distribution
    dist.py npm-platform TARGET         the addon's npm package for TARGET
    dist.py npm-main                    the `hookproof` npm package
    dist.py crates                      the .crate files (cargo package)
    dist.py cli TARGET                  the `hookproof` binary, archived (Linux: a
                                        -musl TARGET, static)
    dist.py checksums                   SHA256SUMS over everything in dist/
    dist.py release-notes VERSION       CHANGELOG.md's section for VERSION

TARGET is a Rust target triple; `host` means this machine's. Standard
library only, so it runs before any virtual environment exists; tools come
from PATH (cargo, npm, npx) or from the running interpreter (maturin).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
LICENCES = ["LICENSE-MIT", "LICENSE-APACHE"]
NOTICES = "THIRD-PARTY-LICENSES.txt"


def run(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    shown = (str(a) if "\n" not in str(a) else str(a).strip().splitlines()[0] + " …" for a in args)
    print("+", " ".join(shown), flush=True)
    # which(): on Windows npm and npx are .cmd files, which CreateProcess
    # finds only by their full name.
    command = [shutil.which(str(args[0])) or str(args[0]), *(str(a) for a in args[1:])]
    subprocess.run(command, cwd=cwd, check=True, env={**os.environ, **(env or {})})


def workspace_version() -> str:
    """The one version every artifact carries: `[workspace.package]` of
    Cargo.toml (a regex, since tomllib is newer than some CI interpreters)."""
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    section = text.split("[workspace.package]", 1)[1]
    found = re.search(r'^version\s*=\s*"([^"]+)"', section, re.M)
    if found is None:
        raise SystemExit("Cargo.toml has no [workspace.package] version")
    return found.group(1)


def host_target() -> str:
    out = subprocess.run(["rustc", "-vV"], check=True, capture_output=True, text=True).stdout
    return next(line.split()[1] for line in out.splitlines() if line.startswith("host:"))


def target_of(arg: str) -> str:
    return host_target() if arg == "host" else arg


def notices(out: Path, *packages: str) -> Path:
    """The third-party notices of the crates linked into these packages."""
    run(sys.executable, ROOT / "scripts" / "third_party_licenses.py", out, *packages)
    return out


def wheel(target: str, *pythons: str) -> None:
    notices(ROOT / "python" / "hookproof" / NOTICES, "hookproof-python:python")
    args = [sys.executable, "-m", "maturin", "build", "--release", "--strip", "--locked"]
    args += ["--target", target, "--out", DIST]
    # Linux wheels link through zig against an old glibc (manylinux2014 =
    # glibc 2.17) or musl, so one build runs on every distribution since.
    if target.endswith("-linux-gnu"):
        args += ["--zig", "--compatibility", "manylinux2014"]
    elif target.endswith("-linux-musl"):
        args += ["--zig", "--compatibility", "musllinux_1_2"]
    # Windows has no python3.X commands: maturin finds "3.X" through the
    # py launcher there.
    if sys.platform == "win32":
        pythons = tuple(p.removeprefix("python") for p in pythons)
    args += ["--interpreter", *(pythons or [sys.executable])]
    # zig comes from PyPI's `ziglang` in this interpreter's environment.
    zig = {"CARGO_ZIGBUILD_PYTHON_PATH": sys.executable}
    try:
        run(*args, cwd=ROOT / "python", env=zig)
    finally:
        (ROOT / "python" / "hookproof" / NOTICES).unlink(missing_ok=True)


# Signs a cloro delivery with the standard library's hmac, then verifies it
# (and a tampered copy) with the installed hookproof.
SMOKE = """
import hashlib, hmac, sys, hookproof
secret, body = "whsec_smoke_test_secret", b'{"task":{"id":"t1"}}'
mac = hmac.new(secret.encode(), b"1748419200." + body, hashlib.sha256).hexdigest()
headers = {"X-Cloro-Timestamp": "1748419200", "X-Cloro-Signature": "v1=" + mac, "X-Cloro-Webhook-Id": "t1-1"}
wh = hookproof.Webhook("cloro", secret)
assert wh.verify(body, headers, now=1748419200).dedup_key == "t1"
try:
    wh.verify(body + b" ", headers, now=1748419200)
    sys.exit("a tampered body verified")
except hookproof.SignatureMismatchError:
    pass
print("hookproof", hookproof.__version__, "verifies on Python", sys.version.split()[0], "from", hookproof.__file__)
"""


def interpreter(name: str) -> list[str]:
    """A command for `python3.X` (or a path): the py launcher on Windows."""
    if sys.platform == "win32" and name.startswith("python3."):
        return ["py", f"-{name.removeprefix('python')}"]
    return [name]


def smoke_wheels(*versions: str) -> None:
    for python in [interpreter(v) for v in versions] or [[sys.executable]]:
        with tempfile.TemporaryDirectory() as tmp:
            run(*python, "-m", "venv", Path(tmp) / "venv")
            bindir = Path(tmp) / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
            venv_python = bindir / ("python.exe" if sys.platform == "win32" else "python")
            run(venv_python, "-m", "pip", "install", "-q", "--no-index", "--find-links", DIST, "hookproof")
            run(venv_python, "-c", SMOKE, cwd=Path(tmp))


def sdist() -> None:
    run(sys.executable, "-m", "maturin", "sdist", "--out", DIST, cwd=ROOT / "python")


def package_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def napi_name(target: str) -> str:
    out = subprocess.run(
        ["node", "-p", f"require('./platform.js').tripleName({json.dumps(target)})"],
        cwd=ROOT / "node", check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


def npm_pack(stage: Path) -> None:
    DIST.mkdir(exist_ok=True)
    run("npm", "pack", "--pack-destination", DIST, cwd=stage)


def npm_platform(target: str) -> None:
    name = napi_name(target)
    node = ROOT / "node"
    args = ["npx", "--no-install", "napi", "build", "--platform", "--release", "--strip", "--target", target]
    args += ["--manifest-path", "../bindings/node/Cargo.toml", "--features", "node", "--output-dir", ".", "--no-js"]
    # glibc targets link against glibc 2.17 with napi-rs's prebuilt GCC
    # toolchain (an npm package); musl ones through zig (cargo-zigbuild).
    if target.endswith("-linux-gnu"):
        args.append("--use-napi-cross")
    elif target.endswith("-linux-musl"):
        args.append("--cross-compile")
    # Stripped: symbols are most of an unstripped addon, and nobody debugs
    # a published one with them (--strip alone left the symbol table).
    run(*args, cwd=node, env={"CARGO_PROFILE_RELEASE_STRIP": "symbols"})
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        for f in ["package.json", "README.md"]:
            shutil.copy(node / "npm" / name / f, stage / f)
        shutil.copy(node / f"hookproof.{name}.node", stage)
        for f in LICENCES:
            shutil.copy(ROOT / f, stage / f)
        notices(stage / NOTICES, "hookproof-node:node")
        npm_pack(stage)


def npm_main() -> None:
    node = ROOT / "node"
    manifest = package_json(node / "package.json")
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        for f in manifest["files"]:
            if f == NOTICES:
                # The WebAssembly module links the core and its crates.
                notices(stage / NOTICES, "hookproof-wasm")
                continue
            source = ROOT / f if f in LICENCES else node / f
            (stage / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, stage / f)
        # What `napi prepublish` does: each platform package becomes an
        # optional dependency at this very version, and npm installs the one
        # whose os/cpu/libc fit. Development-only fields stay behind.
        names = [package_json(node / "npm" / napi_name(t) / "package.json")["name"] for t in manifest["napi"]["targets"]]
        manifest["optionalDependencies"] = {n: manifest["version"] for n in names}
        for key in ["devDependencies", "scripts"]:
            manifest.pop(key, None)
        (stage / "package.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        npm_pack(stage)


def crates() -> None:
    # One command for both, so hookproof-cli's dependency on the unpublished
    # hookproof resolves to the one packaged beside it (cargo >= 1.90).
    # The release workflow (HOOKPROOF_RELEASE=1) packages a clean checkout
    # only; `make dist` and `make test` package work in progress too.
    dirty = [] if os.environ.get("HOOKPROOF_RELEASE") == "1" else ["--allow-dirty"]
    both = ["--locked", *dirty, "-p", "hookproof", "-p", "hookproof-cli"]
    version = workspace_version()
    # `package` writes the .crate files (and builds them, unpacked); the dry
    # run adds crates.io's own checks, without a second build.
    # The verification build takes hookproof from a local registry, which
    # cargo treats as immutable: a source unpacked into CARGO_HOME, or an
    # rlib built, by an earlier run of the same version would be reused
    # instead of this one. So both go first, and the build has its own
    # target directory. (Local registries' folders start with "-".)
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    for stale in (cargo_home / "registry" / "src").glob(f"-*/hookproof-{version}"):
        shutil.rmtree(stale)
    shutil.rmtree(ROOT / "target" / "package-build", ignore_errors=True)
    run("cargo", "package", "--target-dir", ROOT / "target" / "package-build", *both)
    run("cargo", "publish", "--dry-run", "--no-verify", *both)
    DIST.mkdir(exist_ok=True)
    for name in ["hookproof", "hookproof-cli"]:
        shutil.copy(ROOT / "target" / "package-build" / "package" / f"{name}-{version}.crate", DIST)


def cli(target: str) -> None:
    # Linux binaries are built for musl: static, so one runs on any
    # distribution, whatever its glibc. Stripped, as every release binary.
    strip = {"CARGO_PROFILE_RELEASE_STRIP": "symbols"}
    run("cargo", "build", "--release", "--locked", "-p", "hookproof-cli", "--target", target, env=strip)
    exe = "hookproof.exe" if "windows" in target else "hookproof"
    version = workspace_version()
    base = f"hookproof-cli-{version}-{target}"
    DIST.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / base
        stage.mkdir()
        shutil.copy(ROOT / "target" / target / "release" / exe, stage / exe)
        for f in LICENCES:
            shutil.copy(ROOT / f, stage / f)
        shutil.copy(ROOT / "crates" / "hookproof-cli" / "README.md", stage / "README.md")
        notices(stage / NOTICES, "hookproof-cli")
        if "windows" in target:
            with zipfile.ZipFile(DIST / f"{base}.zip", "w", zipfile.ZIP_DEFLATED) as z:
                for f in sorted(stage.iterdir()):
                    z.write(f, f"{base}/{f.name}")
        else:
            with tarfile.open(DIST / f"{base}.tar.gz", "w:gz") as t:
                t.add(stage, base)


def release_notes(version: str) -> None:
    """Prints CHANGELOG.md's section for this version (the GitHub release's notes)."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    section = next((s for s in sections if s.startswith(f"[{version.removeprefix('v')}]")), None)
    if section is None:
        raise SystemExit(f"CHANGELOG.md has no section for {version}")
    print(section.split("\n", 1)[1].strip())


def checksums() -> None:
    lines = []
    for f in sorted(p for p in DIST.iterdir() if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n")
    (DIST / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")
    print("".join(lines), end="")


def main(argv: list[str]) -> int:
    commands = {
        "wheel": lambda target, *pythons: wheel(target_of(target), *pythons),
        "smoke-wheels": smoke_wheels,
        "sdist": sdist,
        "npm-platform": lambda target: npm_platform(target_of(target)),
        "npm-main": npm_main,
        "crates": crates,
        "cli": lambda target: cli(target_of(target)),
        "checksums": checksums,
        "release-notes": release_notes,
    }
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[1]](*argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
