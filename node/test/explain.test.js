'use strict'

// explain() names the mistake behind a failed delivery; deliveries are
// signed by node:crypto (signers.js) and then broken as apps break them.

const test = require('node:test')
const assert = require('node:assert/strict')
const { explain } = require('..')
const signers = require('./signers')

const SECRET = 'whsec_node_explain_secret_0099'
const BODY = JSON.stringify({ task: { id: 't1' }, n: [1, 2] })

test('express.json() + JSON.stringify re-serialization is named', () => {
  const headers = signers.cloro(SECRET, BODY)
  const found = explain(JSON.stringify(JSON.parse(BODY), null, 2), headers, { scheme: 'cloro', secret: SECRET })
  assert.equal(found.error, 'SIGNATURE_MISMATCH')
  assert.equal(found.findings[0].mistake, 'body_reserialized')
  assert.ok(!JSON.stringify(found).includes(SECRET))
})

test('svix headers under the standard scheme, and a stale clock', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
  const headers = new Headers(Object.entries(signers.standard(secret, BODY)).map(([k, v]) => [k.replace('webhook', 'svix'), v]))
  assert.ok(explain(BODY, headers, { scheme: 'standard', secret }).findings.some((f) => f.mistake === 'scheme'))
  const stale = signers.cloro(SECRET, BODY, { ts: 1 })
  assert.deepEqual(explain(BODY, stale, { scheme: 'cloro', secret: SECRET }).findings.map((f) => f.mistake), ['clock'])
})

test('genuine, and a secret from another environment', () => {
  const headers = signers.cloro(SECRET, BODY)
  assert.deepEqual(explain(BODY, headers, { scheme: 'cloro', secret: SECRET }), { error: null, findings: [] })
  assert.deepEqual(explain(BODY, headers, { scheme: 'cloro', secret: 'whsec_other_env_1' }), { error: 'SIGNATURE_MISMATCH', findings: [] })
})

// tests/vectors/explain/mistakes.json, which the Rust, CLI and Python suites
// run too: the likeliest mistake first, and every one that must be named.
const mistakes = JSON.parse(require('node:fs').readFileSync(
  require('node:path').join(__dirname, '..', '..', 'tests', 'vectors', 'explain', 'mistakes.json'), 'utf8'))
test(`shared mistakes (${mistakes.tests.length} cases) rank the likeliest first`, () => {
  for (const c of mistakes.tests) {
    const label = `#${c.tcId} ${c.comment}`
    const found = explain(c.body, Object.fromEntries(c.headers), { scheme: c.scheme, secret: c.secret, now: c.now, url: c.url ?? undefined })
    assert.equal(found.error, c.error.toUpperCase(), label)
    const named = found.findings.map((f) => f.mistake)
    assert.equal(named[0], c.first, `${label}: ${named}`)
    assert.ok(found.findings[0].fix.includes(c.fix_contains), `${label}: ${found.findings[0].fix}`)
    for (const m of c.mistakes) assert.ok(named.includes(m), `${label}: ${named} lacks ${m}`)
  }
})
