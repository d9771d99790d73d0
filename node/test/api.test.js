'use strict'

// The Node contract beyond the vectors: error classes and codes, argument
// types, secrets kept out of every message and inspect output.

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const util = require('node:util')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const hookproof = require('..')
const signers = require('./signers')

const SECRET = 'whsec_node_api_test_secret_6e2a'
const BODY = Buffer.from('{"task":{"id":"b27a21e1-7c39-4aa2-a347-23e828c426f9"}}')
const TS = 1748419200
const cloro = () => new hookproof.Webhook('cloro', SECRET)

test('sign matches node:crypto', () => {
  const headers = cloro().sign(BODY, { timestamp: TS, id: 'task-1' })
  const expected = crypto.createHmac('sha256', SECRET).update(`${TS}.`).update(BODY).digest('hex')
  assert.deepEqual(headers, {
    'X-Cloro-Timestamp': String(TS),
    'X-Cloro-Webhook-Id': 'task-1',
    'X-Cloro-Signature': `v1=${expected}`
  })
  assert.deepEqual(hookproof.sign(BODY, { scheme: 'cloro', secret: SECRET, timestamp: TS, id: 'task-1' }), headers)
})

test('deliveries signed by node:crypto verify, for each founding scheme', () => {
  const cases = [
    ['cloro', SECRET, signers.cloro],
    ['fileloom', 'fl_node_secret_value', signers.fileloom],
    ['standard', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', signers.standard]
  ]
  for (const [scheme, secret, sign] of cases) {
    const v = new hookproof.Webhook(scheme, secret).verify(BODY, sign(secret, BODY))
    assert.equal(v.scheme, scheme)
    assert.equal(v.json().task.id, 'b27a21e1-7c39-4aa2-a347-23e828c426f9')
    assert.ok(v.body.equals(BODY))
  }
})

test('every verification code, as WebhookVerificationError', () => {
  const wh = cloro()
  const good = wh.sign(BODY, { timestamp: TS })
  const cases = [
    [{}, TS, 'MISSING_HEADER'],
    [{ ...good, 'X-Cloro-Signature': 'v1=zz' }, TS, 'MALFORMED_HEADER'],
    [good, TS + 301, 'TIMESTAMP_TOO_OLD'],
    [good, TS - 301, 'TIMESTAMP_TOO_NEW'],
    [wh.sign(Buffer.from('other'), { timestamp: TS }), TS, 'SIGNATURE_MISMATCH']
  ]
  for (const [headers, now, code] of cases) {
    assert.throws(() => wh.verify(BODY, headers, { now }), (err) => {
      assert.ok(err instanceof hookproof.WebhookVerificationError)
      assert.ok(err instanceof Error)
      assert.equal(err.name, 'WebhookVerificationError')
      assert.equal(err.code, code)
      return true
    })
  }
})

test('bad configuration throws TypeError or RangeError from the constructor', () => {
  const cases = [
    [['cloro', undefined], TypeError, 'ERR_INVALID_ARG_TYPE'],
    [['cloro', 42], TypeError, 'ERR_INVALID_ARG_TYPE'],
    [[42, SECRET], TypeError, 'ERR_INVALID_ARG_TYPE'],
    [['cloro', SECRET, { tolerance: '300' }], TypeError, 'ERR_INVALID_ARG_TYPE'],
    [['stripee', SECRET], RangeError, 'UNKNOWN_SCHEME'],
    [['cloro', ''], RangeError, 'INVALID_SECRET'],
    [['cloro', []], RangeError, 'INVALID_ARGUMENT'],
    [['cloro', 'sk_live_123456789'], RangeError, 'INVALID_SECRET'],
    [['cloro', SECRET, { tolerance: -1 }], RangeError, 'INVALID_ARGUMENT'],
    [['cloro', SECRET, { tolerance: 1.5 }], RangeError, 'INVALID_ARGUMENT'],
    [['standard', 'whsec_!!!'], RangeError, 'INVALID_SECRET']
  ]
  for (const [args, cls, code] of cases) {
    assert.throws(() => new hookproof.Webhook(...args), (err) => err instanceof cls && err.code === code, JSON.stringify(args))
  }
})

test('bodies and headers of the wrong type throw TypeError', () => {
  const headers = cloro().sign(BODY, { timestamp: TS })
  for (const body of [undefined, null, 42, { a: 1 }, ['x']]) {
    assert.throws(() => cloro().verify(body, headers, { now: TS }), TypeError)
  }
  for (const bad of [undefined, null, 'x-cloro-signature: v1=..']) {
    assert.throws(() => cloro().verify(BODY, bad, { now: TS }), TypeError)
  }
  assert.throws(() => cloro().verify(BODY, { 'x-cloro-signature': 5 }, { now: TS }), TypeError)
  // A Headers-like object (get/has/entries) is held to the same rules.
  const like = (value) => ({ get: (name) => (name === 'x-cloro-signature' ? value : null), has: () => true, entries: () => [] })
  assert.throws(() => cloro().verify(BODY, like(5), { now: TS }), { code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => cloro().verify(BODY, like(['v1=a', 'v1=b']), { now: TS }), { code: 'MALFORMED_HEADER' })
  assert.throws(() => cloro().verify(BODY, headers, { now: '1748419200' }), TypeError)
  assert.throws(() => cloro().verify(BODY, headers, { now: NaN }), RangeError)
})

test('header values of every length around the addon\'s 512-unit read verify whole', () => {
  // The addon reads the joined values (signature, timestamp, id) into a
  // 512-unit stack buffer and takes a heap copy past it. The id, signed and
  // last, would lose its end if a long text were cut; blanks padding the
  // signature header are trimmed by the verifier.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
  const wh = new hookproof.Webhook('standard', secret)
  const id = `msg_${'x'.repeat(200)}`
  const signed = signers.standard(secret, BODY, { ts: TS, id })
  const joined = (h) => wh.headerNames.map((n) => h[n]).join('\0').length
  const padTo = (length, last) => {
    const h = { ...signed }
    const room = length - joined(h) - last.length
    h['webhook-signature'] += ' '.repeat(room) + last
    assert.equal(joined(h), length)
    return h
  }
  for (let length = 500; length <= 530; length++) {
    assert.equal(wh.verify(BODY, padTo(length, ''), { now: TS }).id, id, `length ${length}`)
    // A non-ASCII unit anywhere, here last before the separator, is refused.
    assert.throws(() => wh.verify(BODY, padTo(length, '\u00e9'), { now: TS }), { code: 'MALFORMED_HEADER' }, `length ${length}`)
  }
})

test('a scheme with more than six header names verifies (values from the sixth on travel joined)', () => {
  // The addon takes six values; from the sixth name on they travel joined.
  const secret = 'many-names-secret'
  const scheme = new hookproof.Scheme({
    name: 'many',
    signature_header: ['x-a-signature', 'x-b-signature', 'x-c-signature'],
    signature_format: { list: { prefix: 'v1=' } },
    timestamp_header: ['x-a-timestamp', 'x-c-timestamp'],
    id_header: ['x-a-id', 'x-c-id'],
    event_header: 'x-c-event',
    message: '{id}.{timestamp}.{body}',
    algorithm: 'hmac-sha256',
    key: 'utf8',
    encoding: 'hex',
    tolerance: 300
  })
  const wh = new hookproof.Webhook(scheme, secret)
  assert.deepEqual(wh.headerNames.slice(6), ['x-c-id', 'x-c-event'])
  const sign = (id) => crypto.createHmac('sha256', secret).update(`${id}.${TS}.`).update(BODY).digest('hex')
  const headers = { 'x-c-signature': `v1=${sign('dlv-7')}`, 'x-c-timestamp': String(TS), 'x-c-id': 'dlv-7', 'x-c-event': 'thing.done' }
  const v = wh.verify(BODY, headers, { now: TS })
  assert.deepEqual([v.id, v.event, v.timestamp], ['dlv-7', 'thing.done', TS])
  // The id read from the joined part is the one signed.
  assert.throws(() => wh.verify(BODY, { ...headers, 'x-c-id': 'dlv-8' }, { now: TS }), { code: 'SIGNATURE_MISMATCH' })
  assert.throws(() => wh.verify(BODY, { ...headers, 'x-c-event': ['a', 'b'] }, { now: TS }), { code: 'MALFORMED_HEADER' })
  // A NUL inside a value of the joined part is refused, not read as a split.
  assert.throws(() => wh.verify(BODY, { ...headers, 'x-c-id': 'dlv-7\0' }, { now: TS }), { code: 'MALFORMED_HEADER' })
})

test('ArrayBuffer and DataView bodies verify; Date and fractional now work', () => {
  const headers = cloro().sign(BODY, { timestamp: TS })
  const copy = new Uint8Array(BODY).buffer
  assert.equal(cloro().verify(copy, headers, { now: TS }).timestamp, TS)
  assert.equal(cloro().verify(new DataView(copy), headers, { now: new Date(TS * 1000) }).timestamp, TS)
  assert.equal(cloro().verify(BODY, headers, { now: TS + 0.9 }).timestamp, TS)
})

test('tolerance: default, override, off', () => {
  const headers = cloro().sign(BODY, { timestamp: TS })
  assert.equal(cloro().tolerance, 300)
  assert.throws(() => cloro().verify(BODY, headers, { now: TS + 301 }), { code: 'TIMESTAMP_TOO_OLD' })
  assert.ok(new hookproof.Webhook('cloro', SECRET, { tolerance: 400 }).verify(BODY, headers, { now: TS + 301 }))
  const off = new hookproof.Webhook('cloro', SECRET, { tolerance: null })
  assert.equal(off.tolerance, null)
  assert.ok(off.verify(BODY, headers, { now: TS + 1e9 }))
})

test('rotation reports keyIndex', () => {
  const old = new hookproof.Webhook('cloro', Buffer.from('whsec_older_secret_value_99'))
  const both = new hookproof.Webhook('cloro', ['whsec_new_secret_value_12', 'whsec_older_secret_value_99'])
  assert.equal(both.verify(BODY, old.sign(BODY, { timestamp: TS }), { now: TS }).keyIndex, 1)
})

test('no message or inspect output shows a secret or the expected signature', () => {
  const wh = new hookproof.Webhook('cloro', [SECRET, 'whsec_older_secret_value_99'])
  const headers = wh.sign(BODY, { timestamp: TS })
  const good = headers['X-Cloro-Signature'].slice(3)
  const texts = [util.inspect(wh), util.inspect(wh, { showHidden: true, depth: 5 }), JSON.stringify(wh), String(wh)]
  for (const [body, now] of [[Buffer.from('tampered'), TS], [BODY, TS + 1e4]]) {
    try {
      wh.verify(body, headers, { now })
    } catch (err) {
      texts.push(err.message, util.inspect(err))
    }
  }
  texts.push(util.inspect(wh.verify(BODY, headers, { now: TS })))
  for (const text of texts) {
    assert.ok(!text.includes(SECRET) && !text.includes('older_secret') && !text.includes(good.slice(0, 12)), text)
  }
})

test('fromEnv reads secrets and names an unset or empty variable', () => {
  process.env.HOOKPROOF_NODE_SECRET = SECRET
  process.env.HOOKPROOF_NODE_EMPTY = ''
  delete process.env.HOOKPROOF_NODE_UNSET
  const wh = hookproof.Webhook.fromEnv('cloro', 'HOOKPROOF_NODE_SECRET', { tolerance: 60 })
  assert.equal(wh.tolerance, 60)
  assert.ok(wh.verify(BODY, cloro().sign(BODY, { timestamp: TS }), { now: TS }))
  assert.throws(() => hookproof.Webhook.fromEnv('cloro', 'HOOKPROOF_NODE_UNSET'), /HOOKPROOF_NODE_UNSET is not set/)
  assert.throws(() => hookproof.Webhook.fromEnv('cloro', 'HOOKPROOF_NODE_EMPTY'), /HOOKPROOF_NODE_EMPTY is empty/)
})

test('custom schemes from a definition object', () => {
  const scheme = new hookproof.Scheme({
    name: 'acme',
    signature_header: 'X-Acme-Signature',
    signature_format: { list: { prefix: 'sha256=' } },
    message: '{body}',
    algorithm: 'hmac-sha256',
    key: 'utf8',
    encoding: 'hex',
    tolerance: null
  })
  assert.equal(scheme.name, 'acme')
  const sig = crypto.createHmac('sha256', 'acme-secret').update(BODY).digest('hex')
  assert.equal(new hookproof.Webhook(scheme, 'acme-secret').verify(BODY, { 'x-acme-signature': `sha256=${sig}` }).scheme, 'acme')
  assert.throws(() => new hookproof.Scheme({ name: 'acme', colour: 'blue' }), (err) => err instanceof RangeError && err.code === 'INVALID_SCHEME')
  assert.equal(hookproof.Scheme.preset('cloro').toJSON().signature_header, 'X-Cloro-Signature')
})

test('schemes() lists the presets, schemeDescriptions() describes each', () => {
  for (const name of ['cloro', 'fileloom', 'standard', 'svix', 'clerk', 'resend', 'stripe', 'twilio']) assert.ok(hookproof.schemes().includes(name))
  const described = hookproof.schemeDescriptions()
  assert.deepEqual(Object.keys(described), hookproof.schemes())
  assert.match(described.stripe, /Stripe-Signature/)
})

test('ESM import gives the same API (package self-reference)', () => {
  const code = "import { Webhook, WebhookVerificationError, schemes } from 'hookproof'; import def from 'hookproof'; " +
    "console.log(typeof Webhook, typeof WebhookVerificationError, schemes().length > 0, def.Webhook === Webhook)"
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: path.join(__dirname, '..'), encoding: 'utf8' })
  assert.equal(out.trim(), 'function function true true')
})

