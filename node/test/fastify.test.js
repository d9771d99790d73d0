'use strict'

// hookproof/fastify over real HTTP on loopback: the README's example app,
// the plugin form, and the body limit.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const Fastify = require('fastify')
const { Webhook } = require('..')
const hookproofPlugin = require('../fastify')
const signers = require('./signers')
const { post, postChunked, recorder } = require('./helpers')

const SECRET = 'fileloom_fastify_secret_value'
const BODY = JSON.stringify({ id: 'evt_1', event: 'pdf.generated', data: { fileId: 'file_xyz789' } })

async function start (app) {
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  return { base, close: () => app.close() }
}

test('the README example app over real HTTP', async () => {
  process.env.FILELOOM_WEBHOOK_SECRET = SECRET
  const app = require(path.join(__dirname, '..', '..', 'examples', 'fastify_app.js'))
  const server = await start(app)
  try {
    const url = `${server.base}/hooks/fileloom`
    const ok = await post(url, BODY, signers.fileloom(SECRET, BODY))
    assert.deepEqual([ok.status, ok.body], [200, { event: 'pdf.generated', file: 'file_xyz789' }])
    const bad = await post(url, BODY + '\n', signers.fileloom(SECRET, BODY))
    assert.deepEqual([bad.status, bad.body], [400, { error: 'signature_mismatch' }])
    const headers = signers.fileloom(SECRET, BODY)
    headers['x-fileloom-signature'] = headers['x-fileloom-signature'].slice(7)
    const bare = await post(url, BODY, headers)
    assert.deepEqual([bare.status, bare.body], [400, { error: 'malformed_header' }])
  } finally {
    await server.close()
  }
})

test('the plugin verifies every route of its context, and only those', async () => {
  const logger = recorder()
  const app = Fastify()
  const wh = new Webhook('fileloom', SECRET)
  app.register(async (hooks) => {
    await hooks.register(hookproofPlugin, { webhook: wh, logger, maxBody: 512 })
    hooks.post('/hooks/a', async (request) => ({ id: request.webhook.id, file: request.body.data.fileId }))
  })
  app.post('/open', async (request) => ({ webhook: request.webhook ?? null, body: request.body }))
  const server = await start(app)
  try {
    const ok = await post(`${server.base}/hooks/a`, BODY, signers.fileloom(SECRET, BODY, { delivery: 'dlv_9' }))
    assert.deepEqual([ok.status, ok.body], [200, { id: 'dlv_9', file: 'file_xyz789' }])
    const forged = await post(`${server.base}/hooks/a`, BODY, signers.fileloom('wrong-secret', BODY))
    assert.deepEqual([forged.status, forged.body], [400, { error: 'signature_mismatch' }])
    assert.match(logger.lines[0][1], /code=signature_mismatch scheme=fileloom delivery=dlv_1/)
    const open = await post(`${server.base}/open`, BODY, {})
    assert.deepEqual([open.status, open.body.webhook], [200, null])
    const big = 'z'.repeat(513)
    const tooBig = await postChunked(`${server.base}/hooks/a`, [big], signers.fileloom(SECRET, big))
    assert.deepEqual([tooBig.status, tooBig.body], [413, { error: 'body_too_large' }])
  } finally {
    await server.close()
  }
})
