'use strict'

// PostgresDedup on a real PostgreSQL cluster of the suite's own: the store
// protocol on node-postgres (a Pool and a Client) and postgres.js; leases,
// records and prune; what completeIn refuses; the integration's 503 when the
// table is missing or the database unreachable; and exactly-once effects
// across two real Express processes: a handler that commits and is killed
// before answering is not run again, one that rolls back is, and without
// completeIn the same kill runs it twice (the plain store's documented
// guarantee).

const test = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const path = require('node:path')
const express = require('express')
const pg = require('pg')
const postgres = require('postgres')
const { Webhook, PostgresDedup, ClaimLostError } = require('..')
const { verifyWebhook } = require('../express')
const signers = require('./signers')
const { listen, post, postgresCluster } = require('./helpers')
const { exercise } = require('./dedup_protocol')

const SECRET = 'whsec_node_pg_secret_value_77'
const task = (id) => JSON.stringify({ task: { id, status: 'COMPLETED' } })
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const quiet = { warn () {}, error () {} }

let cluster, pool
test.before(async () => {
  cluster = await postgresCluster()
  pool = new pg.Pool({ ...cluster.config, max: 8 })
})
test.after(async () => {
  await pool?.end()
  cluster?.stop()
})

async function fresh (db, table, options) {
  const store = new PostgresDedup(db, { table, ...options })
  await store.createTable()
  return store
}

test('claims, completes and releases as every store does: a pg Pool, a pg Client, postgres.js', async () => {
  await exercise(await fresh(pool, 'proto_pool'))
  const client = new pg.Client(cluster.config)
  await client.connect()
  const sql = postgres({ ...cluster.config, username: cluster.config.user, max: 4, onnotice () {} })
  try {
    await exercise(await fresh(client, 'proto_client'))
    await exercise(await fresh(sql, 'proto_postgresjs'))
  } finally {
    await client.end()
    await sql.end()
  }
})

test('leases and records expire; prune deletes at most its limit', async () => {
  const store = await fresh(pool, 'expiry', { lease: 50, ttl: 100 })
  await store.claim('crashed')
  await sleep(80)
  const [state, t] = await store.claim('crashed')
  assert.equal(state, 'claimed', 'an expired lease is claimed again')
  await store.complete('crashed', t)
  assert.equal((await store.claim('crashed'))[0], 'done')
  await Promise.all(['a', 'b', 'c'].map((k) => store.claim(k)))
  await sleep(150)
  assert.equal((await store.claim('crashed'))[0], 'claimed', 'a done record expires after ttl')
  assert.equal(await store.prune(2), 2)
  assert.equal(await store.prune(), 1)
  assert.equal(await store.prune(), 0)
})

test('the statements are the core\'s and the table name is checked', () => {
  const store = new PostgresDedup(pool, { table: 'named_here' })
  assert.match(store.createTableSql, /^CREATE TABLE IF NOT EXISTS "named_here" /)
  assert.throws(() => new PostgresDedup(pool, { table: 'x; DROP TABLE y' }), RangeError)
  assert.throws(() => new PostgresDedup({}), TypeError)
})

function delivery (key) {
  const body = task(key)
  return new Webhook('cloro', SECRET).verify(body, signers.cloro(SECRET, body, { id: `${key}-1` }))
}

test('completeIn: inside a transaction only, once per claim', async () => {
  const store = await fresh(pool, 'refusals')
  await store.claim('cloro:t1')
  await assert.rejects(store.completeIn(pool, delivery('t1')), /not a pool/)
  const client = await pool.connect()
  try {
    await assert.rejects(store.completeIn(client, delivery('t1')), /open transaction/)
    await client.query('BEGIN')
    await assert.rejects(store.completeIn(client, delivery('never-claimed')), ClaimLostError)
    await client.query('ROLLBACK')
    await client.query('BEGIN')
    await store.completeIn(client, delivery('t1'))
    await client.query('COMMIT')
    assert.equal((await store.claim('cloro:t1'))[0], 'done')
    await client.query('BEGIN')
    await assert.rejects(store.completeIn(client, delivery('t1')), ClaimLostError)
    await client.query('ROLLBACK')
  } finally {
    client.release()
  }
  const sql = postgres({ ...cluster.config, username: cluster.config.user, max: 2, onnotice () {} })
  try {
    const viaSql = new PostgresDedup(sql, { table: 'refusals' })
    await viaSql.claim('cloro:t2')
    await assert.rejects(viaSql.completeIn(sql, delivery('t2')), /open transaction/)
    await sql.begin((tx) => viaSql.completeIn(tx, delivery('t2')))
    assert.equal((await viaSql.claim('cloro:t2'))[0], 'done')
  } finally {
    await sql.end()
  }
})

