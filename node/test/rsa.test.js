'use strict'

// A custom scheme signed with RSA (`rsa-sha256`): hookproof signs with a
// private key node:crypto generated and verifies with its public key,
// node:crypto checks what hookproof signed, and hookproof checks what
// node:crypto signed. The shared vectors (custom.json) cover the rest.
// Also run on the WebAssembly build (WASM_SUITES in the Makefile).

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { Scheme, Webhook } = require('..')

const NOW = 1_748_419_200
const BODY = '{"id":"evt_1","type":"invoice.paid"}'
// The shared vectors' acme-rsa scheme (custom.json): base64 RSA-SHA256 over
// "{timestamp}.{body}", X-Acme-Signature and X-Acme-Timestamp.
const CUSTOM = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'custom.json'), 'utf8'))
const SCHEME = new Scheme(CUSTOM.tests.find((c) => c.scheme?.name === 'acme-rsa').scheme)
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (key, type) => key.export({ type, format: 'pem' })

test('node:crypto verifies what hookproof signs, with a PKCS#8 or a PKCS#1 key', () => {
  for (const type of ['pkcs8', 'pkcs1']) {
    const headers = new Webhook(SCHEME, pem(privateKey, type)).sign(BODY, { timestamp: NOW })
    assert.equal(headers['X-Acme-Timestamp'], String(NOW))
    const signature = Buffer.from(headers['X-Acme-Signature'], 'base64')
    assert.equal(crypto.verify('sha256', Buffer.from(`${NOW}.${BODY}`), publicKey, signature), true, type)
    assert.equal(crypto.verify('sha256', Buffer.from(`${NOW}.${BODY} `), publicKey, signature), false, type)
  }
})

test('hookproof verifies what node:crypto signs', () => {
  const signature = crypto.sign('sha256', Buffer.from(`${NOW}.${BODY}`), privateKey).toString('base64')
  const headers = { 'X-Acme-Signature': signature, 'X-Acme-Timestamp': String(NOW) }
  const receiver = new Webhook(SCHEME, pem(publicKey, 'spki'), { tolerance: null })
  assert.equal(receiver.verify(BODY, headers).timestamp, NOW)
  assert.throws(() => receiver.verify(BODY + ' ', headers), { code: 'SIGNATURE_MISMATCH' })
})

test('a public key cannot sign, and a 1024-bit key is refused without being quoted', () => {
  assert.throws(() => new Webhook(SCHEME, pem(publicKey, 'spki')).sign(BODY), { code: 'INVALID_ARGUMENT' })
  const short = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey
  const text = pem(short, 'pkcs8')
  assert.throws(() => new Webhook(SCHEME, text), (err) => {
    assert.equal(err.code, 'INVALID_SECRET')
    const shown = `${err.message} ${require('node:util').inspect(err)}`
    for (const line of text.split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'))) {
      assert.ok(!shown.includes(line), shown)
    }
    return true
  })
})
