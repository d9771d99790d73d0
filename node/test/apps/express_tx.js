'use strict'

// An Express receiver whose handler writes to PostgreSQL through `pg`, for
// the exactly-once effects test (postgres_dedup.test.js). Its handler is the
// docs' transactional snippet, as written. TX_MODE "plain" patches
// completeIn out, leaving the claim to the integration alone: the plain
// store, for comparison.
//
// Faults come from outside the handler: the test's `effects` table refuses
// (CHECK) the first attempt of a task whose id starts with "rollback", so
// that transaction rolls back after completeIn; and the process kills
// itself when the handler answers the first attempt of a task whose id
// starts with "kill" (after its commit, before the integration settles the
// claim and the answer leaves, so the plain store never completes it).

const express = require('express')
const { Pool } = require('pg')
const { Webhook, PostgresDedup } = require('../..')
const { verifyWebhook } = require('../../express')

const pool = new Pool(JSON.parse(process.env.PG_CONFIG))
const app = express()
const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')

app.use((req, res, next) => {
  const json = res.json.bind(res)
  res.json = (body) => {
    const delivery = req.webhook
    if (delivery?.dedupKey.startsWith('kill') && delivery.id.endsWith('-1')) process.kill(process.pid, 'SIGKILL')
    return json(body)
  }
  next()
})

// START js-transactional
const store = new PostgresDedup(pool)

app.post('/hooks/cloro', verifyWebhook(cloro, { dedup: store }), async (req, res) => {
  const delivery = req.webhook
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await store.completeIn(client, delivery) // first: done exactly when this commits
    await client.query('INSERT INTO effects (task, webhook_id) VALUES ($1, $2)', [delivery.dedupKey, delivery.id])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
  res.json({ ok: true })
})
// END js-transactional

store.lease = 1000 // the tests wait out a short lease
if (process.env.TX_MODE === 'plain') store.completeIn = async () => {}

app.use((err, req, res, next) => res.status(500).json({ error: err.message }))
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
