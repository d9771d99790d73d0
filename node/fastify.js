'use strict'

// Fastify: verification in a `preParsing` hook, where the raw bytes are still
// a stream. The hook reads them (up to maxBody, 413 beyond), verifies, sets
// request.webhook, and hands the same bytes on to Fastify's own parser, so
// request.body is parsed as usual. Failures answer 400 {"error": code} and
// log one warning (request.log.warn unless a logger is given).
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
const { WebhookVerificationError } = require('./errors')
const common = require('./integration')
const dedupSteps = require('./dedup')

const kClaim = Symbol('hookproofClaim')

function preParsing (wh, options = {}) {
  const maxBody = options.maxBody ?? common.DEFAULT_MAX_BODY
  return async function hookproofPreParsing (request, reply, payload) {
    const logger = options.logger || request.log
    if (common.tooLarge(request.headers['content-length'], maxBody)) {
      reply.code(413).header('connection', 'close').send({ error: 'body_too_large' })
      return Readable.from([])
    }
    const chunks = []
    let size = 0
    for await (const chunk of payload) {
      size += chunk.length
      if (size > maxBody) {
        reply.code(413).header('connection', 'close').send({ error: 'body_too_large' })
        return Readable.from([])
      }
      chunks.push(chunk)
    }
    const body = Buffer.concat(chunks, size)
    try {
      request.webhook = wh.verify(body, request.headers)
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err
      const code = err.code.toLowerCase()
      common.logRejected(logger, code, wh, request.headers, request.ip)
      reply.code(400).send({ error: code })
      return Readable.from([])
    }
    const how = { wh, requireKey: options.requireDedupKey !== false, client: request.ip }
    const { answer, claim } = await dedupSteps.begin(options.dedup, request.webhook, logger, how)
    if (answer) {
      reply.code(answer[0]).send(answer[1])
      return Readable.from([])
    }
    request[kClaim] = claim
    const stream = Readable.from([body])
    stream.receivedEncodedLength = size
    return stream
  }
}

/**
 * Completes or releases the request's dedup claim just before the answer is
 * sent, so a repeat arriving after the sender saw 2xx is a duplicate.
 */
function onSend (options) {
  return async function hookproofOnSend (request, reply, payload) {
    const claim = request[kClaim]
    if (claim) {
      request[kClaim] = null
      await dedupSteps.finish(options.dedup, claim, reply.statusCode < 500, options.logger || request.log)
    }
    return payload
  }
}

/**
 * Route options that verify the route's deliveries: spread or pass them.
 * With `dedup` each delivery is handled once (see dedup.js).
 */
function verifyWebhook (wh, options = {}) {
  return { preParsing: preParsing(wh, options), onSend: onSend(options) }
}

/** A plugin: every route of the context it is registered in is verified. */
function hookproofPlugin (fastify, options, done) {
  if (!options || !options.webhook) return done(new TypeError('hookproofPlugin needs { webhook }'))
  fastify.decorateRequest('webhook', null)
  fastify.addHook('preParsing', preParsing(options.webhook, options))
  fastify.addHook('onSend', onSend(options))
  done()
}
// Apply to the registering context (what fastify-plugin does), not a child.
hookproofPlugin[Symbol.for('skip-override')] = true
hookproofPlugin[Symbol.for('fastify.display-name')] = 'hookproof'

module.exports = hookproofPlugin
module.exports.hookproofPlugin = hookproofPlugin
module.exports.verifyWebhook = verifyWebhook
module.exports.default = hookproofPlugin
