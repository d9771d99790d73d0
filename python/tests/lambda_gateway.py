"""A stand-in for API Gateway and Lambda function URLs on loopback: it takes
real HTTP requests, builds the event AWS documents for each payload format
and invokes the handler in-process, as ``sam local start-api`` does (SAM
needs Docker, which these machines lack).

- ``rest``: a REST API on a custom domain, payload format 1.0, with ``*/*``
  as a binary media type (every body base64-encoded), original header case,
  the query as decoded parameters.
- ``http``: an HTTP API, payload format 2.0: lower-cased header names,
  ``rawPath``/``rawQueryString``, text bodies as text.
- ``url``: a function URL (2.0), every body base64-encoded.

A handler that raises is answered as the gateway does (502 for REST APIs and
function URLs, 500 for HTTP APIs). Event shapes: docs.aws.amazon.com,
"Working with AWS Lambda proxy integrations for HTTP APIs" and "Set up
Lambda proxy integrations in API Gateway" (REST input format).
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

FORMATS = ("rest", "http", "url")
#: What each gateway answers when the function raised.
FAILED = {"rest": 502, "http": 500, "url": 502}


def event_of(fmt: str, method: str, target: str, headers: list[tuple[str, str]], body: bytes, client: str) -> dict[str, Any]:
    path, _, query = target.partition("?")
    host = next((v for k, v in headers if k.lower() == "host"), "")
    encoded = fmt != "http"
    text = base64.b64encode(body).decode() if encoded else body.decode("utf-8")
    if fmt == "rest":
        multi: dict[str, list[str]] = {}
        for k, v in headers:
            multi.setdefault(k, []).append(v)
        params: dict[str, list[str]] = {}
        for k, v in parse_qsl(query, keep_blank_values=True):
            params.setdefault(k, []).append(v)
        return {
            "resource": "/{proxy+}",
            "path": path,
            "httpMethod": method,
            "headers": {k: v[-1] for k, v in multi.items()},
            "multiValueHeaders": multi,
            "queryStringParameters": {k: v[-1] for k, v in params.items()} or None,
            "multiValueQueryStringParameters": params or None,
            "requestContext": {
                "path": path,  # as called (on execute-api hosts: /{stage}/...)
                "stage": "prod",
                "httpMethod": method,
                "domainName": host,
                "identity": {"sourceIp": client},
            },
            "body": text or None,
            "isBase64Encoded": encoded,
        }
    joined: dict[str, str] = {}
    for k, v in headers:
        joined[k.lower()] = f"{joined[k.lower()]},{v}" if k.lower() in joined else v
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": joined,
        "requestContext": {
            "domainName": host,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": client},
            "stage": "$default",
        },
        "body": text or None,
        "isBase64Encoded": encoded,
    }


def _answer(fmt: str, result: Any) -> tuple[int, dict[str, str], bytes]:
    if not isinstance(result, dict) or "statusCode" not in result:
        if fmt == "rest":
            return 502, {"content-type": "application/json"}, b'{"message": "Internal server error"}'
        return 200, {"content-type": "application/json"}, json.dumps(result).encode()  # 2.0 infers
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
    return int(result["statusCode"]), dict(result.get("headers") or {}), raw


@contextmanager
def gateway(fmt: str, handler: Callable[[dict[str, Any], Any], Any]) -> Iterator[int]:
    """Serves ``handler`` on 127.0.0.1 as ``fmt``'s gateway; yields the port."""

    class Gateway(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self._body()
            event = event_of(fmt, self.command, self.path, list(self.headers.items()), body, self.client_address[0])
            try:
                status, headers, raw = _answer(fmt, handler(event, None))
            except Exception:
                status, headers, raw = FAILED[fmt], {"content-type": "application/json"}, b'{"message": "Internal Server Error"}'
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(raw)

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))
            out = b""  # the gateway reads a chunked body whole before invoking
            while True:
                size = int(self.rfile.readline().split(b";")[0] or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
