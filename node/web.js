'use strict'

// Fetch-API requests: Next.js route handlers, Hono, Bun/Deno-style servers,
// Node's own Request.
//
//   export const POST = withWebhook(wh, async (request, delivery) => Response.json({ ok: true }))
//
// or, by hand: const delivery = await verifyRequest(wh, request)

const { Gate, DEFAULT_MAX_BODY } = require('./gate')
const { admit, readLimited, seenOf } = require('./fetch')

/** Thrown by verifyRequest for a body above maxBody (answer 413). */
class PayloadTooLargeError extends Error {
  constructor (maxBody) {
    super(`the request body is larger than ${maxBody} bytes`)
    this.name = 'PayloadTooLargeError'
    this.code = 'BODY_TOO_LARGE'
  }
}

/**
 * Reads and verifies a Fetch-API Request; resolves to the Verified delivery
 * or rejects with WebhookVerificationError / PayloadTooLargeError.
 */
async function verifyRequest (wh, request, options = {}) {
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY
  const body = await readLimited(request, maxBody)
  if (body === null) throw new PayloadTooLargeError(maxBody)
  const gate = new Gate(wh, options)
  const seen = seenOf(request, gate.trustForwarded)
  return wh.verifyAsync(body, request.headers, { now: options.now, url: gate.url(seen, request), method: request.method })
}


/**
 * Wraps a route handler: (request, delivery, ...rest) runs only for genuine
 * deliveries, and with `options.dedup` once per delivery (a handled repeat
 * answers 200 {"status": "duplicate"}, one in flight 409; the claim is
 * released when the handler throws, returns no Response, or answers 5xx,
 * 408, 425 or 429).
 * Options as for hookproof/express.
 */
function withWebhook (wh, handler, options = {}) {
  const gate = new Gate(wh, options)
  return async function hookproofHandler (request, ...rest) {
    const { response: refused, delivery, claim, seen } = await admit(gate, request)
    if (refused) return refused
    let response
    try {
      response = await handler(request, delivery, ...rest)
    } catch (err) {
      await gate.finish(claim, null, seen)
      throw err
    }
    // No response is the framework's 500: released, so the retry runs it again.
    await gate.finish(claim, response ? response.status : null, seen)
    return response
  }
}

module.exports = { verifyRequest, withWebhook, PayloadTooLargeError }
