'use strict'

// A Fetch-API Request as the integrations need it (hookproof/web, hookproof/hono):
// what the server saw of it, its body read within the limit, and an answer
// as a Response.

const { readBounded, lengthOf } = require('./gate')
const { empty } = require('./bytes')

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
    // The parsed URL's (the raw target is not kept by a Fetch Request): a
    // signed URL with dot segments or unescaped quotes reads differently.
    target: url.pathname + url.search,
    started: performance.now()
  }
}

/** The body, at most maxBody bytes read; null above. */
class BodyConsumedError extends TypeError {}

async function readLimited (request, maxBody) {
  if (request.bodyUsed) {
    throw new BodyConsumedError('the request body was already read (request.json()/text() ran first); call verifyRequest before anything reads the body')
  }
  if ((lengthOf(request.headers.get('content-length')) ?? 0) > maxBody) return null
  if (!request.body) return empty()
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

/**
 * The steps before a handler, for a Fetch Request: read within the limit,
 * verify, claim. Resolves to { response } to answer instead, or
 * { delivery, claim, seen } to run the handler with (and settle after).
 */
async function admit (root, request, context = request) {
  const seen = seenOf(request, root.trustForwarded)
  const { gate, answer: unknown } = await root.forRequest(seen, context)
  if (unknown) return { response: respond(unknown) }
  let body
  try {
    body = await readLimited(request, gate.maxBody)
  } catch (err) {
    if (err instanceof BodyConsumedError) return { response: respond(gate.refuse('body_consumed', seen)) }
    throw err
  }
  if (body === null) return { response: respond(gate.refuse('body_too_large', seen)) }
  const { delivery, answer } = await gate.verify(body, seen, request)
  if (answer) return { response: respond(answer) }
  const begun = await gate.begin(delivery, seen)
  if (begun.answer) return { response: respond(begun.answer) }
  return { delivery, claim: begun.claim, seen }
}

module.exports = { readLimited, seenOf, respond, admit }
