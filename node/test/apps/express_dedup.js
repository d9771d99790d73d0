'use strict'

// An Express receiver with RedisDedup (node-redis), for the multi-process
// test: its handler counts runs in Redis and fails the first attempt of
// deliveries whose task id starts with "fail-first".

const express = require('express')
const { createClient } = require('redis')
const { Webhook, RedisDedup } = require('../..')
const { verifyWebhook } = require('../../express')

async function main () {
  const client = createClient({ url: process.env.REDIS_URL })
  await client.connect()
  const app = express()
  const wh = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')
  const dedup = new RedisDedup(client, { prefix: 'node-test:', lease: 30_000 })
  app.post('/hooks/cloro', verifyWebhook(wh, { dedup, logger: { warn () {}, error () {} } }), async (req, res) => {
    const key = req.webhook.dedupKey
    const runs = await client.incr(`node-runs:${key}`)
    if (key.startsWith('fail-first') && runs === 1) return res.status(500).json({ error: 'temporarily broken' })
    res.json({ processed: key, runs })
  })
  const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
}

main()
