'use strict'

// Fetch-API requests: Next.js route handlers, Hono, Bun/Deno-style servers,
// Node's own Request.
//
//   export const POST = withWebhook(wh, async (request, delivery) => Response.json({ ok: true }))
//
// or, by hand: const delivery = await verifyRequest(wh, request)

const { WebhookVerificationError } = require('./errors')
const common = require('./integration')
const dedupSteps = require('./dedup')

/** Thrown by verifyRequest for a body above maxBody (answer 413). */
class PayloadTooLargeError extends Error {
  constructor (maxBody) {
    super(`the request body is larger than ${maxBody} bytes`)
    this.name = 'PayloadTooLargeError'
    this.code = 'BODY_TOO_LARGE'
  }
}

async function readLimited (request, maxBody) {
  if (request.bodyUsed) {
    throw new TypeError('the request body was already read (request.json()/text() ran first); call verifyRequest before anything reads the body')
  }
  if (common.tooLarge(request.headers.get('content-length'), maxBody)) throw new PayloadTooLargeError(maxBody)
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBody) {
      await reader.cancel()
      throw new PayloadTooLargeError(maxBody)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, size)
}

/**
 * Reads and verifies a Fetch-API Request; resolves to the Verified delivery
 * or rejects with WebhookVerificationError / PayloadTooLargeError.
 */
async function verifyRequest (wh, request, options = {}) {
  const body = await readLimited(request, options.maxBody ?? common.DEFAULT_MAX_BODY)
  return wh.verify(body, request.headers, { now: options.now })
}

/**
 * Wraps a route handler: (request, delivery, ...rest) runs only for genuine
 * deliveries, and with `options.dedup` once per delivery (a handled repeat
 * answers 200 {"status": "duplicate"}, one in flight 409; the claim is
 * released when the handler throws or answers 5xx).
 */
function withWebhook (wh, handler, options = {}) {
  return async function hookproofHandler (request, ...rest) {
    let delivery
    try {
      delivery = await verifyRequest(wh, request, options)
    } catch (err) {
      if (err instanceof PayloadTooLargeError) return Response.json({ error: 'body_too_large' }, { status: 413 })
      if (!(err instanceof WebhookVerificationError)) throw err
      const code = err.code.toLowerCase()
      const client = request.headers.get('x-forwarded-for')
      common.logRejected(options.logger, code, wh, request.headers, client)
      return Response.json({ error: code }, { status: 400 })
    }
    const logger = options.logger || console
    const how = { wh, requireKey: options.requireDedupKey !== false, client: request.headers.get('x-forwarded-for') }
    const { answer, claim } = await dedupSteps.begin(options.dedup, delivery, logger, how)
    if (answer) return Response.json(answer[1], { status: answer[0] })
    let response
    try {
      response = await handler(request, delivery, ...rest)
    } catch (err) {
      await dedupSteps.finish(options.dedup, claim, false, logger)
      throw err
    }
    await dedupSteps.finish(options.dedup, claim, !(response && response.status >= 500), logger)
    return response
  }
}

module.exports = { verifyRequest, withWebhook, PayloadTooLargeError }
