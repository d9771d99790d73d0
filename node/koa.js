'use strict'

// Koa middleware:
//
//   router.post('/hooks/cloro', verifyWebhook(wh), (ctx) => { ctx.state.webhook })
//
// It reads the raw body itself (up to maxBody bytes, 413 beyond, with or
// without a Content-Length) before any body parser, verifies it, and sets
// ctx.state.webhook (the Verified delivery) and ctx.request.body (the parsed
// JSON, or the raw Buffer). The answers, the settle rule and the URL of
// URL-signing senders are the core's (gate.js); options as for
// hookproof/express. A claim is settled by the status the downstream
// middleware set, before Koa writes the answer.

const { Gate, readStream, statusOf } = require('./gate')

function send (ctx, [status, body]) {
  ctx.status = status
  ctx.type = 'application/json'
  ctx.body = body
}

function seenOf (ctx) {
  const socket = ctx.req.socket || {}
  return {
    headers: ctx.req.headers,
    client: socket.remoteAddress,
    method: ctx.method,
    scheme: socket.encrypted ? 'https' : 'http',
    host: ctx.req.headers.host,
    target: ctx.originalUrl,
    started: performance.now()
  }
}

function verifyWebhook (wh, options = {}) {
  const root = new Gate(wh, options)
  return async function hookproofVerify (ctx, next) {
    const seen = seenOf(ctx)
    const { gate, answer: unknown } = await root.forRequest(seen, ctx)
    if (unknown) return send(ctx, unknown)
    if (ctx.req.readableEnded) return send(ctx, gate.refuse('body_consumed', seen))
    const declared = gate.tooLarge(ctx.get('content-length'), seen)
    if (declared) {
      ctx.set('connection', 'close')
      ctx.req.resume()
      return send(ctx, declared)
    }
    const body = await readStream(ctx.req, gate.maxBody)
    if (body === null) {
      ctx.set('connection', 'close')
      return send(ctx, gate.refuse('body_too_large', seen))
    }
    const { delivery, answer } = await gate.verify(body, seen, ctx.request)
    if (answer) return send(ctx, answer)
    ctx.state.webhook = delivery
    try {
      ctx.request.body = delivery.json()
    } catch {
      ctx.request.body = delivery.body
    }
    const begun = await gate.begin(delivery, seen)
    if (begun.answer) return send(ctx, begun.answer)
    try {
      await next()
    } catch (err) {
      // ctx.throw(404) is an answer with a status; anything else a 500.
      await gate.finish(begun.claim, statusOf(err), seen)
      throw err
    }
    await gate.finish(begun.claim, ctx.status, seen)
  }
}

module.exports = { verifyWebhook }
