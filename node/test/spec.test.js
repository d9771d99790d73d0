'use strict'

// Every Node adapter against the integration spec
// (tests/vectors/integration/integration.json), each over a real server on
// loopback: Express, Fastify, and hookproof/web behind node:http (the body a
// streamed Fetch Request). The same cases run against every Python adapter.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')
const http = require('node:http')
const { Readable } = require('node:stream')

const { Webhook, MemoryDedup, RedisDedup } = require('..')
const { listen } = require('./helpers')
const { FAILED, FORMATS, gateway } = require('./lambda_gateway')

const SPEC = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'integration', 'integration.json'), 'utf8'))

/** A chunked body larger than this is sent only this far, without its last chunk. */
const STALL_AFTER = 64 * 1024

const quiet = { warn () {}, error () {} }

/** What the app's handler does for the next request, and what happened. */
class App {
  constructor () { Object.assign(this, { behaviour: 'ok', consume: false, ran: false, rejected: [] }) }
  /** Runs the behaviour; the status to answer (throws for `raise`). */
  handle () {
    this.ran = true
    if (this.behaviour === 'raise') throw new Error('the handler failed')
    return this.behaviour.startsWith('status:') ? Number(this.behaviour.slice(7)) : 200
  }
}

async function closedPort () {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function optionsFor (c, app) {
  const { dedup, max_body: maxBody, require_dedup_key: requireDedupKey, public_url: publicUrl, trust_forwarded: trustForwarded } = c.options
  const options = { logger: quiet, onReject: (r) => app.rejected.push(r.code) }
  if (maxBody !== undefined) options.maxBody = maxBody
  if (requireDedupKey !== undefined) options.requireDedupKey = requireDedupKey
  if (publicUrl !== undefined) options.publicUrl = publicUrl
  if (trustForwarded !== undefined) options.trustForwarded = trustForwarded
  if (dedup === 'memory') options.dedup = new MemoryDedup()
  if (dedup === 'redis_unreachable') {
    // node-redis aimed at a closed port, not retrying: every command fails.
    const { createClient } = require('redis')
    const client = createClient({ socket: { host: '127.0.0.1', port: await closedPort(), reconnectStrategy: false } })
    client.on('error', () => {})
    await client.connect().catch(() => {})
    options.dedup = new RedisDedup(client)
  }
  return options
}

const ADAPTERS = {
  express (wh, options, app) {
    const express = require('express')
    const { verifyWebhook } = require('../express')
    const server = express()
    server.use((req, res, next) => {
      if (!app.consume) return next()
      req.on('data', () => {}) // a parser that read the body and kept nothing
      req.on('end', () => next())
    })
    server.post('/*splat', verifyWebhook(wh, options), (req, res) => {
      res.status(app.handle()).json({ handled: true })
    })
    server.use((err, req, res, next) => { res.status(500).end(String(err && err.message)) })
    return http.createServer(server)
  },
  fastify (wh, options, app) {
    const Fastify = require('fastify')
    const { verifyWebhook } = require('../fastify')
    const fastify = Fastify()
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!app.consume) return done()
      request.raw.on('data', () => {}) // a hook that read the body and kept nothing
      request.raw.on('end', () => done())
    })
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => done(null, body))
    fastify.post('/*', verifyWebhook(wh, options), async (request, reply) => {
      reply.code(app.handle())
      return { handled: true }
    })
    return fastify
  },
  koa (wh, options, app) {
    const Koa = require('koa')
    const { verifyWebhook } = require('../koa')
    const koa = new Koa()
    koa.silent = true
    koa.use(async (ctx, next) => {
      if (app.consume) await new Promise((resolve) => { ctx.req.on('data', () => {}); ctx.req.on('end', resolve) })
      await next()
    })
    koa.use(verifyWebhook(wh, options))
    koa.use(async (ctx) => {
      assert.ok(ctx.state.webhook)
      ctx.status = app.handle()
      ctx.body = { handled: true }
    })
    return http.createServer(koa.callback())
  },
  hono (wh, options, app) {
    const { Hono } = require('hono')
    const { getRequestListener } = require('@hono/node-server')
    const { webhook } = require('../hono')
    const hono = new Hono()
    hono.use('*', async (c, next) => {
      if (app.consume) await c.req.raw.text() // a parser that read the body first
      await next()
    })
    hono.post('/*', webhook(wh, options), (c) => {
      assert.ok(c.get('webhook'))
      return c.json({ handled: true }, app.handle())
    })
    return http.createServer(getRequestListener(hono.fetch))
  },
  ...Object.fromEntries(FORMATS.map((fmt) => [`lambda-${fmt}`, (wh, options, app) => {
    const { withWebhook } = require('../lambda')
    return withWebhook(wh, async (event, delivery) => {
      assert.ok(delivery.body)
      return { statusCode: app.handle(), headers: { 'content-type': 'application/json' }, body: '{"handled": true}' }
    }, options)
  }])),
  web (wh, options, app) {
    const { withWebhook } = require('../web')
    const handler = withWebhook(wh, async () => Response.json({ handled: true }, { status: app.handle() }), options)
    return http.createServer(async (req, res) => {
      try {
        const body = app.consume ? null : Readable.toWeb(req)
        const request = new Request(`http://${req.headers.host}${req.url}`, {
          method: req.method, headers: req.headers, body, duplex: 'half'
        })
        if (app.consume) await new Promise((resolve) => { req.on('data', () => {}); req.on('end', resolve) })
        const response = app.consume ? await handler(consumed(request)) : await handler(request)
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      } catch (err) {
        res.writeHead(500).end(String(err && err.message))
      }
    })
  }
}

