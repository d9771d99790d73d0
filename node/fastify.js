'use strict'

// Fastify: verification in a `preParsing` hook, where the raw bytes are still
// a stream. The hook reads them (up to maxBody, 413 beyond, with or without a
// Content-Length), verifies, sets request.webhook, and hands the same bytes
// on to Fastify's own parser, so request.body is parsed as usual. The
// answers, the settle rule and the URL of URL-signing senders are the
// core's (gate.js); failures log one warning (request.log.warn unless a
// logger is given).
//
//   fastify.post('/hooks/cloro', verifyWebhook(wh), async (request) => request.webhook)
//
// or, for every route of an encapsulated context, the plugin:
//
//   fastify.register(async (app) => {
//     await app.register(hookproofPlugin, { webhook: wh })
//     app.post('/hooks/cloro', async (request) => request.webhook)
//   })

const { Readable } = require('node:stream')
const { Gate, lengthOf, readBounded } = require('./gate')

const kClaim = Symbol('hookproofClaim')

function seenOf (request, logger) {
  const raw = request.raw
  return {
    headers: request.headers,
    client: request.ip,
    method: request.method,
    scheme: raw.socket && raw.socket.encrypted ? 'https' : 'http',
    host: request.headers.host,
    target: raw.url,
    logger,
    started: performance.now()
  }
}

function refuse (reply, [status, body], close = false) {
  if (close) reply.header('connection', 'close')
  reply.code(status).type('application/json; charset=utf-8').send(body)
  return Readable.from([])
}

function preParsing (root, options) {
  return async function hookproofPreParsing (request, reply, payload) {
    const seen = seenOf(request, options.logger || request.log)
    const { gate, answer: unknown } = await root.forRequest(seen, request)
    if (unknown) return refuse(reply, unknown)
    const declared = gate.tooLarge(request.headers['content-length'], seen)
    if (declared) return refuse(reply, declared, true)
    const body = await readBounded(payload, gate.maxBody)
    if (body === null) return refuse(reply, gate.refuse('body_too_large', seen), true)
    if (body.length === 0 && lengthOf(request.headers['content-length'])) {
      // An earlier hook read the stream: nothing is left to verify.
      return refuse(reply, gate.refuse('body_consumed', seen))
    }
    const { delivery, answer } = await gate.verify(body, seen, request)
    if (answer) return refuse(reply, answer)
    request.webhook = delivery
    const begun = await gate.begin(delivery, seen)
    if (begun.answer) return refuse(reply, begun.answer)
    request[kClaim] = begun.claim
    const stream = Readable.from([body])
    stream.receivedEncodedLength = body.length
    return stream
  }
}

/**
 * Settles the request's dedup claim by the status of the answer, just before
 * it is sent (a handler that threw is answered by Fastify with the error's
 * status, 500 for a plain error), so a repeat arriving after the sender saw
 * 2xx is a duplicate.
 */
function onSend (gate, options) {
  return async function hookproofOnSend (request, reply, payload) {
    const claim = request[kClaim]
    if (claim) {
      request[kClaim] = null
      await gate.finish(claim, reply.statusCode, { logger: options.logger || request.log })
    }
    return payload
  }
}

/**
 * Route options that verify the route's deliveries: spread or pass them.
 * Options as for hookproof/express.
 */
function verifyWebhook (wh, options = {}) {
  const gate = new Gate(wh, options)
  return { preParsing: preParsing(gate, options), onSend: onSend(gate, options) }
}

/** A plugin: every route of the context it is registered in is verified. */
function hookproofPlugin (fastify, options, done) {
  if (!options || !options.webhook) return done(new TypeError('hookproofPlugin needs { webhook }'))
  const gate = new Gate(options.webhook, options)
  fastify.decorateRequest('webhook', null)
  fastify.addHook('preParsing', preParsing(gate, options))
  fastify.addHook('onSend', onSend(gate, options))
  done()
}
// Apply to the registering context (what fastify-plugin does), not a child.
hookproofPlugin[Symbol.for('skip-override')] = true
hookproofPlugin[Symbol.for('fastify.display-name')] = 'hookproof'

module.exports = hookproofPlugin
module.exports.hookproofPlugin = hookproofPlugin
module.exports.verifyWebhook = verifyWebhook
module.exports.default = hookproofPlugin