test('of two handlers whose leases overlapped, only the first commit counts', async () => {
  const store = await fresh(pool, 'overlap', { lease: 100 })
  await pool.query('CREATE TABLE overlap_effects (handler text NOT NULL)')
  assert.equal((await store.claim('cloro:overlap'))[0], 'claimed')
  await sleep(150)
  assert.equal((await store.claim('cloro:overlap'))[0], 'claimed', 'the lease ran out: a second handler took over')
  const [first, second] = [await pool.connect(), await pool.connect()]
  try {
    await first.query('BEGIN')
    await store.completeIn(first, delivery('overlap'))
    await first.query("INSERT INTO overlap_effects VALUES ('first')")
    await second.query('BEGIN')
    let settled = false
    const outcome = store.completeIn(second, delivery('overlap')).then(() => 'completed', (err) => err)
    outcome.then(() => { settled = true })
    await sleep(300)
    assert.equal(settled, false, 'the second handler waits for the first one\'s transaction')
    await first.query('COMMIT')
    assert.ok((await outcome) instanceof ClaimLostError)
    await second.query('ROLLBACK')
  } finally {
    first.release()
    second.release()
  }
  assert.deepEqual((await pool.query('SELECT handler FROM overlap_effects')).rows, [{ handler: 'first' }])
})

test('completeIn refuses a node-postgres that cannot say whether it is inside BEGIN', async () => {
  const store = new PostgresDedup(pool)
  const older = { query: async () => ({ rows: [['t']], rowCount: 1 }) } // pg before 8.21
  await assert.rejects(store.completeIn(older, delivery('x')), /8\.21/)
  await assert.rejects(store.completeIn({ ...older, getTransactionStatus: () => null }, delivery('x')), /8\.21/)
})

test('a missing table or an unreachable database answers 503 and runs nothing', async () => {
  const down = new pg.Pool({ ...cluster.config, port: 1, connectionTimeoutMillis: 2000 })
  down.on('error', () => {})
  for (const store of [new PostgresDedup(pool, { table: 'never_made' }), new PostgresDedup(down)]) {
    let runs = 0
    const app = express()
    app.post('/hook', verifyWebhook(new Webhook('cloro', SECRET), { dedup: store, logger: quiet }), (req, res) => { runs++; res.json({}) })
    const server = await listen(app)
    try {
      const body = task('down')
      const r = await post(`${server.base}/hook`, body, signers.cloro(SECRET, body))
      assert.deepEqual([r.status, r.body, runs], [503, { error: 'dedup_unavailable' }, 0])
    } finally {
      await server.close()
    }
  }
  await down.end()
})

