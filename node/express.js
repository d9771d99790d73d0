'use strict'

// Express (and plain node:http / Connect) middleware:
//
//   app.post('/hooks/cloro', verifyWebhook(wh), (req, res) => { req.webhook; req.body })
//
// It reads the raw body itself (up to maxBody bytes, 413 beyond, with or
// without a Content-Length), verifies it, and sets req.webhook (the Verified
// delivery) and req.body (the parsed JSON, or the raw Buffer when the body is
// not JSON). The answers, the settle rule and the URL of URL-signing senders
// are the core's (gate.js). When a body parser already consumed the stream it
// answers 500 {"error": "body_consumed"} and logs how to fix the mounting
// order; a Buffer left by express.raw() is used as is.

const { Gate, readStream, seenOfRequest, settleBeforeEnd } = require('./gate')

function send (res, [status, body]) {
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.end(body)
}

/**
 * @param {import('./index').Webhook | ((req) => import('./index').Webhook | null | Promise<import('./index').Webhook | null>)} wh
 *   the Webhook, or a function of the request that picks the tenant's
 * @param {object} [options] maxBody, logger, dedup (MemoryDedup or
 *   RedisDedup: each delivery handled once; a handled repeat answers 200
 *   {"status": "duplicate"}, one in flight 409; the claim is released when the
 *   handler errors or answers 5xx, 408, 425 or 429), requireDedupKey,
 *   publicUrl, trustForwarded, onReject
 */
function verifyWebhook (wh, options = {}) {
  const root = new Gate(wh, options)

  async function claimThenNext (gate, req, res, next, delivery, seen) {
    const { answer, claim } = await gate.begin(delivery, seen)
    if (answer) return send(res, answer)
    if (claim) settleBeforeEnd(gate, claim, res, seen)
    next()
  }

  async function verified (gate, req, res, next, body, seen) {
    const { delivery, answer } = await gate.verify(body, seen, req)
    if (answer) return send(res, answer)
    req.webhook = delivery
    try {
      req.body = delivery.json()
    } catch {
      req.body = delivery.body
    }
    await claimThenNext(gate, req, res, next, delivery, seen)
  }

  function tooLarge (gate, res, seen) {
    res.setHeader('connection', 'close')
    send(res, gate.refuse('body_too_large', seen))
  }

  function admitted (gate, req, res, next, seen) {
    if (Buffer.isBuffer(req.body)) {
      // express.raw() kept the exact bytes: verify those.
      if (req.body.length > gate.maxBody) return tooLarge(gate, res, seen)
      return verified(gate, req, res, next, req.body, seen).catch(next)
    }
    if (req._body === true || req.readableEnded) return send(res, gate.refuse('body_consumed', seen))
    const declared = gate.tooLarge(req.headers['content-length'], seen)
    if (declared) {
      res.setHeader('connection', 'close')
      req.resume()
      return send(res, declared)
    }
    // Chunks past the limit are dropped as they arrive (the socket is kept
    // for the answer): a request over the limit holds no more than it.
    readStream(req, gate.maxBody).then((body) => {
      if (body === null) return tooLarge(gate, res, seen)
      return verified(gate, req, res, next, body, seen)
    }).catch(next) // a stream error, or a publicUrl that threw: the app's error handler answers
  }

  return function hookproofVerify (req, res, next) {
    const seen = seenOfRequest(req)
    if (!root.webhookFor) return admitted(root, req, res, next, seen)
    // A multi-tenant app: the tenant's Webhook first (nothing is read
    // for a tenant that does not exist).
    root.forRequest(seen, req).then(({ gate, answer }) => {
      if (!answer) return admitted(gate, req, res, next, seen)
      req.resume()
      send(res, answer)
    }).catch(next)
  }
}

module.exports = { verifyWebhook }
