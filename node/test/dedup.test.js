'use strict'

// Exactly-once handling in Node: the stores (MemoryDedup, RedisDedup over
// node-redis and ioredis on a real redis-server), each integration wired to
// them, and two real Express processes sharing one Redis.

const test = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const net = require('node:net')
const express = require('express')
const Fastify = require('fastify')
const { Webhook, MemoryDedup, RedisDedup } = require('..')
const { verifyWebhook } = require('../express')
const fastifyHookproof = require('../fastify')
const { withWebhook } = require('../web')
const signers = require('./signers')
const { listen, post, freePort } = require('./helpers')
const { exercise } = require('./dedup_protocol')

const SECRET = 'whsec_node_dedup_secret_value_5'
const GH_SECRET = 'github_node_dedup_secret_value_5'
const FL_SECRET = 'fl_node_dedup_secret_value_5'
/** A cloro body for one task: its signed task.id is the dedup key. */
const task = (id) => JSON.stringify({ task: { id, status: 'COMPLETED' } })
const BODY = task('t1')
const quiet = { warn () {}, error () {} }

let redisProcess, redisUrl
test.before(async () => {
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookproof-redis-'))
  redisProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' })
  redisUrl = `redis://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => { sock.end(); resolve(true) }).on('error', () => resolve(false))
    })
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('redis-server did not start (make test installs it)')
})
test.after(() => redisProcess && redisProcess.kill())

test('MemoryDedup: claim, complete, release, lease, bound', async () => {
  await exercise(new MemoryDedup())
  const short = new MemoryDedup({ lease: 30, maxEntries: 3 })
  await short.claim('crashed')
  await new Promise((resolve) => setTimeout(resolve, 40))
  assert.equal((await short.claim('crashed'))[0], 'claimed')
  for (let i = 0; i < 10; i++) await short.claim(`k${i}`)
  assert.equal(short.size, 3)
})

test('RedisDedup over node-redis and ioredis', async () => {
  const { createClient } = require('redis')
  const Redis = require('ioredis')
  const nodeRedis = createClient({ url: redisUrl })
  await nodeRedis.connect()
  const ioredis = new Redis(redisUrl)
  try {
    await exercise(new RedisDedup(nodeRedis, { prefix: 'nr:' }))
    await exercise(new RedisDedup(ioredis, { prefix: 'io:' }))
  } finally {
    await nodeRedis.quit()
    ioredis.disconnect()
  }
})

function expressApp (dedup, failures) {
  const app = express()
  const runs = []
  app.post('/hook', verifyWebhook(new Webhook('cloro', SECRET), { dedup, logger: quiet }), (req, res, next) => {
    runs.push(req.webhook.dedupKey)
    if (failures.length) { failures.pop(); return next(new Error('the handler broke')) }
    res.json({ ok: true })
  })
  app.use((err, req, res, next) => res.status(500).json({ error: err.message }))
  return { app, runs }
}

test('Express: once per delivery, retries after a failure, 409 in flight, 503 when the store is down', async () => {
  const store = new MemoryDedup()
  const { app, runs } = expressApp(store, [1])
  const server = await listen(app)
  try {
    const send = (id) => {
      const body = task(id.replace(/-\d+$/, ''))
      return post(`${server.base}/hook`, body, signers.cloro(SECRET, body, { id }))
    }
    assert.equal((await send('task-7-1')).status, 500)
    assert.deepEqual((await send('task-7-2')).body, { ok: true })
    assert.deepEqual(await send('task-7-3').then((r) => [r.status, r.body]), [200, { status: 'duplicate' }])
    assert.deepEqual(runs, ['task-7', 'task-7'])
    await store.claim('cloro:task-8')
    assert.deepEqual(await send('task-8-1').then((r) => [r.status, r.body]), [409, { error: 'in_flight' }])
  } finally {
    await server.close()
  }
  const broken = { claim: async () => { throw new Error('ECONNREFUSED') }, complete: async () => {}, release: async () => {} }
  const down = expressApp(broken, [])
  const s2 = await listen(down.app)
  try {
    const r = await post(`${s2.base}/hook`, BODY, signers.cloro(SECRET, BODY))
    assert.deepEqual([r.status, r.body, down.runs.length], [503, { error: 'dedup_unavailable' }, 0])
  } finally {
    await s2.close()
  }
})

test('Fastify and web: once per delivery', async () => {
  const store = new MemoryDedup()
  const wh = new Webhook('cloro', SECRET)
  let runs = 0
  const app = Fastify()
  app.post('/hook', fastifyHookproof.verifyWebhook(wh, { dedup: store, logger: quiet }), async (request, reply) => {
    runs++
    if (runs === 1) return reply.code(503).send({ error: 'busy' })
    return { ok: true }
  })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  try {
    const fy = task('fy')
    const send = (id) => post(`${base}/hook`, fy, signers.cloro(SECRET, fy, { id }))
    assert.equal((await send('fy-1')).status, 503)
    assert.deepEqual((await send('fy-2')).body, { ok: true })
    assert.deepEqual((await send('fy-3')).body, { status: 'duplicate' })
  } finally {
    await app.close()
  }
  const handler = withWebhook(wh, async () => Response.json({ ok: true }), { dedup: store, logger: quiet })
  const web = task('web')
  const request = (id) => new Request('http://localhost/', { method: 'POST', body: web, headers: signers.cloro(SECRET, web, { id }) })
  assert.deepEqual(await (await handler(request('web-1'))).json(), { ok: true })
  assert.deepEqual(await (await handler(request('web-2'))).json(), { status: 'duplicate' })
})

test('two Express processes sharing one Redis run a delivery once, and lose none', async () => {
  const env = { ...process.env, REDIS_URL: redisUrl, CLORO_WEBHOOK_SECRET: SECRET }
  const start = () => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'apps', 'express_dedup.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', (d) => {
      const m = String(d).match(/listening (\d+)/)
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` })
    })
    child.on('exit', (code) => reject(new Error(`receiver exited ${code}`)))
  })
  const a = await start()
  const b = await start()
  const { createClient } = require('redis')
  const client = createClient({ url: redisUrl })
  await client.connect()
  try {
    const send = (base, id) => {
      const body = task(id.replace(/-\d+$/, ''))
      return post(`${base}/hooks/cloro`, body, signers.cloro(SECRET, body, { id }))
    }
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i % 2 ? a.base : b.base, `race-${i}`)))
    assert.equal(Number(await client.get('node-runs:race')), 1)
    assert.ok(answers.every((r) => [200, 409].includes(r.status)), JSON.stringify(answers.map((r) => r.status)))
    assert.deepEqual((await send(b.base, 'race-99')).body, { status: 'duplicate' })
    assert.equal((await send(a.base, 'fail-first-1')).status, 500)
    assert.deepEqual((await send(b.base, 'fail-first-2')).body, { processed: 'fail-first', runs: 2 })
    assert.deepEqual((await send(a.base, 'fail-first-3')).body, { status: 'duplicate' })
  } finally {
    await client.quit()
    a.child.kill()
    b.child.kill()
  }
})

