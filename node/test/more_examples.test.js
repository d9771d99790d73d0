'use strict'

// The README's Koa and Hono quick starts (examples/), each served over a real
// server on loopback: a genuine cloro delivery, its retry, then a forgery.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const path = require('node:path')
const { listen, post } = require('./helpers')
const signers = require('./signers')

const SECRET = 'whsec_node_more_examples_secret_4c3b2a'
const EXAMPLES = path.join(__dirname, '..', '..', 'examples')

async function exercise (handler, name) {
  const { base, close } = await listen(http.createServer(handler))
  try {
    const body = JSON.stringify({ task: { id: `task-${name}` } })
    const headers = signers.cloro(SECRET, body, { id: `task-${name}-1` })
    const url = `${base}/hooks/cloro`
    assert.deepEqual((await post(url, body, headers)).body, { received: `task-${name}` })
    const retry = await post(url, body, { ...headers, 'x-cloro-webhook-id': `task-${name}-2` })
    assert.deepEqual([retry.status, retry.body], [200, { status: 'duplicate' }])
    const forged = await post(url, body, { ...headers, 'x-cloro-signature': 'v1=' + '0'.repeat(64) })
    assert.deepEqual([forged.status, forged.body], [400, { error: 'signature_mismatch' }])
  } finally {
    await close()
  }
}

test('examples/koa_app.js receives a delivery once and refuses a forgery', async () => {
  process.env.CLORO_WEBHOOK_SECRET = SECRET
  const app = require(path.join(EXAMPLES, 'koa_app.js'))
  await exercise(app.callback(), 'koa')
})

test('examples/hono_app.mjs receives a delivery once and refuses a forgery', async () => {
  process.env.CLORO_WEBHOOK_SECRET = SECRET
  const { app } = await import(path.join(EXAMPLES, 'hono_app.mjs'))
  const { getRequestListener } = require('@hono/node-server')
  await exercise(getRequestListener(app.fetch), 'hono')
})

test('examples/lambda_handler.mjs behind each AWS front door (a stand-in gateway): a delivery, then a forgery', async () => {
  process.env.CLORO_WEBHOOK_SECRET = SECRET
  const { handler } = await import(path.join(EXAMPLES, 'lambda_handler.mjs'))
  const { FORMATS, gateway } = require('./lambda_gateway')
  for (const fmt of FORMATS) {
    const { port, close } = await gateway(fmt, handler)
    try {
      const body = JSON.stringify({ task: { id: `task-lambda-${fmt}` } })
      const headers = signers.cloro(SECRET, body, { id: `task-lambda-${fmt}-1` })
      const url = `http://127.0.0.1:${port}/hooks/cloro`
      assert.deepEqual((await post(url, body, headers)).body, { received: `task-lambda-${fmt}` })
      const forged = await post(url, body, { ...headers, 'x-cloro-signature': 'v1=' + '0'.repeat(64) })
      assert.deepEqual([forged.status, forged.body], [400, { error: 'signature_mismatch' }])
    } finally {
      await close()
    }
  }
})
