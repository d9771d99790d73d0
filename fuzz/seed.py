"""Seed corpora for `make fuzz`, from the shared vectors and the presets:
verify/ gets each case as a preset index, header values and the body
(0xff-separated); scheme_text/ gets every preset's and custom scheme's JSON."""

import hashlib
import json
from pathlib import Path

import hookproof

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


def write(kind: str, data: bytes) -> None:
    folder = CORPUS / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


names = hookproof.schemes()
for path in sorted((ROOT / "tests" / "vectors").glob("*.json")):
    for case in json.loads(path.read_text(encoding="utf-8")).get("tests", []):
        if isinstance(case.get("scheme"), dict):
            write("scheme_text", json.dumps(case["scheme"]).encode())
        values = []
        for _, v in case.get("headers") or []:
            values.append(v if isinstance(v, str) else v.get("prefix", "") + v["repeat"] * min(v["times"], 64))
        body = case.get("body", "")
        body = body if isinstance(body, str) else "x" * 64
        preset = case.get("preset", path.stem)
        index = names.index(preset) if preset in names else 0
        write("verify", bytes([index]) + b"\xff".join(x.encode() for x in [*values, body]))
for name in names:
    write("scheme_text", hookproof.Scheme.preset(name).to_json().encode())
print(f"fuzz seeds: {len(list((CORPUS / 'verify').iterdir()))} verify, "
      f"{len(list((CORPUS / 'scheme_text').iterdir()))} scheme_text")
