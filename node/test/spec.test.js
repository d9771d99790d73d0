'use strict'

// Every Node adapter against the integration spec
// (tests/vectors/integration/integration.json), each over a real server on
// loopback: Express, Fastify, Koa, Hono, NestJS (with rawBody and with its
// parser off), AWS Lambda behind a stand-in for each gateway, and
// hookproof/web behind node:http (the body a streamed Fetch Request);
// next.test.js runs it inside Next.js. The same cases run against every
// Python adapter.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { Readable } = require('node:stream')

const { Webhook, MemoryDedup, RedisDedup } = require('..')
const { listen } = require('./helpers')
const { SPEC, STALL_AFTER, closedPort, send } = require('./spec_client')
const { FAILED, FORMATS, gateway } = require('./lambda_gateway')

const quiet = { warn () {}, error () {} }
const native = require('../native')

/** What the app's handler does for the next request, and what happened. */
class App {
  constructor () { Object.assign(this, { behaviour: 'ok', consume: false, ran: false, rejected: [], logs: [] }) }
  /** Runs the behaviour; the status to answer (throws for `raise`). */
  handle () {
    this.ran = true
    if (this.behaviour === 'raise') throw new Error('the handler failed')
    return this.behaviour.startsWith('status:') ? Number(this.behaviour.slice(7)) : 200
  }
}

