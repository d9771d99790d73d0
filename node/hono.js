'use strict'

// Hono middleware (any runtime Hono runs on where the native addon loads;
// the Node server here):
//
//   app.post('/hooks/cloro', webhook(wh), (c) => c.json({ id: c.get('webhook').id }))
//
// It reads c.req.raw (the Fetch Request) itself, at most maxBody bytes,
// verifies it, and sets c.get('webhook'). The answers, the settle rule and
// the URL of URL-signing senders are the core's (gate.js); options as for
// hookproof/express. A claim is settled by the response the handler made
// (an error Hono caught releases it).

const { Gate } = require('./gate')
const { readLimited, seenOf, respond } = require('./fetch')

function webhook (wh, options = {}) {
  const gate = new Gate(wh, options)
  return async function hookproofWebhook (c, next) {
    const request = c.req.raw
    const seen = seenOf(request, gate.trustForwarded)
    let body
    try {
      body = await readLimited(request, gate.maxBody)
    } catch (err) {
      if (err instanceof TypeError) return respond(gate.refuse('body_consumed', seen))
      throw err
    }
    if (body === null) return respond(gate.refuse('body_too_large', seen))
    const { delivery, answer } = gate.verify(body, seen, request)
    if (answer) return respond(answer)
    c.set('webhook', delivery)
    const begun = await gate.begin(delivery, seen)
    if (begun.answer) return respond(begun.answer)
    try {
      await next()
    } catch (err) {
      await gate.finish(begun.claim, null, seen)
      throw err
    }
    await gate.finish(begun.claim, c.error ? null : c.res.status, seen)
  }
}

module.exports = { webhook }
