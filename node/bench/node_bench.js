'use strict'

// Node benchmark: hookproof against a careful node:crypto verifier and the
// providers' SDKs, on the same deliveries, in one process; times and ratios.
//
//   make bench-node        (or: node node/bench/node_bench.js [--quick])

const crypto = require('node:crypto')
const { Webhook } = require('..')

const QUICK = process.argv.includes('--quick')
const REPEATS = QUICK ? 3 : 7
const NOW = 1748419200
const SECRET = 'whsec_benchmark_secret_0123456789abcdef'

/** Seconds per call: median of REPEATS timed runs of a calibrated loop. */
function bench (fn) {
  let n = 1
  for (;;) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    const dt = Number(process.hrtime.bigint() - t0) / 1e9
    if (dt > 0.05) break
    n *= 2
  }
  n = Math.ceil(n * (QUICK ? 2 : 4))
  const runs = []
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    runs.push(Number(process.hrtime.bigint() - t0) / 1e9 / n)
  }
  runs.sort((a, b) => a - b)
  return runs[Math.floor(runs.length / 2)]
}

async function benchAsync (fn) {
  let n = 1000
  const runs = []
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) await fn()
    runs.push(Number(process.hrtime.bigint() - t0) / 1e9 / n)
  }
  runs.sort((a, b) => a - b)
  return runs[Math.floor(runs.length / 2)]
}

const jsonBody = (size) => Buffer.from('{"data":"' + 'x'.repeat(Math.max(0, size - 11)) + '"}')

/** A careful hand-written cloro verifier on node:crypto. */
function cryptoCloro (secret, body, headers, now, tolerance = 300) {
  const ts = headers['x-cloro-timestamp']
  const sig = headers['x-cloro-signature']
  if (!ts || !sig || !/^\d+$/.test(ts)) throw new Error('missing or malformed header')
  if (Math.abs(now - Number(ts)) > tolerance) throw new Error('timestamp outside tolerance')
  const expected = crypto.createHmac('sha256', secret).update(`${ts}.`).update(body).digest()
  for (const part of sig.split(/[ ,]+/)) {
    if (!part.startsWith('v1=')) continue
    const given = Buffer.from(part.slice(3), 'hex')
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return true
  }
  throw new Error('signature mismatch')
}

const fmt = (t) => (t < 1e-3 ? `${(t * 1e6).toFixed(2)} µs` : `${(t * 1e3).toFixed(3)} ms`)
const lower = (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))

async function main () {
  console.log(`# Node ${process.version}\n`)
  console.log("## cloro deliveries: time per verify, and ratio to createHash('sha256') of the body\n")
  console.log('| body | implementation | time | vs sha256 | hookproof speed-up |')
  console.log('|---|---|---|---|---|')
  const wh = new Webhook('cloro', SECRET)
  for (const [label, size] of [['256 B', 256], ['1 KiB', 1024], ['16 KiB', 16 << 10], ['1 MiB', 1 << 20]]) {
    const body = jsonBody(size)
    const headers = lower(wh.sign(body, { timestamp: NOW, id: 'task-1' }))
    cryptoCloro(SECRET, body, headers, NOW)
    const sha = bench(() => crypto.createHash('sha256').update(body).digest())
    const ours = bench(() => wh.verify(body, headers, { now: NOW }))
    const theirs = bench(() => cryptoCloro(SECRET, body, headers, NOW))
    console.log(`| ${label} | createHash('sha256') digest | ${fmt(sha)} | 1.00× | |`)
    console.log(`| ${label} | hookproof Webhook.verify | ${fmt(ours)} | ${(ours / sha).toFixed(2)}× | |`)
    console.log(`| ${label} | node:crypto verifier | ${fmt(theirs)} | ${(theirs / sha).toFixed(2)}× | ${(theirs / ours).toFixed(1)}× |`)
    if (size === 1 << 20) console.log(`| ${label} | hookproof throughput vs raw SHA-256 | | ${(sha / ours).toFixed(2)} of SHA-256 | |`)
  }
  const empty = lower(wh.sign('', { timestamp: NOW, id: 'task-1' }))
  const tEmpty = bench(() => wh.verify('', empty, { now: NOW }))
  console.log(`\nPer-call cost with an empty body: hookproof ${(tEmpty * 1e9).toFixed(0)} ns; createHash('sha256') of nothing ${(bench(() => crypto.createHash('sha256').update('').digest()) * 1e9).toFixed(0)} ns.\n`)

  console.log('## peers, 1 KiB body (each on its own scheme, hookproof on the same one)\n')
  console.log('| implementation | time | hookproof speed-up |')
  console.log('|---|---|---|')
  const body = jsonBody(1024)
  const text = body.toString()
  const now = Math.floor(Date.now() / 1000)
  const std = new Webhook('standard', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
  const stdHeaders = std.sign(body, { timestamp: now, id: 'msg_1' })
  const svixHeaders = { ...stdHeaders }
  for (const [k, v] of Object.entries(stdHeaders)) svixHeaders[k.replace('webhook', 'svix')] = v
  const oursStd = bench(() => std.verify(body, stdHeaders))
  const sw = new (require('standardwebhooks').Webhook)('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
  const sv = new (require('svix').Webhook)('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
  const rows = [['hookproof standard preset', oursStd, null]]
  rows.push(['standardwebhooks', bench(() => sw.verify(text, stdHeaders)), oursStd])
  rows.push(['svix', bench(() => sv.verify(text, svixHeaders)), oursStd])
  const gh = new Webhook('github', 'github-bench-secret')
  const ghHeaders = lower(gh.sign(body, { id: 'd1' }))
  const oursGh = bench(() => gh.verify(body, ghHeaders))
  const octokit = await import('@octokit/webhooks-methods')
  rows.push(['hookproof github preset', oursGh, null])
  rows.push(['@octokit/webhooks-methods verify (async)', await benchAsync(() => octokit.verify('github-bench-secret', text, ghHeaders['x-hub-signature-256'])), oursGh])
  const Stripe = require('stripe')
  const stripe = new Stripe('sk_test_placeholder_not_used')
  const stSecret = 'whsec_stripe_bench_secret_value'
  const st = new Webhook('stripe', stSecret)
  const stHeader = stripe.webhooks.generateTestHeaderString({ payload: text, secret: stSecret, timestamp: now })
  const oursSt = bench(() => st.verify(body, { 'stripe-signature': stHeader }))
  rows.push(['hookproof stripe preset', oursSt, null])
  rows.push(['stripe (webhooks.constructEvent)', bench(() => stripe.webhooks.constructEvent(text, stHeader, stSecret)), oursSt])
  for (const [name, t, ours] of rows) console.log(`| ${name} | ${fmt(t)} | ${ours ? (t / ours).toFixed(1) + '×' : ''} |`)
}

main()
