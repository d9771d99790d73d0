"""One version and one home for every artifact: the workspace's Cargo.toml
is the source; the Python package, the npm packages and the crates follow
it, and `hookproof.__version__` reports it."""

from __future__ import annotations

import json
import subprocess
import tomllib

import hookproof
from conftest import ROOT

WORKSPACE = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
VERSION = WORKSPACE["workspace"]["package"]["version"]
REPOSITORY = WORKSPACE["workspace"]["package"]["repository"]


def test_the_installed_package_reports_the_workspace_version() -> None:
    assert hookproof.__version__ == VERSION


def test_every_manifest_follows_the_workspace_version() -> None:
    pyproject = tomllib.loads((ROOT / "python" / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    # hookproof-cli depends on the core by path and, for crates.io, by version.
    assert WORKSPACE["workspace"]["dependencies"]["hookproof"]["version"] == VERSION
    manifests = [ROOT / "node" / "package.json", *sorted((ROOT / "node" / "npm").glob("*/package.json"))]
    assert len(manifests) == 8
    for path in manifests:
        assert json.loads(path.read_text(encoding="utf-8"))["version"] == VERSION, path


def test_every_manifest_names_the_same_repository_and_licence() -> None:
    pyproject = tomllib.loads((ROOT / "python" / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["urls"]["Repository"] == REPOSITORY
    assert pyproject["project"]["license"] == WORKSPACE["workspace"]["package"]["license"]
    node = json.loads((ROOT / "node" / "package.json").read_text(encoding="utf-8"))
    assert node["repository"]["url"] == f"git+{REPOSITORY}.git"
    assert node["license"] == WORKSPACE["workspace"]["package"]["license"]
    assert "example.invalid" not in REPOSITORY


def test_no_file_cites_documents_outside_the_repository() -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    tracked = [ROOT / name for name in listed.decode().split("\0") if name]
    assert len(tracked) > 100
    for path in tracked:
        if not path.is_file():  # deleted in the work tree
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        # The team's working notes, kept outside the repository.
        for name in (f"{stem}.md" for stem in ("DESIGN", "USERS", "STYLE")):
            assert name not in text, f"{path.relative_to(ROOT)} cites {name}, which is not in the repository"
