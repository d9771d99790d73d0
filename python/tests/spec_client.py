"""The integration spec's HTTP side: a raw HTTP/1.1 client on a socket (so
a request can carry any Host header, be chunked, or stop half-way), and the
spec's cases (tests/vectors/integration/integration.json)."""

from __future__ import annotations

import json
import socket
from typing import Any

from conftest import VECTORS

SPEC = json.loads((VECTORS / "integration" / "integration.json").read_text(encoding="utf-8"))

#: A chunked body larger than this is sent only this far, without its last
#: chunk: an adapter that waited for the whole body would never answer.
STALL_AFTER = 64 * 1024


def body_of(request: dict[str, Any]) -> bytes:
    size = request.get("body_size")
    return b"a" * size if size is not None else request["body"].encode()


def send(port: int, request: dict[str, Any], timeout: float = 10.0) -> tuple[int, bytes]:
    """Sends one spec request to 127.0.0.1:port; (status, body)."""
    body = body_of(request)
    chunked = request.get("chunked", False)
    headers = [tuple(h) for h in request["headers"]]
    names = {k.lower() for k, _ in headers}
    if "host" not in names:
        headers.append(("Host", f"127.0.0.1:{port}"))
    if "content-type" not in names:
        headers.append(("Content-Type", "application/json"))
    headers.append(("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(len(body))))
    headers.append(("Connection", "close"))
    head = f"{request['method']} {request['target']} HTTP/1.1\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head.encode("latin-1"))
        try:
            if not chunked:
                s.sendall(body)
            else:
                stall = len(body) > STALL_AFTER
                sent = body[:STALL_AFTER] if stall else body
                for i in range(0, len(sent), 16 * 1024):
                    piece = sent[i : i + 16 * 1024]
                    s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                if not stall:
                    s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed early; read what it said
        return _response(s)


def _response(s: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError(f"no complete response: {data!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if "content-length" in fields:
        need = int(fields["content-length"])
        while len(rest) < need:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
        return status, rest[:need]
    while True:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        rest += chunk
    if fields.get("transfer-encoding", "").lower() == "chunked":
        rest = _dechunk(rest)
    return status, rest


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, data = out + data[:size], data[size + 2 :]
    return out


def check(case: dict[str, Any], i: int, got: tuple[int, bytes], ran: bool, rejected: list[str],
          logs: list[str] | None = None) -> None:
    """Asserts one request's outcome against the spec (its log lines too, when given)."""
    want = case["requests"][i]["expect"]
    label = f"#{case['tcId']} {case['comment']} (request {i + 1})"
    status, body = got
    assert status == want["status"], f"{label}: status {status}, body {body[:200]!r}"
    if want.get("body") is not None:
        assert json.loads(body) == want["body"], f"{label}: body {body[:200]!r}"
    assert ran == want["ran"], f"{label}: handler ran={ran}"
    assert rejected == ([want["rejected"]] if "rejected" in want else []), f"{label}: on_reject {rejected}"
    if logs is not None and "log" in want:
        assert any(want["log"] in line for line in logs), f"{label}: no log line has {want['log']!r}: {logs}"
