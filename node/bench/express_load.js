'use strict'

// The Express receiver of bench/load.py. Each /hooks/<store> route has a
// /plain/<store> twin that does the same handler work without hookproof (no
// verification, no store): the baseline it is measured against.
// - redis: RedisDedup; the handler counts the delivery in Redis (one INCR).
// - postgres: PostgresDedup; the handler inserts one row (autocommit).
// - postgres-tx: PostgresDedup in transactional mode; the handler inserts
//   one row in a transaction that also completes the claim (completeIn).

const express = require('express')
const { createClient } = require('redis')
const { Pool } = require('pg')
const { Webhook, RedisDedup, PostgresDedup } = require('..')
const { verifyWebhook } = require('../express')

const INSERT = 'INSERT INTO load_effects (receiver, key) VALUES ($1, $2)'

/** The handler's write: one row, in a transaction (completing the claim in it when given). */
async function insert (pool, receiver, key, complete) {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    if (complete) await complete(client)
    await client.query({ name: 'insert', text: INSERT, values: [receiver, key] })
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
}

async function main () {
  const client = createClient({ url: process.env.REDIS_URL })
  await client.connect()
  const pool = new Pool(JSON.parse(process.env.PG_CONFIG))
  const app = express()
  const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')
  const redisStore = new RedisDedup(client, { prefix: 'load-express:' })
  const postgresStore = new PostgresDedup(pool, { table: 'load_express' })
  const txStore = new PostgresDedup(pool, { table: 'load_express_tx' })
  const quiet = { warn () {}, error () {} }
  const plainKey = (req) => req.get('X-Cloro-Webhook-Id') ?? ''

  app.post('/hooks/redis', verifyWebhook(cloro, { dedup: redisStore, logger: quiet }), async (req, res) => {
    await client.incr('handled-express:' + req.webhook.dedupKey)
    res.json({ ok: true })
  })
  app.post('/plain/redis', express.raw({ type: '*/*' }), async (req, res) => {
    await client.incr('plain-express:' + plainKey(req))
    res.json({ ok: true })
  })
  app.post('/hooks/postgres', verifyWebhook(cloro, { dedup: postgresStore, logger: quiet }), async (req, res) => {
    await pool.query({ name: 'insert', text: INSERT, values: ['express', req.webhook.dedupKey] })
    res.json({ ok: true })
  })
  app.post('/plain/postgres', express.raw({ type: '*/*' }), async (req, res) => {
    await pool.query({ name: 'insert', text: INSERT, values: ['express-plain', plainKey(req)] })
    res.json({ ok: true })
  })
  app.post('/hooks/postgres-tx', verifyWebhook(cloro, { dedup: txStore, logger: quiet }), async (req, res) => {
    const delivery = req.webhook
    await insert(pool, 'express-tx', delivery.dedupKey, (tx) => txStore.completeIn(tx, delivery))
    res.json({ ok: true })
  })
  app.post('/plain/postgres-tx', express.raw({ type: '*/*' }), async (req, res) => {
    await insert(pool, 'express-tx-plain', plainKey(req))
    res.json({ ok: true })
  })
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'))
  server.keepAliveTimeout = 30_000
}

process.on('SIGTERM', () => process.exit(0)) // a clean exit (and --cpu-prof writes its profile)
main()
