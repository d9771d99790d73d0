'use strict'

// Fetching the keys a sender publishes (AWS SNS's certificates, Google's
// JWKS), for the schemes verified with them. The core decides what may be
// fetched (an SNS certificate URL is refused before any request), how long
// a document stays fresh and when an unknown key id asks for it again
// (webhookKeyUrl, webhookAddKeys); this file only does the I/O, with the
// runtime's own `fetch`, which Node, Deno, Bun, Workers and Vercel Edge
// all have. Any `async (url) => ({ body, cacheControl })` can replace it.

const native = require('./native')
const { WebhookVerificationError } = require('./errors')

const LIMIT = native.httpRules().maxKeyDocument

/**
 * Fetches a key document over HTTPS: no redirects (one could leave the
 * host the core checked), a timeout, at most `maxKeyDocument` bytes.
 * @param {string} url
 * @param {{timeout?: number}} [options] milliseconds (default 5000)
 * @returns {Promise<{body: Uint8Array, cacheControl: string|null}>}
 */
async function fetchKeyDocument (url, options = {}) {
  if (!String(url).startsWith('https://')) throw new TypeError('key documents are fetched over https only')
  // 'manual', not 'error' (which Cloudflare Workers refuse): a redirect
  // could leave the host the core checked, so any is a failure.
  const response = await fetch(url, {
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeout ?? 5000)
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

module.exports = { fetchKeyDocument, fetchInto }
