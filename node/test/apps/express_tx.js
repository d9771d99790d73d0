'use strict'

// An Express receiver whose handler writes to PostgreSQL through `pg`, for
// the exactly-once effects test (postgres_dedup.test.js). TX_MODE
// "transactional" completes the claim inside the handler's BEGIN … COMMIT
// (completeIn); "plain" leaves it to the integration. Each delivery inserts
// one row into TX_TABLE_effects. A task id starting with "kill" has the
// process killed right after the first attempt's commit, before it answers;
// "rollback" makes the first attempt throw after its write.

const express = require('express')
const { Pool } = require('pg')
const { Webhook, PostgresDedup } = require('../..')
const { verifyWebhook } = require('../../express')

const pool = new Pool(JSON.parse(process.env.PG_CONFIG))
const table = process.env.TX_TABLE
const transactional = process.env.TX_MODE === 'transactional'
const store = new PostgresDedup(pool, { table, lease: 1000 })
const app = express()
const wh = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')

app.post('/hooks/cloro', verifyWebhook(wh, { dedup: store, logger: { warn () {}, error () {} } }), async (req, res) => {
  const delivery = req.webhook
  const first = delivery.id.endsWith('-1')
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    if (transactional) await store.completeIn(client, delivery)
    await client.query(`INSERT INTO ${table}_effects (delivery) VALUES ($1)`, [delivery.dedupKey])
    if (delivery.dedupKey.startsWith('rollback') && first) throw new Error('the first attempt fails after its write')
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
  if (delivery.dedupKey.startsWith('kill') && first) process.kill(process.pid, 'SIGKILL') // committed, never answered
  res.json({ processed: delivery.dedupKey })
})
app.use((err, req, res, next) => res.status(500).json({ error: err.message }))
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
