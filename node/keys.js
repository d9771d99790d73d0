'use strict'

// Fetching the keys a sender publishes (AWS SNS's certificates, Google's
// and Microsoft Entra's JWKS, Plaid's keys by id), for the schemes verified
// with them. The core decides what may be
// fetched (an SNS certificate URL is refused before any request), how long
// a document stays fresh and when an unknown key id asks for it again
// (webhookKeyUrl, webhookAddKeys); this file only does the I/O, with the
// runtime's own `fetch`, which Node, Deno, Bun, Workers and Vercel Edge
// all have. Any `async (url) => ({ body, cacheControl })` can replace it.

const native = require('./native')
const { WebhookVerificationError, translate } = require('./errors')

const LIMIT = native.httpRules().maxKeyDocument

/**
 * Fetches a key document over HTTPS: no redirects (one could leave the
 * host the core checked), a timeout, at most `maxKeyDocument` bytes.
 * @param {string} url
 * @param {{timeout?: number}} [options] milliseconds (default 5000)
 * @returns {Promise<{body: Uint8Array, cacheControl: string|null}>}
 */
async function fetchKeyDocument (url, options = {}) {
  if (String(url).includes('#')) {
    // The core names a key fetched by id (Plaid's) <endpoint>#<kid>.
    throw new TypeError("this key is fetched by its id with the sender's API credentials: give the Webhook { resolver: plaidKeys({ clientId, secret }) }")
  }
  return fetchBounded(url, {}, options.timeout)
}

/** One HTTPS request for a key document: no redirects, a timeout, at most LIMIT bytes. */
async function fetchBounded (url, init, timeout) {
  if (!String(url).startsWith('https://')) throw new TypeError('key documents are fetched over https only')
  // 'manual', not 'error' (which Cloudflare Workers refuse): a redirect
  // could leave the host the core checked, so any is a failure.
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeout ?? 5000)
  })
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    await response.body?.cancel()
    throw new Error(`HTTP ${response.status}: a redirect, refused`)
  }
  if (response.status !== 200) {
    await response.body?.cancel()
    throw new Error(`HTTP ${response.status}`)
  }
  const chunks = []
  let size = 0
  for await (const chunk of response.body) {
    size += chunk.byteLength
    if (size > LIMIT) {
      await response.body.cancel?.().catch(() => {})
      throw new Error(`the document is larger than ${LIMIT} bytes`)
    }
    chunks.push(chunk)
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  return { body, cacheControl: response.headers.get('cache-control') }
}

/**
 * A resolver for the `plaid` scheme: Plaid's webhook verification keys,
 * fetched by id with your API keys (POST /webhook_verification_key/get on
 * the environment's host, as Plaid's docs say). The core asks for
 * `<endpoint>#<kid>`; each key is fetched once and kept an hour. The
 * endpoint, the key reference and the request are the core's
 * (plaidKeyEndpoint, plaidKeyRequest).
 * @param {{clientId: string, secret: string, environment?: 'production'|'sandbox', timeout?: number}} options
 * @returns {(url: string) => Promise<{body: Uint8Array, cacheControl: string|null}>}
 */
function plaidKeys ({ clientId, secret, environment = 'production', timeout } = {}) {
  let endpoint
  try {
    endpoint = native.plaidKeyEndpoint(String(environment))
  } catch (err) {
    throw translate(err)
  }
  if (typeof clientId !== 'string' || !clientId || typeof secret !== 'string' || !secret) {
    throw Object.assign(new RangeError('plaidKeys needs your Plaid clientId and secret, both non-empty strings'), { code: 'INVALID_ARGUMENT' })
  }
  return async function plaidKeyResolver (url) {
    const { body } = await fetchBounded(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: native.plaidKeyRequest(String(url), clientId, secret)
    }, timeout)
    // A key by id does not change but for its expiry: kept an hour (the
    // core's default), whatever the API answer's caching says, so that no
    // webhook makes a request carrying the secret.
    return { body, cacheControl: null }
  }
}

/**
 * Fetches, through `resolver`, the document at `url` the core asked for and
 * hands it back (`handle`: the Webhook's native one); any failure of the
 * resolver is KEY_UNAVAILABLE, worded by the core.
 */
async function fetchInto (handle, url, resolver, now) {
  let answer
  try {
    answer = await (resolver ?? fetchKeyDocument)(url)
  } catch (err) {
    // Node's fetch says only "fetch failed"; the reason is its cause.
    const why = err?.cause ? ` (${err.cause.code ?? err.cause.message})` : ''
    const cause = `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}${why}`
    throw new WebhookVerificationError(native.keyFetchFailed(url, cause), 'KEY_UNAVAILABLE')
  }
  const body = answer && (typeof answer.body === 'string' || answer.body instanceof Uint8Array) ? answer.body : null
  if (body === null) {
    const cause = 'the resolver answered no { body: Uint8Array | string, cacheControl }'
    throw new WebhookVerificationError(native.keyFetchFailed(url, cause), 'KEY_UNAVAILABLE')
  }
  native.webhookAddKeys(handle, url, body, answer.cacheControl ?? undefined, now)
}

module.exports = { fetchKeyDocument, fetchInto, plaidKeys }