/** A Request whose body a parser already read (`request.json()` ran first). */
function consumed (request) {
  const copy = new Request(request.url, { method: 'POST', headers: request.headers, body: 'x' })
  copy.text() // reads it: bodyUsed becomes true at once
  return copy
}

async function serve (adapter, server) {
  if (adapter.startsWith('lambda-')) return gateway(adapter.slice(7), server)
  if (adapter === 'fastify') {
    await server.listen({ port: 0, host: '127.0.0.1' })
    return { port: server.server.address().port, close: () => server.close() }
  }
  const { base, close } = await listen(server)
  return { port: Number(new URL(base).port), close }
}

/** Sends one spec request on a raw socket; resolves to [status, body]. */
function send (port, request) {
  const body = request.body_size !== undefined ? Buffer.alloc(request.body_size, 'a') : Buffer.from(request.body)
  const headers = request.headers.map(([k, v]) => [k, v])
  const names = new Set(headers.map(([k]) => k.toLowerCase()))
  if (!names.has('host')) headers.push(['Host', `127.0.0.1:${port}`])
  if (!names.has('content-type')) headers.push(['Content-Type', 'application/json'])
  headers.push(request.chunked ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(body.length)])
  headers.push(['Connection', 'close'])
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const received = []
    socket.setTimeout(10_000, () => { socket.destroy(); reject(new Error('no answer in 10 s')) })
    socket.on('data', (d) => received.push(d))
    socket.on('error', () => {}) // an early answer and close; parse what came
    socket.on('close', () => {
      try { resolve(parse(Buffer.concat(received))) } catch (err) { reject(err) }
    })
    socket.write(head)
    if (!request.chunked) return socket.write(body)
    const stall = body.length > STALL_AFTER
    const sent = stall ? body.subarray(0, STALL_AFTER) : body
    for (let i = 0; i < sent.length; i += 16 * 1024) {
      const piece = sent.subarray(i, i + 16 * 1024)
      socket.write(`${piece.length.toString(16)}\r\n`)
      socket.write(piece)
      socket.write('\r\n')
    }
    if (!stall) socket.write('0\r\n\r\n')
    else {
      // Answered early: close our side once the answer is complete.
      socket.on('data', () => {
        const text = Buffer.concat(received).toString('latin1')
        const at = text.indexOf('\r\n\r\n')
        const length = /content-length: *(\d+)/i.exec(text)
        if (at >= 0 && length && text.length - at - 4 >= Number(length[1])) socket.destroy()
      })
    }
  })
}

function parse (data) {
  const text = data.toString('latin1')
  const at = text.indexOf('\r\n\r\n')
  if (at < 0) throw new Error(`no complete response: ${JSON.stringify(text.slice(0, 200))}`)
  const status = Number(text.slice(9, 12))
  let body = data.subarray(Buffer.byteLength(text.slice(0, at + 4), 'latin1'))
  if (/transfer-encoding: *chunked/i.test(text.slice(0, at))) body = dechunk(body)
  return [status, body.toString('utf8')]
}

function dechunk (data) {
  const out = []
  let rest = data
  for (;;) {
    const line = rest.indexOf('\r\n')
    const size = parseInt(rest.subarray(0, line).toString('latin1'), 16)
    if (!size) break
    out.push(rest.subarray(line + 2, line + 2 + size))
    rest = rest.subarray(line + 4 + size)
  }
  return Buffer.concat(out)
}

