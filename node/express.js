'use strict'

// Express (and plain node:http / Connect) middleware:
//
//   app.post('/hooks/cloro', verifyWebhook(wh), (req, res) => { req.webhook; req.body })
//
// It reads the raw body itself (up to maxBody bytes, 413 beyond), verifies
// it, and sets req.webhook (the Verified delivery) and req.body (the parsed
// JSON, or the raw Buffer when the body is not JSON). Failures answer 400
// {"error": code} and log one warning. When a body parser already consumed
// the stream it answers 500 {"error": "body_consumed"} and logs how to fix
// the mounting order; a Buffer left by express.raw() is used as is.

const { WebhookVerificationError } = require('./errors')
const common = require('./integration')
const dedupSteps = require('./dedup')

function send (res, status, code) {
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.end(common.answer(code))
}

/**
 * @param {import('./index').Webhook} wh
 * @param {{maxBody?: number, logger?: {warn: Function, error?: Function}, dedup?: object}} [options]
 *   With `dedup` (MemoryDedup or RedisDedup) each delivery is handled once: a
 *   handled repeat answers 200 {"status": "duplicate"}, one in flight 409; the
 *   claim is released when the handler errors or answers 5xx.
 */
function verifyWebhook (wh, options = {}) {
  const maxBody = options.maxBody ?? common.DEFAULT_MAX_BODY
  const logger = options.logger || console
  const store = options.dedup

  async function claimThenNext (req, res, next, delivery) {
    const how = { wh, requireKey: options.requireDedupKey !== false, client: req.socket && req.socket.remoteAddress }
    const { answer, claim } = await dedupSteps.begin(store, delivery, logger, how)
    if (answer) {
      res.statusCode = answer[0]
      res.setHeader('content-type', 'application/json; charset=utf-8')
      return res.end(JSON.stringify(answer[1]))
    }
    if (claim) {
      // Complete (or release) before the answer leaves, so a repeat that
      // arrives after the sender saw 2xx is always seen as a duplicate.
      let settled = false
      const end = res.end
      res.end = function (...args) {
        res.end = end
        settled = true
        dedupSteps.finish(store, claim, res.statusCode < 500, logger).finally(() => end.apply(res, args))
        return res
      }
      res.on('close', () => {
        if (!settled) {
          settled = true
          dedupSteps.finish(store, claim, false, logger)
        }
      })
    }
    next()
  }

  function finish (req, res, next, body) {
    let delivery
    try {
      delivery = wh.verify(body, req.headers)
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) return next(err)
      const code = err.code.toLowerCase()
      common.logRejected(logger, code, wh, req.headers, req.socket && req.socket.remoteAddress)
      return send(res, 400, code)
    }
    req.webhook = delivery
    try {
      req.body = delivery.json()
    } catch {
      req.body = delivery.body
    }
    claimThenNext(req, res, next, delivery).catch(next)
  }

  return function hookproofVerify (req, res, next) {
    if (Buffer.isBuffer(req.body)) {
      // express.raw() kept the exact bytes: verify those.
      if (req.body.length > maxBody) return send(res, 413, 'body_too_large')
      return finish(req, res, next, req.body)
    }
    if (req._body === true || req.readableEnded) {
      ;(logger.error || logger.warn).call(logger, `webhook not verified: ${common.BODY_CONSUMED_HELP}`)
      return send(res, 500, 'body_consumed')
    }
    if (common.tooLarge(req.headers['content-length'], maxBody)) {
      res.setHeader('connection', 'close')
      req.resume()
      return send(res, 413, 'body_too_large')
    }
    const chunks = []
    let size = 0
    let stopped = false
    req.on('data', (chunk) => {
      if (stopped) return
      size += chunk.length
      if (size > maxBody) {
        stopped = true
        res.setHeader('connection', 'close')
        send(res, 413, 'body_too_large')
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!stopped) finish(req, res, next, Buffer.concat(chunks, size))
    })
    req.on('error', (err) => {
      if (!stopped) {
        stopped = true
        next(err)
      }
    })
  }
}

module.exports = { verifyWebhook }
