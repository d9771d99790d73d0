'use strict'

// Rotation with an end date: { secret, notAfter } in the secrets list.
// Also run on the WebAssembly build (WASM_SUITES in the Makefile).

const test = require('node:test')
const assert = require('node:assert/strict')
const { Webhook, WebhookVerificationError } = require('..')

const T = 1_700_000_000
const BODY = '{"id":"evt_1","type":"invoice.paid"}'
const signed = (secret, at) => new Webhook('stripe', secret).sign(BODY, { timestamp: at })

test('a secret verifies until its notAfter, then the error names it as expired', () => {
  const wh = new Webhook('stripe', ['new-secret', { secret: 'old-secret', notAfter: T }])
  assert.equal(wh.verify(BODY, signed('old-secret', T), { now: T }).keyIndex, 1)
  assert.throws(() => wh.verify(BODY, signed('old-secret', T + 1), { now: T + 1 }), (err) =>
    err instanceof WebhookVerificationError && err.code === 'SIGNATURE_MISMATCH' && /secret 2 .* past its not_after/.test(err.message))
  // A forgery still says only that nothing matched.
  assert.throws(() => wh.verify(BODY, signed('forger', T + 1), { now: T + 1 }), (err) =>
    err.code === 'SIGNATURE_MISMATCH' && !err.message.includes('not_after'))
  assert.equal(wh.verify(BODY, signed('new-secret', T + 1), { now: T + 1 }).keyIndex, 0)
})

test('notAfter takes a Date; a bad one is refused', () => {
  const wh = new Webhook('stripe', [{ secret: 'old-secret', notAfter: new Date(T * 1000) }])
  assert.throws(() => wh.verify(BODY, signed('old-secret', T + 1), { now: T + 1 }), { code: 'SIGNATURE_MISMATCH' })
  assert.throws(() => new Webhook('stripe', [{ secret: 'old-secret', notAfter: 'soon' }]), TypeError)
  // An invalid Date (an unset variable parsed) must not mean "never".
  assert.throws(() => new Webhook('stripe', [{ secret: 'old-secret', notAfter: new Date('bad') }]), RangeError)
  assert.throws(() => new Webhook('stripe', [{ secret: 'old-secret', notAfter: NaN }]), RangeError)
  assert.throws(() => new Webhook('stripe', [{ secret: 42 }]), TypeError)
})

test('a sender signs with the first secret in force', () => {
  const sender = new Webhook('stripe', [{ secret: 'old-secret', notAfter: T }, 'new-secret'])
  new Webhook('stripe', 'new-secret').verify(BODY, sender.sign(BODY, { timestamp: T + 1 }), { now: T + 1 })
  new Webhook('stripe', 'old-secret').verify(BODY, sender.sign(BODY, { timestamp: T }), { now: T })
})
