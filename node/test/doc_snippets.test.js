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

test('the multi-tenant snippet picks each tenant\'s Webhook', async () => {
  const app = express()
  const loadTenants = () => [{ slug: 'acme', webhookSecret: 'whsec_docs_acme_secret_value_1' }]
  // START js-tenants
  const { Webhook } = require('hookproof')
  const { verifyWebhook } = require('hookproof/express')

  const tenants = new Map(loadTenants().map((t) => [t.slug, new Webhook('cloro', t.webhookSecret, { tenant: t.slug })])) // built once
  /** @param {import('express').Request} req */
  const webhookFor = (req) => tenants.get(String(req.params.tenant)) ?? null // null answers 404 unknown_tenant
  app.post('/hooks/:tenant/cloro', verifyWebhook(webhookFor), (req, res) => res.json({ id: req.webhook.dedupKey }))
  // END js-tenants
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const base = `http://127.0.0.1:${address.port}`
  try {
    const body = '{"task":{"id":"t-1"}}'
    const headers = new SenderWebhook('cloro', 'whsec_docs_acme_secret_value_1').sign(body, { id: 't-1-1' })
    const acme = await fetch(`${base}/hooks/acme/cloro`, { method: 'POST', body, headers })
    assert.deepEqual(await acme.json(), { id: 't-1' })
    assert.equal((await fetch(`${base}/hooks/initech/cloro`, { method: 'POST', body, headers })).status, 404)
  } finally {
    server.close()
  }
})

test('the sender snippet signs with a shared secret and with an RSA private key', () => {
  const crypto = require('node:crypto')
  const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' })
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' })
  const endpointSecret = 'whsec_c2VuZGVyX3NpZGVfc2VjcmV0X2Zvcl9kb2Nz'
  const body = '{"type":"invoice.paid"}'
  // START js-sender
  const { Scheme, Webhook } = require('hookproof')

  const standard = new Webhook('standard', endpointSecret) // HMAC: one secret per endpoint
  const headers = standard.sign(body) // webhook-id, webhook-timestamp, webhook-signature

  const acme = new Scheme({
    name: 'acme',
    signature_header: 'X-Acme-Signature',
    signature_format: { list: { prefix: '', separators: ' ' } },
    timestamp_header: 'X-Acme-Timestamp',
    message: '{timestamp}.{body}',
    algorithm: 'rsa-sha256', // or ed25519 (whsk_ keys), ecdsa-p256-sha256
    key: 'rsa', // a PKCS#8 or PKCS#1 private key, PEM or base64 DER
    encoding: 'base64'
  })
  const signed = new Webhook(acme, privateKeyPem).sign(body) // receivers verify with the public key
  // END js-sender
  assert.ok(standard.verify(body, headers).timestamp)
  assert.ok(new Webhook(acme, publicKeyPem).verify(body, signed).timestamp)
})
