"""Shared fixtures: the repository's paths and the shared vectors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def load_vectors(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def scheme_files() -> list[str]:
    """Every vector file but secrets.json."""
    return sorted(p.name for p in VECTORS.glob("*.json") if p.name != "secrets.json")


def scheme_cases() -> list[Any]:
    """Every case of every scheme file, as pytest params named by file and tcId."""
    params = []
    for name in scheme_files():
        doc = load_vectors(name)
        for case in doc["tests"]:
            params.append(pytest.param(doc["scheme"], case, id=f"{name[:-5]}-{case['tcId']}"))
    return params


def body_of(case: dict[str, Any]) -> bytes:
    if "body" in case:
        return case["body"].encode("utf-8")
    return bytes.fromhex(case["body_hex"])