const GATEWAY_READS = 'the gateway reads the whole request before invoking the function: nothing in the function can read it first, or stop a stalled one'
const HTTPS_ONLY = 'API Gateway and function URLs are https only, and this case signs the http URL the server saw (lambda.test.js checks the https URLs rebuilt from AWS-shaped events)'

/** Why this request cannot be sent to this adapter, if it cannot (as in Python's runner). */
function inapplicable (adapter, c, request) {
  if (!adapter.startsWith('lambda-')) return null
  if (request.consume) return GATEWAY_READS
  if (request.chunked && (request.body_size ?? 0) > STALL_AFTER) return GATEWAY_READS
  const serverView = ['twilio', 'square', 'hubspot'].includes(c.webhook.scheme) && !c.options.public_url && !c.options.trust_forwarded
  if (serverView && request.expect.status === 200) return HTTPS_ONLY
  return null
}

for (const adapter of Object.keys(ADAPTERS)) {
  for (const c of SPEC.tests) {
    const skip = c.requests.map((r) => inapplicable(adapter, c, r)).find(Boolean) || false
    test(`${adapter}: #${c.tcId} ${c.comment}`, { skip }, async () => {
      const app = new App()
      const wh = new Webhook(c.webhook.scheme, c.webhook.secrets, { tolerance: c.webhook.tolerance })
      const server = ADAPTERS[adapter](wh, await optionsFor(c, app), app)
      const { port, close } = await serve(adapter, server)
      try {
        for (const [i, request] of c.requests.entries()) {
          Object.assign(app, { behaviour: request.handler, consume: Boolean(request.consume), ran: false, rejected: [] })
          let [status, body] = await send(port, request)
          const want = request.expect
          if (adapter.startsWith('lambda-') && request.handler === 'raise') {
            // The gateway answers a function that threw, with its own status.
            assert.equal(status, FAILED[adapter.slice(7)])
            status = want.status
          }
          const label = `#${c.tcId} request ${i + 1}`
          assert.equal(status, want.status, `${label}: ${status} ${body.slice(0, 200)}`)
          if (want.body !== null && want.body !== undefined) assert.deepEqual(JSON.parse(body), want.body, label)
          assert.equal(app.ran, want.ran, `${label}: handler ran`)
          assert.deepEqual(app.rejected, want.rejected ? [want.rejected] : [], `${label}: onReject`)
        }
      } finally {
        await close()
      }
    })
  }
}

test('a list-valued header gives its first value, as in Python', () => {
  const { header } = require('../gate')
  assert.equal(header({ 'x-cloro-webhook-id': ['t-1-1', 't-1-2'] }, 'X-Cloro-Webhook-Id'), 't-1-1')
  assert.equal(header(new Headers({ 'X-Cloro-Webhook-Id': 't-2-1' }), 'x-cloro-webhook-id'), 't-2-1')
  assert.equal(header({ other: 'x' }, 'X-Cloro-Webhook-Id'), undefined)
})

test('web: a handler that returns no Response releases its claim, and an async onReject that rejects changes nothing', async () => {
  const { withWebhook } = require('../web')
  const signers = require('./signers')
  const secret = 'whsec_node_no_response_secret_1a2b3c'
  const hooks = []
  let runs = 0
  const handler = withWebhook(new Webhook('cloro', secret), async () => {
    runs += 1
    return runs === 1 ? undefined : Response.json({ ok: true })
  }, { dedup: new MemoryDedup(), logger: quiet, onReject: async (r) => { hooks.push(r.code); throw new Error('alert failed') } })
  const body = JSON.stringify({ task: { id: 't-none' } })
  const headers = signers.cloro(secret, body, { id: 't-none-1' })
  const send = (h) => handler(new Request('http://127.0.0.1/hook', { method: 'POST', body, headers: h }))
  assert.equal(await send(headers), undefined)
  assert.equal((await send(headers)).status, 200, 'the retry ran the handler again')
  assert.equal(runs, 2)
  assert.equal((await send({ ...headers, 'x-cloro-signature': 'v1=' + '0'.repeat(64) })).status, 400)
  await new Promise((resolve) => setImmediate(resolve)) // the rejected hook settles: no unhandled rejection
  assert.deepEqual(hooks, ['signature_mismatch'])
})