test('a cloro delivery whose id header names another task: the key throws, JSON.stringify does not', () => {
  const wh = new hookproof.Webhook('cloro', 'whsec_api_forged_id_secret_value')
  const body = JSON.stringify({ task: { id: 't-1' } })
  const headers = { ...wh.sign(body, { id: 't-1-1' }), 'X-Cloro-Webhook-Id': 't-2-1' }
  const v = wh.verify(body, headers)
  assert.throws(() => v.dedupKey, { code: 'MALFORMED_HEADER' })
  assert.deepEqual(JSON.parse(JSON.stringify(v)), { scheme: 'cloro', id: 't-2-1', timestamp: v.timestamp, event: null, dedupKey: null, keyIndex: 0 })
})

test('a url, method or id that is not a string is a TypeError before the native layer sees it (both builds)', () => {
  const { Webhook } = hookproof
  const wh = new Webhook('twilio', 'twilio_auth_token_for_api_tests')
  const url = new URL('https://hooks.example.com/twilio')
  for (const call of [
    () => wh.verify('a=1', { 'x-twilio-signature': 'x' }, { url }),
    () => wh.verify('a=1', { 'x-twilio-signature': 'x' }, { url: url.href, method: 1 }),
    () => wh.sign('a=1', { url }),
    () => new Webhook('standard', 'whsec_' + Buffer.from('k'.repeat(32)).toString('base64')).sign('{}', { id: 7 }),
    () => hookproof.explain('a=1', {}, { scheme: 'twilio', secret: 'x', url })
  ]) {
    assert.throws(call, (err) => err instanceof TypeError && err.code === 'ERR_INVALID_ARG_TYPE' && /is a string, not/.test(err.message))
  }
  // Its href is what a URL-signing scheme takes.
  assert.throws(() => wh.verify('a=1', { 'x-twilio-signature': 'x' }, { url: url.href }), hookproof.WebhookVerificationError)
})

test('identify: the presets a request points to, most specific first, from req.headers or Fetch Headers', () => {
  const github = {
    'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    'x-github-event': 'push'
  }
  assert.deepEqual(hookproof.identify(github), ['github', 'meta'])
  assert.deepEqual(hookproof.identify(new Headers(github)), ['github', 'meta'])
  assert.deepEqual(hookproof.identify({ 'X-Hub-Signature': 'sha1=00' }), ['github-sha1', 'intercom'])
  assert.deepEqual(hookproof.identify({ 'X-Hub-Signature': 'sha256=00' }), ['bitbucket'])
  assert.deepEqual(hookproof.identify({ 'content-type': 'application/json' }), [])
  assert.throws(() => hookproof.identify(null), TypeError)
})
