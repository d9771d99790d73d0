'use strict'

// Node benchmark: hookproof against a careful node:crypto verifier and the
// providers' SDKs, on the same deliveries, in one process; times and ratios.
//
//   make bench-node        (or: node node/bench/node_bench.js [--quick])

const crypto = require('node:crypto')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { Webhook } = require('..')

const QUICK = process.argv.includes('--quick')
const REPEATS = QUICK ? 5 : 11
const SECRET = 'whsec_benchmark_secret_0123456789abcdef'

/** The middle of `xs` (sorted in place; for 11 rounds, the sixth). */
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Calls of `fn` that take about `seconds`. */
function calibrate (fn, seconds) {
  let n = 1
  for (;;) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    const dt = Number(process.hrtime.bigint() - t0) / 1e9
    if (dt > seconds / 4) return Math.ceil((n * seconds) / dt)
    n *= 2
  }
}

/**
 * Seconds per call of each of `fns`, measured round-robin: each round runs
 * every function's calibrated loop once; each figure is the median over the
 * rounds. Interleaving keeps the ratios honest on a shared machine whose
 * speed drifts by ±20 % over seconds (seen here).
 */
function compare (fns) {
  const loops = fns.map((fn) => calibrate(fn, QUICK ? 0.1 : 0.2))
  const runs = fns.map(() => [])
  for (let r = 0; r < REPEATS; r++) {
    fns.forEach((fn, i) => {
      const n = loops[i]
      const t0 = process.hrtime.bigint()
      for (let k = 0; k < n; k++) fn()
      runs[i].push(Number(process.hrtime.bigint() - t0) / 1e9 / n)
    })
  }
  return runs.map(median)
}

/**
 * Seconds per call of the async `fn` (each call awaited) and of the sync
 * `sync`, measured round-robin like compare().
 */
async function compareAsync (fn, sync) {
  const n = QUICK ? 1000 : 2000
  const loop = calibrate(sync, QUICK ? 0.1 : 0.2)
  const runs = [[], []]
  for (let r = 0; r < REPEATS; r++) {
    let t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) await fn()
    runs[0].push(Number(process.hrtime.bigint() - t0) / 1e9 / n)
    t0 = process.hrtime.bigint()
    for (let i = 0; i < loop; i++) sync()
    runs[1].push(Number(process.hrtime.bigint() - t0) / 1e9 / loop)
  }
  return runs.map(median)
}

/**
 * The Rust core's own empty-body cloro verify in ns, one ~40 ms round timed
 * now by crates/hookproof/examples/core_time.rs (`make bench-node` builds
 * it); undefined when it is not built.
 */
function coreNs () {
  const target = process.env.CARGO_TARGET_DIR || path.join(__dirname, '..', '..', 'target')
  try {
    const ns = Number(execFileSync(path.join(target, 'release', 'examples', 'core_time'), ['0', 'cloro', '1'], { encoding: 'utf8', timeout: 60000 }))
    return Number.isFinite(ns) ? ns : undefined
  } catch {
    return undefined
  }
}

/**
 * `fn`'s time, the core's, and the median of their differences in ns, each
 * round of `fn`'s ~40 ms loop paired with a round of the core's, so that a
 * drift of the machine's speed falls on both sides of a difference.
 */
function overheadNs (fn) {
  const n = calibrate(fn, 0.04)
  const ours = []
  const core = []
  const diff = []
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    const mine = Number(process.hrtime.bigint() - t0) / n
    const theirs = coreNs()
    if (theirs === undefined) return undefined
    ours.push(mine)
    core.push(theirs)
    diff.push(mine - theirs)
  }
  return [median(ours), median(core), median(diff)]
}

const jsonBody = (size) => Buffer.from('{"data":"' + 'x'.repeat(Math.max(0, size - 11)) + '"}')

