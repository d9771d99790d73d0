'use strict'

// Code the docs quote: each START/END region below is a snippet of
// README.md or docs/*.md (docs.test.js checks they are identical), and the
// test runs it.

const test = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const { Webhook: SenderWebhook } = require('..')

test('the docs snippets run', () => {
  const [newSecret, oldSecret] = ['whsec_docs_new_secret_value_1', 'whsec_docs_old_secret_value_2']
  const rawBody = Buffer.from('{"task":{"id":"b27a21e1-7c39-4aa2-a347-23e828c426f9"}}')
  const req = { headers: new SenderWebhook('cloro', oldSecret).sign(rawBody, { id: 'b27a21e1-7c39-4aa2-a347-23e828c426f9-1' }) }
  /** @type {import('hookproof').Verified | undefined} */
  let seen

  // START js-api
  const { Webhook, WebhookVerificationError } = require('hookproof')

  const wh = new Webhook('cloro', [newSecret, oldSecret], { tolerance: 300 }) // validated once, here
  try {
    const delivery = wh.verify(rawBody, req.headers) // Buffer/Uint8Array/string; object (any case) or Headers
    console.log(delivery.json(), delivery.dedupKey, delivery.keyIndex, delivery.timestamp)
    seen = delivery
  } catch (err) {
    if (err instanceof WebhookVerificationError) console.log('rejected:', err.code) // SIGNATURE_MISMATCH, ...
  }
  const testHeaders = wh.sign('{}') // the headers a sender attaches (for your own tests)
  // END js-api
  assert.equal(seen?.keyIndex, 1)
  assert.ok(testHeaders['X-Cloro-Signature'])

  const app = express()
  const cloro = wh
  /** @type {import('express').RequestHandler} */
  const handler = (req, res) => { res.json({}) }
  const redisClient = { sendCommand: async () => 'claimed' }
  // START js-dedup
  const { RedisDedup } = require('hookproof')
  const { verifyWebhook } = require('hookproof/express')
  app.post('/hooks/cloro', verifyWebhook(cloro, { dedup: new RedisDedup(redisClient) }), handler) // redis or ioredis
  // END js-dedup

  const rejectedBody = JSON.stringify(JSON.parse(rawBody.toString()), null, 2) // pretty-printed by a framework
  const secret = oldSecret
  // START js-explain
  const { explain } = require('hookproof')
  const found = explain(rejectedBody, req.headers, { scheme: 'cloro', secret })
  console.log(found.error) // SIGNATURE_MISMATCH
  for (const { mistake, fix } of found.findings) console.log(mistake, '-', fix) // body_reserialized - ...
  // END js-explain
  assert.equal(found.findings[0].mistake, 'body_reserialized')
  const retiredHeaders = new SenderWebhook('cloro', oldSecret).sign(rawBody, { timestamp: 1767225600 })
  // START js-expiry
  const retire = new Date('2025-12-31T23:59:59Z') // the old secret's last second
  const rotating = new Webhook('cloro', [newSecret, { secret: oldSecret, notAfter: retire }])
  try {
    rotating.verify(rawBody, retiredHeaders, { now: 1767225600 }) // 2026-01-01T00:00:00Z
  } catch (err) {
    if (err instanceof WebhookVerificationError) console.log(err.code, err.message) // SIGNATURE_MISMATCH ... past its not_after
  }
  // END js-expiry
  assert.throws(() => rotating.verify(rawBody, retiredHeaders, { now: 1767225600 }), /not_after/)
  // START js-identify
  const { identify } = require('hookproof')
  console.log(identify(req.headers)) // [ 'cloro' ]: presets whose signature header is there, most specific first
  // END js-identify
  assert.deepEqual(identify(req.headers), ['cloro'])
})
