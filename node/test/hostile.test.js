'use strict'

// The hostile-input catalogue (tests/vectors/hostile.json, shared with the
// Rust and Python suites): the contract's error or its documented accept,
// never anything else.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Webhook, WebhookVerificationError } = require('..')

const doc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'hostile.json'), 'utf8'))
const expand = (v) => (typeof v === 'string' ? v : (v.prefix || '') + v.repeat.repeat(v.times) + (v.suffix || ''))

test(`hostile inputs: ${doc.numberOfTests} cases`, () => {
  assert.ok(doc.tests.length >= 60)
  for (const c of doc.tests) {
    const label = `#${c.tcId} ${c.comment}`
    const start = Date.now()
    if (c.config_code) {
      assert.throws(() => new Webhook(c.preset, c.secrets), (e) => e instanceof RangeError && e.code === c.config_code.toUpperCase(), label)
      continue
    }
    const wh = new Webhook(c.preset, c.secrets)
    const headers = {}
    for (const [name, value] of c.headers) {
      const key = name.toLowerCase()
      headers[key] = key in headers ? [].concat(headers[key], expand(value)) : expand(value)
    }
    const body = Buffer.from(expand(c.body))
    if (c.result === 'valid') {
      assert.ok(wh.verify(body, headers, { now: c.now }), label)
    } else {
      assert.throws(() => wh.verify(body, headers, { now: c.now }), (e) => {
        assert.ok(e instanceof WebhookVerificationError, `${label}: ${e}`)
        assert.equal(e.code, c.code.toUpperCase(), label)
        assert.ok(!e.message.includes(c.secrets[0]), label)
        return true
      })
    }
    assert.ok(Date.now() - start < 5000, `${label}: a hang detector, not a benchmark`)
  }
})
