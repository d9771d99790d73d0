'use strict'

// A Fetch-API Request as the integrations need it (hookproof/web, hookproof/hono):
// what the server saw of it, its body read within the limit, and an answer
// as a Response.

const { readBounded, lengthOf } = require('./gate')

function seenOf (request, trustForwarded) {
  const url = new URL(request.url)
  const forwardedFor = trustForwarded ? request.headers.get('x-forwarded-for') : null
  return {
    headers: request.headers,
    // A Fetch Request carries no peer address; a trusted proxy names it.
    client: forwardedFor ? forwardedFor.split(',')[0].trim() : undefined,
    method: request.method,
    scheme: url.protocol.replace(/:$/, ''),
    host: request.headers.get('host') || url.host,
    target: url.pathname + url.search
  }
}

/** The body, at most maxBody bytes read; null above. */
async function readLimited (request, maxBody) {
  if (request.bodyUsed) {
    throw new TypeError('the request body was already read (request.json()/text() ran first); call verifyRequest before anything reads the body')
  }
  if ((lengthOf(request.headers.get('content-length')) ?? 0) > maxBody) return null
  if (!request.body) return Buffer.alloc(0)
  const reader = request.body.getReader()
  const chunks = {
    async * [Symbol.asyncIterator] () {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        yield value
      }
    }
  }
  const body = await readBounded(chunks, maxBody)
  if (body === null) await reader.cancel()
  return body
}

/** The core's answer as a Response. */
function respond ([status, body]) {
  return new Response(body, { status, headers: { 'content-type': 'application/json' } })
}

module.exports = { readLimited, seenOf, respond }