/**
 * Posts `deliveries` ([body, headers]) in turn through Express, Fastify and
 * the Fetch handler, each with its own store; returns each integration's
 * answers and the handler runs.
 */
async function through (wh, deliveries, options) {
  const runs = []
  const answers = { express: [], fastify: [], web: [] }
  const app = express()
  app.post('/hook', verifyWebhook(wh, { ...options, dedup: new MemoryDedup() }), (req, res) => { runs.push('express'); res.json({ ok: true }) })
  const server = await listen(app)
  const fy = Fastify()
  fy.post('/hook', fastifyHookproof.verifyWebhook(wh, { ...options, dedup: new MemoryDedup() }), async () => { runs.push('fastify'); return { ok: true } })
  const fyBase = await fy.listen({ port: 0, host: '127.0.0.1' })
  const handler = withWebhook(wh, async () => { runs.push('web'); return Response.json({ ok: true }) }, { ...options, dedup: new MemoryDedup() })
  try {
    for (const [body, headers] of deliveries) {
      for (const [name, url] of [['express', `${server.base}/hook`], ['fastify', `${fyBase}/hook`]]) {
        const r = await post(url, body, headers)
        answers[name].push([r.status, r.body])
      }
      const r = await handler(new Request('http://localhost/', { method: 'POST', body, headers }))
      answers.web.push([r.status, await r.json()])
    }
  } finally {
    await server.close()
    await fy.close()
  }
  return { answers, runs }
}

