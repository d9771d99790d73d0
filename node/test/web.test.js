'use strict'

// hookproof/web: Fetch-API Requests, called directly (as Next.js does) and
// over real HTTP through a node:http server that hands Requests to the
// README's Next.js route handler.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const path = require('node:path')
const { Readable } = require('node:stream')
const { pathToFileURL } = require('node:url')
const { Webhook, WebhookVerificationError } = require('..')
const { verifyRequest, PayloadTooLargeError } = require('../web')
const signers = require('./signers')
const { listen, post } = require('./helpers')

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const BODY = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_1' } })

const request = (body, headers) => new Request('http://localhost/api/hooks', { method: 'POST', body, headers })

async function route () {
  process.env.STANDARD_WEBHOOK_SECRET = SECRET
  return import(pathToFileURL(path.join(__dirname, '..', '..', 'examples', 'next_route.mjs')).href)
}

test('the README route handler, called with Requests', async () => {
  const { POST } = await route()
  const ok = await POST(request(BODY, signers.standard(SECRET, BODY, { id: 'msg_web' })))
  assert.deepEqual([ok.status, await ok.json()], [200, { id: 'msg_web', type: 'invoice.paid' }])
  const bad = await POST(request(BODY, signers.standard(SECRET, '{}')))
  assert.deepEqual([bad.status, await bad.json()], [400, { error: 'signature_mismatch' }])
})

test('the route handler over real HTTP', async () => {
  const { POST } = await route()
  const server = http.createServer(async (req, res) => {
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) headers.set(k, v)
    const response = await POST(new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method, headers, body: Readable.toWeb(req), duplex: 'half'
    }))
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  const s = await listen(server)
  try {
    const ok = await post(`${s.base}/api/hooks`, BODY, signers.standard(SECRET, BODY, { id: 'msg_http' }))
    assert.deepEqual([ok.status, ok.body], [200, { id: 'msg_http', type: 'invoice.paid' }])
    const stale = await post(`${s.base}/api/hooks`, BODY, signers.standard(SECRET, BODY, { ts: 1 }))
    assert.deepEqual([stale.status, stale.body], [400, { error: 'timestamp_too_old' }])
  } finally {
    await s.close()
  }
})

test('verifyRequest: typed failures, size limit, body already read', async () => {
  const wh = new Webhook('standard', SECRET)
  const v = await verifyRequest(wh, request(BODY, signers.standard(SECRET, BODY)))
  assert.equal(v.json().type, 'invoice.paid')
  await assert.rejects(verifyRequest(wh, request(BODY, {})), (e) => e instanceof WebhookVerificationError && e.code === 'MISSING_HEADER')
  await assert.rejects(verifyRequest(wh, request(BODY, signers.standard(SECRET, BODY)), { maxBody: 10 }), PayloadTooLargeError)
  const used = request(BODY, signers.standard(SECRET, BODY))
  await used.text()
  await assert.rejects(verifyRequest(wh, used), /already read/)
})