/** A careful hand-written cloro verifier on node:crypto, against the clock. */
function cryptoCloro (secret, body, headers, tolerance = 300) {
  const ts = headers['x-cloro-timestamp']
  const sig = headers['x-cloro-signature']
  if (!ts || !sig || !/^\d+$/.test(ts)) throw new Error('missing or malformed header')
  if (Math.abs(Date.now() / 1000 - Number(ts)) > tolerance) throw new Error('timestamp outside tolerance')
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
    // Signed now and verified against the clock, as in production: both
    // verifiers read the time themselves.
    const body = jsonBody(size)
    const headers = lower(wh.sign(body, { id: 'task-1' }))
    cryptoCloro(SECRET, body, headers)
    const [sha, ours, theirs] = compare([
      () => crypto.createHash('sha256').update(body).digest(),
      () => wh.verify(body, headers),
      () => cryptoCloro(SECRET, body, headers)
    ])
    console.log(`| ${label} | createHash('sha256') digest | ${fmt(sha)} | 1.00× | |`)
    console.log(`| ${label} | hookproof Webhook.verify | ${fmt(ours)} | ${(ours / sha).toFixed(2)}× | |`)
    console.log(`| ${label} | node:crypto verifier | ${fmt(theirs)} | ${(theirs / sha).toFixed(2)}× | ${(theirs / ours).toFixed(1)}× |`)
    if (size === 1 << 20) console.log(`| ${label} | hookproof throughput vs raw SHA-256 | | ${(sha / ours).toFixed(2)} of SHA-256 | |`)
  }
  const nothing = Buffer.alloc(0)
  const empty = lower(wh.sign(nothing, { id: 'task-1' }))
  const [tEmpty, tShaEmpty] = compare([
    () => wh.verify(nothing, empty),
    () => crypto.createHash('sha256').update('').digest()
  ])
  console.log(`\nPer-call cost with an empty body: hookproof ${(tEmpty * 1e9).toFixed(0)} ns; createHash('sha256') of nothing ${(tShaEmpty * 1e9).toFixed(0)} ns.`)
  const paired = overheadNs(() => wh.verify(nothing, empty))
  if (paired === undefined) {
    console.log("(The core's own time was not measured: build it with `make bench-node`.)\n")
  } else {
    const [ours, core, diff] = paired
    console.log(`Paired with the Rust core's own empty-body verify, round by round: hookproof ${ours.toFixed(0)} ns, the core ${core.toFixed(0)} ns; Node's per-call overhead ${diff.toFixed(0)} ns (median of the differences).\n`)
  }

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
  const sw = new (require('standardwebhooks').Webhook)('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
  const sv = new (require('svix').Webhook)('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
  const gh = new Webhook('github', 'github-bench-secret')
  const ghHeaders = lower(gh.sign(body, { id: 'd1' }))
  const Stripe = require('stripe')
  const stripe = new Stripe('sk_test_placeholder_not_used')
  const stSecret = 'whsec_stripe_bench_secret_value'
  const st = new Webhook('stripe', stSecret)
  const stHeader = stripe.webhooks.generateTestHeaderString({ payload: text, secret: stSecret, timestamp: now })
  const stHeaders = { 'stripe-signature': stHeader }
  const [oursStd, swT, svT, oursSt, stT] = compare([
    () => std.verify(body, stdHeaders),
    () => sw.verify(text, stdHeaders),
    () => sv.verify(text, svixHeaders),
    () => st.verify(body, stHeaders),
    () => stripe.webhooks.constructEvent(text, stHeader, stSecret)
  ])
  // @octokit's verify is async: each call awaited, in rounds with ours.
  const octokit = await import('@octokit/webhooks-methods')
  const [octoT, oursGh] = await compareAsync(
    () => octokit.verify('github-bench-secret', text, ghHeaders['x-hub-signature-256']),
    () => gh.verify(body, ghHeaders)
  )
  const rows = [
    ['hookproof standard preset', oursStd, null],
    ['standardwebhooks', swT, oursStd],
    ['svix', svT, oursStd],
    ['hookproof github preset', oursGh, null],
    ['@octokit/webhooks-methods verify (async)', octoT, oursGh],
    ['hookproof stripe preset', oursSt, null],
    ['stripe (webhooks.constructEvent)', stT, oursSt]
  ]
  for (const [name, t, ours] of rows) console.log(`| ${name} | ${fmt(t)} | ${ours ? (t / ours).toFixed(1) + '×' : ''} |`)
  containerRows()
}

/**
 * A 1 KiB cloro delivery as an app receives it: with the 3 signed headers
 * only, and among 12 more (a real request has 12-20: proxies, tracing),
 * in a plain object (Express's and Fastify's req.headers, Node's own
 * IncomingMessage) and in a Fetch Headers (hookproof/web, edge runtimes).
 * Each against the node:crypto verifier on the same container, and the
 * cost of each extra header.
 */
function containerRows () {
  const wh = new Webhook('cloro', SECRET)
  const body = jsonBody(1024)
  const signed = lower(wh.sign(body, { id: 'task-1' }))
  const noise = {}
  for (let i = 0; i < 12; i++) noise[`x-trace-${i}`] = `span-${i}-0123456789abcdef`
  const wide = { 'user-agent': 'cloro/1.0', ...noise, ...signed }
  const many = Object.keys(wide).length
  const fetchOf = (h) => new Headers(h)
  const getter = (h) => ({ 'x-cloro-timestamp': h.get('x-cloro-timestamp'), 'x-cloro-signature': h.get('x-cloro-signature') })
  const cases = [
    ['plain object, 3 headers', signed, signed],
    [`plain object (req.headers), ${many} headers`, wide, wide],
    ['Fetch Headers, 3 headers', fetchOf(signed), null],
    [`Fetch Headers, ${many} headers`, fetchOf(wide), null]
  ]
  const fns = []
  for (const [, headers, plain] of cases) {
    fns.push(() => wh.verify(body, headers))
    fns.push(plain ? () => cryptoCloro(SECRET, body, plain) : () => cryptoCloro(SECRET, body, getter(headers)))
  }
  const times = compare(fns)
  console.log(`\n## header containers, 1 KiB cloro delivery\n`)
  console.log('| headers | hookproof | node:crypto verifier | hookproof speed-up | vs plain object, 3 headers |')
  console.log('|---|---|---|---|---|')
  const base = times[0]
  cases.forEach(([name], i) => {
    const [ours, theirs] = [times[2 * i], times[2 * i + 1]]
    console.log(`| ${name} | ${fmt(ours)} | ${fmt(theirs)} | ${(theirs / ours).toFixed(2)}× | ${(ours / base).toFixed(2)}× |`)
  })
  const perHeader = (wideT, narrowT) => ((wideT - narrowT) / (many - 3) * 1e9).toFixed(0)
  console.log(`\nEach header beyond the 3 signed ones costs hookproof ${perHeader(times[2], times[0])} ns in a plain object, ${perHeader(times[6], times[4])} ns in a Fetch Headers.`)
}

main()