// With a store configured, a delivery without its dedup key (here GitHub's
// unsigned X-GitHub-Delivery) cannot be handled once: refused by default
// and logged, naming the header; requireDedupKey: false handles it, logged too.
test('every integration refuses a delivery without a dedup key, unless told not to', async () => {
  const wh = new Webhook('github', GH_SECRET)
  const noId = wh.sign(BODY, { id: 'd-1' })
  delete noId['X-GitHub-Delivery']
  for (const requireDedupKey of [true, false]) {
    const said = []
    const logger = { warn: (m) => said.push(m), error: (m) => said.push(m) }
    const { answers, runs } = await through(wh, [[BODY, noId], [BODY, noId]], { logger, requireDedupKey })
    const all = Object.values(answers).flat()
    if (requireDedupKey) {
      assert.deepEqual(all, Array(6).fill([400, { error: 'missing_header' }]))
      assert.deepEqual(runs, [])
      assert.equal(said.filter((m) => m.includes('code=missing_header') && m.includes('X-GitHub-Delivery')).length, 6)
    } else {
      assert.deepEqual(all, Array(6).fill([200, { ok: true }]))
      assert.equal(runs.length, 6, 'each copy runs: the app chose no dedup for these')
      assert.equal(said.filter((m) => m.includes('without deduplication') && m.includes('X-GitHub-Delivery')).length, 6)
    }
  }
})

// cloro does not sign X-Cloro-Webhook-Id: a captured delivery replayed with
// another task's id verifies, but its key is the signed task.id, which the
// header contradicts: refused and logged. Without the header, the signed
// key still deduplicates it.
test('every integration refuses a cloro replay whose id header was rewritten', async () => {
  const wh = new Webhook('cloro', SECRET)
  const genuine = signers.cloro(SECRET, BODY, { id: 't1-1' })
  const forged = { ...genuine, 'x-cloro-webhook-id': 't2-1' }
  const noId = { ...genuine }
  delete noId['x-cloro-webhook-id']
  const said = []
  const logger = { warn: (m) => said.push(m), error: (m) => said.push(m) }
  const { answers, runs } = await through(wh, [[BODY, genuine], [BODY, forged], [BODY, noId]], { logger })
  for (const [name, got] of Object.entries(answers)) {
    assert.deepEqual(got, [[200, { ok: true }], [400, { error: 'malformed_header' }], [200, { status: 'duplicate' }]], name)
  }
  assert.equal(runs.length, 3, 'once per integration')
  assert.equal(said.filter((m) => m.includes('code=malformed_header') && m.includes('scheme=cloro')).length, 3)
})

// Fileloom signs neither its timestamp nor X-Fileloom-Delivery-Id: a replay
// may refresh both, but the key is the signed body's event id.
test('every integration answers a Fileloom replay with a new delivery id and timestamp as a duplicate', async () => {
  const wh = new Webhook('fileloom', FL_SECRET)
  const body = JSON.stringify({ id: 'evt_replayed_1', event: 'pdf.generated' })
  const genuine = signers.fileloom(FL_SECRET, body, { delivery: 'dlv_1' })
  const replay = signers.fileloom(FL_SECRET, body, { ts: Math.floor(Date.now() / 1000) + 5, delivery: 'dlv_forged' })
  const { answers, runs } = await through(wh, [[body, genuine], [body, replay]], { logger: quiet })
  for (const [name, got] of Object.entries(answers)) {
    assert.deepEqual(got, [[200, { ok: true }], [200, { status: 'duplicate' }]], name)
  }
  assert.equal(runs.length, 3, 'once per integration')
})

test('a scheme whose dedup key is absent by design is handled without dedup, and logged', async () => {
  const { Scheme } = require('..')
  const keyless = new Webhook(new Scheme({
    name: 'acme',
    signature_header: 'X-Acme-Signature',
    signature_format: { list: { prefix: 'v1=' } },
    message: '{timestamp}.{body}',
    timestamp_header: 'X-Acme-Timestamp',
    algorithm: 'hmac-sha256',
    key: 'utf8',
    encoding: 'hex'
  }), SECRET)
  assert.equal(keyless.dedupHeader, null)
  assert.equal(new Webhook('github', GH_SECRET).dedupHeader, 'X-GitHub-Delivery')
  assert.equal(new Webhook('cloro', SECRET).dedupHeader, null, 'its key is the signed task.id')
  const said = []
  const handler = withWebhook(keyless, async () => Response.json({ ok: true }), { dedup: new MemoryDedup(), logger: { warn: (m) => said.push(m) } })
  for (let i = 0; i < 2; i++) {
    const r = await handler(new Request('http://localhost/', { method: 'POST', body: BODY, headers: keyless.sign(BODY) }))
    assert.deepEqual([r.status, await r.json()], [200, { ok: true }])
  }
  assert.equal(said.filter((m) => m.includes('without deduplication')).length, 2)
})
