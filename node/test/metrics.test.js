'use strict'

// OpenTelemetry metrics from the integrations, read with the SDK's own
// reader: one count per decision, labelled from fixed lists (as Python).

const test = require('node:test')
const assert = require('node:assert/strict')
const { metrics } = require('@opentelemetry/api')
const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics')

class TestReader extends MetricReader {
  async onForceFlush () {}
  async onShutdown () {}
}
const reader = new TestReader()
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }))

const { Webhook, MemoryDedup } = require('..')
const { withWebhook } = require('../web')
const signers = require('./signers')

const SECRET = 'whsec_node_metrics_secret_0a1b2c3d'

async function points (name) {
  const { resourceMetrics } = await reader.collect()
  const out = {}
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue
      for (const p of metric.dataPoints) out[`${p.attributes.scheme}/${p.attributes.result}/${p.attributes.code}`] = p.value
    }
  }
  return out
}

test('every decision is counted with fixed labels', async () => {
  const wh = new Webhook('cloro', SECRET)
  const handler = withWebhook(wh, async () => Response.json({ ok: true }), { dedup: new MemoryDedup(), logger: { warn () {}, error () {} } })
  const body = JSON.stringify({ task: { id: 't-metrics' } })
  const headers = signers.cloro(SECRET, body, { id: 't-metrics-1' })
  const send = (h) => handler(new Request('http://127.0.0.1/hook', { method: 'POST', body, headers: h }))
  assert.equal((await send(headers)).status, 200)
  assert.deepEqual(await (await send(headers)).json(), { status: 'duplicate' })
  assert.equal((await send({ ...headers, 'x-cloro-signature': 'v1=' + '0'.repeat(64) })).status, 400)
  assert.deepEqual(await points('hookproof.deliveries'), {
    'cloro/verified/': 1,
    'cloro/duplicate/duplicate': 1,
    'cloro/rejected/signature_mismatch': 1
  })
  const timed = await points('hookproof.duration')
  assert.equal(Object.values(timed).reduce((n, v) => n + v.count, 0), 3)
})