test('after completeIn the record is the transaction\'s: a swallowed rollback leaves the delivery to its retry', async () => {
  const store = await fresh(pool, 'swallowed', { lease: 200 })
  await pool.query('CREATE TABLE swallowed_effects (delivery text NOT NULL)')
  const app = express()
  app.post('/hook', verifyWebhook(new Webhook('cloro', SECRET), { dedup: store, logger: quiet }), async (req, res) => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await store.completeIn(client, req.webhook)
      await client.query('INSERT INTO swallowed_effects VALUES ($1)', [req.webhook.dedupKey])
      await client.query(req.webhook.id.endsWith('-1') ? 'ROLLBACK' : 'COMMIT')
    } finally {
      client.release()
    }
    res.json({ ok: true }) // answered 200 even when it rolled back
  })
  const server = await listen(app)
  try {
    const body = task('swallowed')
    const send = (n) => post(`${server.base}/hook`, body, signers.cloro(SECRET, body, { id: `swallowed-${n}` }))
    assert.deepEqual((await send(1)).body, { ok: true })
    await sleep(300)
    assert.deepEqual((await send(2)).body, { ok: true }, 'processed again: the first attempt rolled back')
    assert.deepEqual((await send(3)).body, { status: 'duplicate' })
    assert.equal(Number((await pool.query('SELECT count(*) FROM swallowed_effects')).rows[0].count), 1)
  } finally {
    await server.close()
  }
})

/**
 * Two Express receivers (apps/express_tx.js) on a database of their own
 * (the store's default table and the app's `effects`, which refuses the
 * first attempt of a "rollback" task); stops them after `run`.
 */
async function twoReceivers (mode, run) {
  const database = `tx_express_${mode}`
  await pool.query(`CREATE DATABASE ${database}`)
  const config = { ...cluster.config, database }
  const db = new pg.Pool(config)
  await new PostgresDedup(db).createTable()
  await db.query("CREATE TABLE effects (task text NOT NULL, webhook_id text NOT NULL CHECK (webhook_id NOT LIKE 'rollback-%-1'))")
  const env = { ...process.env, PG_CONFIG: JSON.stringify(config), TX_MODE: mode, CLORO_WEBHOOK_SECRET: SECRET }
  const start = () => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'apps', 'express_tx.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', (d) => {
      const m = String(d).match(/listening (\d+)/)
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` })
    })
    child.on('exit', (code, signal) => signal !== 'SIGKILL' && reject(new Error(`receiver exited ${code}`)))
  })
  const receivers = [await start(), await start()]
  const send = (which, id) => {
    const body = task(id.replace(/-\d+$/, ''))
    return post(`${receivers[which].base}/hooks/cloro`, body, signers.cloro(SECRET, body, { id })).catch((e) => ({ status: 0, error: e }))
  }
  const effects = async (task) => Number((await db.query('SELECT count(*) FROM effects WHERE task = $1', [task])).rows[0].count)
  // A killed receiver comes back as a new process (as a supervisor would bring it).
  const restart = async (which) => { receivers[which] = await start() }
  try {
    await run(send, effects, restart)
  } finally {
    for (const r of receivers) r.child.kill()
    await db.end()
  }
}

test('two Express processes on pg with completeIn: exactly-once effects', async () => {
  await twoReceivers('transactional', async (send, effects, restart) => {
    // Committed, then killed before answering: the sender saw no answer.
    assert.equal((await send(0, 'kill-1-1')).status, 0)
    await sleep(1200) // the claim's lease is over: only the record decides
    assert.deepEqual((await send(1, 'kill-1-2')).body, { status: 'duplicate' })
    assert.equal(await effects('kill-1'), 1)
    await restart(0)
    // Rolled back after completeIn (the insert was refused): retried, processed once.
    assert.equal((await send(0, 'rollback-1-1')).status, 500)
    assert.deepEqual((await send(1, 'rollback-1-2')).body, { ok: true })
    assert.deepEqual((await send(0, 'rollback-1-3')).body, { status: 'duplicate' })
    assert.equal(await effects('rollback-1'), 1)
    // Twenty copies racing over both processes.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2, `race-${i}`)))
    assert.ok(answers.every((r) => [200, 409].includes(r.status)), JSON.stringify(answers.map((r) => r.status)))
    assert.equal(await effects('race'), 1)
  })
})

test('without completeIn, a kill after the commit runs the handler twice (the plain store\'s guarantee)', async () => {
  await twoReceivers('plain', async (send, effects) => {
    assert.equal((await send(0, 'kill-2-1')).status, 0)
    await sleep(1200)
    assert.deepEqual((await send(1, 'kill-2-2')).body, { ok: true })
    assert.equal(await effects('kill-2'), 2)
  })
})
