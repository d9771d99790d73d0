"""Fetching the keys a sender publishes (AWS SNS's certificates, Google's
and Microsoft Entra's JWKS, Plaid's keys by id), for the schemes that
verify with them.

The core decides what may be fetched (an SNS certificate URL is refused
before any request), how long a document stays fresh and when an unknown
key id asks for it again (``Webhook.key_url``, ``Webhook.add_keys``); this
module only does the I/O. ``HttpResolver`` is the default, on the standard
library: called directly in sync code, and in a worker thread in async code
(``afetch``), so the event loop never waits on the network. A fetch happens
once per key document and freshness period, so a thread costs nothing that
matters, and no HTTP client needs installing. Any callable ``resolver(url)
-> (bytes, cache_control)`` can replace it, with an ``afetch`` coroutine
method for async apps (an ``httpx.AsyncClient`` one, say).
"""

from __future__ import annotations

import asyncio
import inspect
import ssl
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from . import _native
from .errors import ConfigurationError
from .errors import VerificationError

if TYPE_CHECKING:
    from ._native import Verified, Webhook

__all__ = ["DEFAULT", "HttpResolver", "PlaidKeys", "averify", "fetch_keys_async"]

_LIMIT = _native.MAX_KEY_DOCUMENT


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could leave the host the core checked: refused.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HttpResolver:
    """Fetches key documents over HTTPS: certificate checks on, no
    redirects, a timeout, and at most ``MAX_KEY_DOCUMENT`` bytes read.

    ``cafile`` or ``ssl_context`` replace the system's trust store (a
    corporate proxy's CA; the tests' own CA).
    """

    def __init__(self, *, timeout: float = 5.0, cafile: str | None = None,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.timeout = timeout
        self.context = ssl_context or ssl.create_default_context(cafile=cafile)

    def __repr__(self) -> str:
        return f"HttpResolver(timeout={self.timeout})"

    def __call__(self, url: str) -> tuple[bytes, str | None]:
        if "#" in url:
            # The core names a key fetched by id (Plaid's) <endpoint>#<kid>.
            raise ValueError("this key is fetched by its id with the sender's API credentials: give the Webhook "
                             "resolver=hookproof.PlaidKeys(client_id, secret)")
        return self._open(urllib.request.Request(url))

    def _open(self, request: urllib.request.Request) -> tuple[bytes, str | None]:
        if not request.full_url.startswith("https://"):
            raise ValueError("key documents are fetched over https only")
        request.add_header("User-Agent", f"hookproof/{_native.__version__}")
        opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=self.context))
        with opener.open(request, timeout=self.timeout) as response:
            if response.status != 200:
                raise OSError(f"HTTP {response.status}")
            return _bounded(response.read(_LIMIT + 1)), response.headers.get("Cache-Control")

    async def afetch(self, url: str) -> tuple[bytes, str | None]:
        """The same fetch in a worker thread, for async code."""
        return await asyncio.to_thread(self, url)


class PlaidKeys(HttpResolver):
    """Fetches Plaid's webhook verification keys by id, with your API keys:
    ``POST /webhook_verification_key/get`` on the environment's host
    (``production`` or ``sandbox``), as Plaid's docs say. Give it to the
    ``plaid`` Webhook: ``Webhook("plaid", resolver=PlaidKeys(client_id,
    secret))``. The core asks for ``<endpoint>#<kid>``; each key is fetched
    once, and kept an hour. ``timeout``, ``cafile`` and ``ssl_context`` as
    for ``HttpResolver``."""

    def __init__(self, client_id: str, secret: str, *, environment: str = "production", timeout: float = 5.0,
                 cafile: str | None = None, ssl_context: ssl.SSLContext | None = None) -> None:
        # The endpoint, the key reference and the request are the core's
        # (hookproof::plaid_key_endpoint, plaid_key_request).
        endpoint = _native.plaid_key_endpoint(str(environment))
        if not (isinstance(client_id, str) and client_id and isinstance(secret, str) and secret):
            raise ConfigurationError("PlaidKeys needs your Plaid client_id and secret, both non-empty str",
                                     "invalid_argument")
        super().__init__(timeout=timeout, cafile=cafile, ssl_context=ssl_context)
        self.environment = environment
        self._endpoint = endpoint
        self._client_id, self._secret = client_id, secret

    def __repr__(self) -> str:
        # Never the secret.
        return f"PlaidKeys(environment={self.environment!r})"

    def __call__(self, url: str) -> tuple[bytes, str | None]:
        body = _native.plaid_key_request(url, self._client_id, self._secret).encode()
        document, _ = self._open(urllib.request.Request(self._endpoint, data=body, method="POST",
                                                        headers={"Content-Type": "application/json"}))
        # A key by id does not change but for its expiry: kept an hour
        # (the core's default), whatever the API answer's caching says, so
        # that no webhook makes a request carrying the secret.
        return document, None


def _bounded(document: bytes) -> bytes:
    if len(document) > _LIMIT:
        raise OSError(f"the document is larger than {_LIMIT} bytes")
    return document


DEFAULT = HttpResolver()


async def fetch_keys_async(wh: Webhook, body: Any, headers: Any, *, now: int | None = None) -> VerificationError | None:
    """Fetches, without blocking, the key document this delivery needs and
    ``wh`` lacks, so that ``wh.verify`` then fetches nothing. Answers the
    ``KeyUnavailableError`` of a fetch that failed or gave no key (the verify
    then uses a stale key if one is cached, and this error says why when
    none is), else None; raises the verify's own error when the delivery
    names no key it may fetch. A resolver without ``afetch`` runs in a
    worker thread."""
    url = wh.key_url(body, headers, now=now)
    if url is None:
        return None
    resolver = wh.resolver or DEFAULT
    try:
        fetch = getattr(resolver, "afetch", None)
        answer = await fetch(url) if fetch is not None else await asyncio.to_thread(resolver, url)
        if inspect.isawaitable(answer):
            answer = await answer
        document, cache_control = (answer, None) if isinstance(answer, bytes) else answer
        wh.add_keys(url, document, cache_control, now=now)
    except VerificationError as e:  # add_keys: the document holds no usable key
        return e
    except Exception as e:  # any failure of the resolver is the sender's key being unavailable
        return _native.fetch_failed_error(url, f"{type(e).__name__}: {e}")
    return None


async def averify(wh: Webhook, body: Any, headers: Any, *, now: int | None = None, url: str | None = None,
                  method: str | None = None) -> Verified:
    """``wh.verify`` for async code: a published key it needs is fetched
    first without blocking the event loop (``resolver.afetch``)."""
    failure = await fetch_keys_async(wh, body, headers, now=now) if wh.fetches_keys else None
    try:
        return wh.verify(body, headers, now=now, url=url, method=method)
    except VerificationError as e:
        if failure is not None and e.code == "key_unavailable":
            raise failure from None
        raise