async function optionsFor (c, app) {
  const { dedup, max_body: maxBody, require_dedup_key: requireDedupKey, public_url: publicUrl, trust_forwarded: trustForwarded } = c.options
  const logger = { warn: (line) => app.logs.push(line), error: (line) => app.logs.push(line) }
  const options = { logger, onReject: (r) => app.rejected.push(r.code) }
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
  nest: (wh, options, app) => nestApp(wh, options, app, { rawBody: true }),
  'nest-stream': (wh, options, app) => nestApp(wh, options, app, { bodyParser: false }),
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

/**
 * A Nest app (Express platform) with one controller, decorated by calling
 * the decorators (plain JavaScript): with { rawBody: true }, as hookproof/nest
 * asks, or with Nest's body parser off (the interceptor reads the stream).
 */
async function nestApp (wh, options, app, config) {
  require('reflect-metadata')
  const { Controller, Post, Module, UseInterceptors, Req, Res } = require('@nestjs/common')
  const { NestFactory } = require('@nestjs/core')
  const { WebhookInterceptor } = require('../nest')
  class Hooks {
    handle (req, res) {
      assert.ok(req.webhook)
      res.status(app.handle()).json({ handled: true })
    }
  }
  const method = Object.getOwnPropertyDescriptor(Hooks.prototype, 'handle')
  Controller()(Hooks)
  Post('*path')(Hooks.prototype, 'handle', method)
  UseInterceptors(new WebhookInterceptor(wh, options))(Hooks.prototype, 'handle', method)
  Req()(Hooks.prototype, 'handle', 0)
  Res()(Hooks.prototype, 'handle', 1)
  class AppModule {}
  Module({ controllers: [Hooks] })(AppModule)
  const nest = await NestFactory.create(AppModule, { ...config, logger: false })
  nest.use((req, res, next) => {
    if (!app.consume) return next()
    req.on('data', () => {}) // a middleware that read the body and kept nothing
    req.on('end', () => next())
  })
  return nest
}

/** A Request whose body a parser already read (`request.json()` ran first). */
function consumed (request) {
  const copy = new Request(request.url, { method: 'POST', headers: request.headers, body: 'x' })
  copy.text() // reads it: bodyUsed becomes true at once
  return copy
}

async function serve (adapter, made) {
  const server = await made
  if (adapter.startsWith('lambda-')) return gateway(adapter.slice(7), server)
  if (adapter.startsWith('nest')) {
    await server.listen(0, '127.0.0.1')
    return { port: server.getHttpServer().address().port, close: () => server.close() }
  }
  if (adapter === 'fastify') {
    await server.listen({ port: 0, host: '127.0.0.1' })
    return { port: server.server.address().port, close: () => server.close() }
  }
  const { base, close } = await listen(server)
  return { port: Number(new URL(base).port), close }
}

const GATEWAY_READS = 'the gateway reads the whole request before invoking the function: nothing in the function can read it first, or stop a stalled one'
const HTTPS_ONLY = 'API Gateway and function URLs are https only, and this case signs the http URL the server saw (lambda.test.js checks the https URLs rebuilt from AWS-shaped events)'
const NEST_READS = "Nest's body parser (rawBody: true) reads the body before any interceptor, within its own limit (100 kB by default), and keeps it: nothing can read it first, and a stalled request waits on the parser (nest-stream, with the parser off, runs these; nest.test.js checks an app without rawBody)"

const NEST_PARSES = "a filler body declared JSON: Nest's parser (rawBody: true) answers its own 400 before any interceptor (nest-stream runs it)"

/** A header of the object an adapter hands the app's function (req, request, ctx, Hono's c, a Request, a Lambda event). */
function headerOf (request, name) {
  if (request && request.req && typeof request.req.header === 'function') return request.req.header(name) // Hono
  const headers = request && request.headers
  if (headers && typeof headers.get === 'function') return headers.get(name)
  for (const [k, v] of Object.entries(headers || {})) if (k.toLowerCase() === name.toLowerCase()) return v
  return undefined
}

/** The case's Webhook, or for a multi-tenant case the async function that picks one per request. */
function webhookOf (spec) {
  if (!spec.tenants) return new Webhook(spec.scheme, spec.secrets, { tolerance: spec.tolerance })
  const tenants = new Map(Object.entries(spec.tenants).map(([t, w]) => [t, new Webhook(w.scheme, w.secrets, { tolerance: w.tolerance, tenant: t })]))
  return async (request) => {
    const tenant = headerOf(request, spec.tenant_header)
    if (tenant === spec.failing) throw new Error('the tenants database is down')
    return tenants.get(tenant) ?? null
  }
}

/** Why this request cannot be sent to this adapter, if it cannot (as in Python's runner). */
function inapplicable (adapter, c, request) {
  if (adapter === 'nest' && (request.consume || (request.chunked && (request.body_size ?? 0) > STALL_AFTER))) return NEST_READS
  if (adapter === 'nest' && request.body_size !== undefined) return NEST_PARSES
  if (!adapter.startsWith('lambda-')) return null
  if (request.consume) return GATEWAY_READS
  if (request.chunked && (request.body_size ?? 0) > STALL_AFTER) return GATEWAY_READS
  const serverView = ['twilio', 'square', 'hubspot'].includes(c.webhook.scheme) && !c.options.public_url && !c.options.trust_forwarded
  if (serverView) return HTTPS_ONLY // a refusal would pass whatever the adapter did
  return null
}

for (const adapter of Object.keys(ADAPTERS)) {
  for (const c of SPEC.tests) {
    const skip = c.requests.map((r) => inapplicable(adapter, c, r)).find(Boolean) || false
    test(`${adapter}: #${c.tcId} ${c.comment}`, { skip }, async () => {
      const app = new App()
      const wh = webhookOf(c.webhook)
      const options = await optionsFor(c, app)
      const server = ADAPTERS[adapter](wh, options, app)
      const { port, close } = await serve(adapter, server)
      try {
        for (const [i, request] of c.requests.entries()) {
          Object.assign(app, { behaviour: request.handler, consume: Boolean(request.consume), ran: false, rejected: [], logs: [] })
          // Another worker is handling this delivery: its claim is in the store.
          if (request.claimed) await options.dedup.claim(native.storeKey(c.webhook.scheme, request.claimed))
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
          if (want.log) assert.ok(app.logs.some((line) => line.includes(want.log)), `${label}: no log line has ${want.log}: ${app.logs}`)
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

test('tenants sharing a dedup store need their ids, and a Webhook of the other build is refused', async () => {
  const { verifyWebhook } = require('../express')
  const secret = 'whsec_tenant_without_its_id_value_1'
  const anonymous = new Webhook('cloro', secret)
  const named = new Webhook('cloro', secret, { tenant: 'acme' })
  const foreign = { verify () {}, [Symbol.for('hookproof.build')]: 'some other build' }
  const picks = { anonymous, acme: named, foreign }
  const express = require('express')
  const app = express()
  const logs = []
  const logger = { warn: (l) => logs.push(l), error: (l) => logs.push(l) }
  app.post('/:tenant/hook', verifyWebhook((req) => picks[req.params.tenant], { dedup: new MemoryDedup(), logger }),
    (req, res) => res.json({ tenant: req.webhook.tenant }))
  const { base, close } = await listen(app)
  try {
    const body = '{"task":{"id":"t-1"}}'
    const headers = named.sign(body, { id: 't-1-1' })
    const post = async (tenant) => {
      const r = await fetch(`${base}/${tenant}/hook`, { method: 'POST', body, headers })
      return [r.status, await r.json()]
    }
    assert.deepEqual(await post('anonymous'), [500, { error: 'misconfigured' }])
    assert.deepEqual(await post('foreign'), [500, { error: 'misconfigured' }])
    assert.deepEqual(await post('acme'), [200, { tenant: 'acme' }])
    assert.ok(logs.some((l) => l.includes('tenant id')))
    assert.throws(() => new Webhook('cloro', secret, { tenant: 'acme:1' }), RangeError)
  } finally {
    await close()
  }
})
