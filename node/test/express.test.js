'use strict'

// hookproof/express over real HTTP on loopback, on the README's example app
// and on apps that get the mounting order wrong.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const express = require('express')
const { Webhook } = require('..')
const { verifyWebhook } = require('../express')
const signers = require('./signers')
const { listen, post, postChunked, recorder } = require('./helpers')

const SECRET = 'whsec_express_example_secret_19'
const BODY = JSON.stringify({ task: { id: 'b27a21e1-7c39-4aa2-a347-23e828c426f9' } })

test('the README example app answers genuine and forged deliveries', async () => {
  process.env.CLORO_WEBHOOK_SECRET = SECRET
  const app = require(path.join(__dirname, '..', '..', 'examples', 'express_app.js'))
  const server = await listen(app)
  try {
    const url = `${server.base}/hooks/cloro`
    const ok = await post(url, BODY, signers.cloro(SECRET, BODY, { id: 'b27a21e1-7c39-4aa2-a347-23e828c426f9-3' }))
    assert.deepEqual([ok.status, ok.body], [200, { received: 'b27a21e1-7c39-4aa2-a347-23e828c426f9', dedupKey: 'b27a21e1-7c39-4aa2-a347-23e828c426f9' }])
    const tampered = await post(url, BODY.replace('b27a', 'c27a'), signers.cloro(SECRET, BODY))
    assert.deepEqual([tampered.status, tampered.body], [400, { error: 'signature_mismatch' }])
    const stale = await post(url, BODY, signers.cloro(SECRET, BODY, { ts: Math.floor(Date.now() / 1000) - 301 }))
    assert.deepEqual([stale.status, stale.body], [400, { error: 'timestamp_too_old' }])
    const unsigned = await post(url, BODY, {})
    assert.deepEqual([unsigned.status, unsigned.body], [400, { error: 'missing_header' }])
    const chunked = await postChunked(url, [BODY.slice(0, 10), BODY.slice(10)], signers.cloro(SECRET, BODY))
    assert.equal(chunked.status, 200)
  } finally {
    await server.close()
  }
})

function appWith (setup, options) {
  const app = express()
  const wh = new Webhook('fileloom', 'fileloom_express_secret')
  setup(app)
  app.post('/hook', verifyWebhook(wh, options), (req, res) => res.json({ event: req.webhook.event, body: req.body }))
  return app
}

test('failures are logged once each, sanitized, without secret or signature', async () => {
  const logger = recorder()
  const server = await listen(appWith(() => {}, { logger }))
  try {
    const headers = signers.fileloom('fileloom_express_secret', BODY, { delivery: 'dlv_7\tFAKE' })
    const r = await post(`${server.base}/hook`, BODY + ' ', headers)
    assert.equal(r.status, 400)
    assert.equal(logger.lines.length, 1)
    const [level, line] = logger.lines[0]
    assert.equal(level, 'warn')
    assert.match(line, /^webhook rejected: code=signature_mismatch scheme=fileloom delivery=dlv_7\?FAKE client=127\.0\.0\.1$/)
    assert.ok(!line.includes(headers['x-fileloom-signature'].slice(7, 20)))
  } finally {
    await server.close()
  }
})

test('a body parser mounted first is reported, not mistaken for a forgery', async () => {
  const logger = recorder()
  const server = await listen(appWith((app) => app.use(express.json()), { logger }))
  try {
    const r = await post(`${server.base}/hook`, BODY, signers.fileloom('fileloom_express_secret', BODY))
    assert.deepEqual([r.status, r.body], [500, { error: 'body_consumed' }])
    assert.match(logger.lines[0][1], /already read.*express\.json\(\)/)
  } finally {
    await server.close()
  }
})

test('express.raw() before the middleware keeps the exact bytes, which verify', async () => {
  const server = await listen(appWith((app) => app.use(express.raw({ type: '*/*' }))))
  try {
    const r = await post(`${server.base}/hook`, BODY, signers.fileloom('fileloom_express_secret', BODY))
    assert.deepEqual([r.status, r.body.event, r.body.body], [200, 'pdf.generated', JSON.parse(BODY)])
  } finally {
    await server.close()
  }
})

test('bodies over maxBody answer 413, with or without Content-Length', async () => {
  const server = await listen(appWith(() => {}, { maxBody: 64 }))
  try {
    const big = 'x'.repeat(65)
    const headers = signers.fileloom('fileloom_express_secret', big)
    assert.deepEqual(await post(`${server.base}/hook`, big, headers).then((r) => [r.status, r.body]), [413, { error: 'body_too_large' }])
    const chunked = await postChunked(`${server.base}/hook`, [big.slice(0, 40), big.slice(40)], headers)
    assert.deepEqual([chunked.status, chunked.body], [413, { error: 'body_too_large' }])
    const fits = 'y'.repeat(64)
    const ok = await post(`${server.base}/hook`, fits, signers.fileloom('fileloom_express_secret', fits))
    assert.deepEqual([ok.status, ok.body.body], [200, { type: 'Buffer', data: [...Buffer.from(fits)] }])
  } finally {
    await server.close()
  }
})
