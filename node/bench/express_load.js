'use strict'

// The Express receiver of bench/load.py: /hooks verifies cloro deliveries
// with a RedisDedup and counts each handled delivery in Redis; /plain
// answers without verification (the baseline).

const express = require('express')
const { createClient } = require('redis')
const { Webhook, RedisDedup } = require('..')
const { verifyWebhook } = require('../express')

async function main () {
  const client = createClient({ url: process.env.REDIS_URL })
  await client.connect()
  const app = express()
  const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')
  const dedup = new RedisDedup(client, { prefix: 'load-express:' })
  const quiet = { warn () {}, error () {} }
  app.post('/hooks', verifyWebhook(cloro, { dedup, logger: quiet }), async (req, res) => {
    await client.incr('handled-express:' + req.webhook.dedupKey)
    res.json({ ok: true })
  })
  app.post('/plain', express.raw({ type: '*/*' }), (req, res) => res.json({ ok: true }))
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'))
  server.keepAliveTimeout = 30_000
}

main()
