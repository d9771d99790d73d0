'use strict'

// hookproof/lambda: how an event is read, from the vectors Python's
// test_aws_lambda.py reads too, and what the spec cannot show (the https
// URL a URL-signing sender signed; how a result without a statusCode
// settles). The integration spec runs over all three gateways in spec.test.js.

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const { Webhook, MemoryDedup } = require('..')
const { withWebhook, seenOf, bodyOf } = require('../lambda')
const signers = require('./signers')

const EVENTS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'integration', 'lambda_events.json'), 'utf8'))

for (const c of EVENTS.tests) {
  test(`event #${c.tcId}: ${c.comment}`, () => {
    const seen = seenOf(c.event)
    assert.deepEqual([seen.method, `${seen.scheme}://${seen.host}${seen.target}`, seen.client], [c.expect.method, c.expect.url, c.expect.client])
    const body = bodyOf(c.event, c.max_body)
    assert.deepEqual(body, c.expect.body === null ? null : Buffer.from(c.expect.body, 'utf8'))
  })
}

const TOKEN = 'twilio_auth_token_for_lambda_tests'
const FORM = new URLSearchParams([['CallSid', 'CA1234'], ['Body', 'hello & bye']]).toString()

/** Twilio's published algorithm, by hand: HMAC-SHA1 of the URL and the sorted form pairs, base64. */
function twilioSignature (url, form) {
  const pairs = [...new URLSearchParams(form)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return crypto.createHmac('sha1', TOKEN).update(url + pairs.map(([k, v]) => k + v).join('')).digest('base64')
}

test('a function URL event: the https URL Twilio signed, rebuilt from rawPath and rawQueryString', async () => {
  const host = 'xyz.lambda-url.us-west-2.on.aws'
  const rejected = []
  const handler = withWebhook(new Webhook('twilio', TOKEN), async (event, delivery) => ({ statusCode: 200, body: new URLSearchParams(delivery.body.toString()).get('CallSid') }), { onReject: (r) => rejected.push([r.code, r.client]), logger: { warn () {} } })
  const event = (signature) => ({
    version: '2.0',
    rawPath: '/hooks/twilio',
    rawQueryString: 'tenant=a%20b&x=1',
    headers: { host, 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    requestContext: { domainName: host, http: { method: 'POST', path: '/hooks/twilio', sourceIp: '198.51.100.5' } },
    body: Buffer.from(FORM).toString('base64'),
    isBase64Encoded: true
  })
  const url = `https://${host}/hooks/twilio?tenant=a%20b&x=1`
  assert.deepEqual(await handler(event(twilioSignature(url, FORM)), {}), { statusCode: 200, body: 'CA1234' })
  const forged = await handler(event(twilioSignature(url + '&y=2', FORM)), {})
  assert.deepEqual([forged.statusCode, JSON.parse(forged.body)], [400, { error: 'signature_mismatch' }])
  assert.deepEqual(rejected, [['signature_mismatch', '198.51.100.5']])
})

test('a result without a statusCode settles as the gateway answers it: 2.0 completes, 1.0 releases', async () => {
  const secret = 'whsec_lambda_settle_secret_5e6f7a8b'
  const runs = []
  const handler = withWebhook(new Webhook('cloro', secret), async (event) => {
    runs.push(event.version || '1.0')
    return { ok: true }
  }, { dedup: new MemoryDedup() })
  const event = (version, id) => {
    const body = JSON.stringify({ task: { id: id.replace(/-1$/, '') } })
    const headers = signers.cloro(secret, body, { id })
    const common = { headers, body, isBase64Encoded: false }
    return version === '2.0'
      ? { version, rawPath: '/hook', rawQueryString: '', requestContext: { http: { method: 'POST', sourceIp: '198.51.100.9' } }, ...common }
      : { httpMethod: 'POST', path: '/hook', requestContext: { path: '/hook', identity: { sourceIp: '198.51.100.9' } }, ...common }
  }
  assert.deepEqual(await handler(event('2.0', 't-v2-1')), { ok: true })
  assert.deepEqual(JSON.parse((await handler(event('2.0', 't-v2-1'))).body), { status: 'duplicate' })
  await handler(event('1.0', 't-v1-1'))
  await handler(event('1.0', 't-v1-1'))
  assert.deepEqual(runs, ['2.0', '1.0', '1.0'])
})

test('a statusCode given as a string settles by its number: "503" releases, so the retry runs', async () => {
  const secret = 'whsec_lambda_settle_secret_5e6f7a8b'
  const runs = []
  const handler = withWebhook(new Webhook('cloro', secret), async (event, delivery) => {
    runs.push(delivery.id)
    return { statusCode: runs.length === 1 ? '503' : '200', body: '' }
  }, { dedup: new MemoryDedup() })
  const body = JSON.stringify({ task: { id: 't-busy' } })
  const event = () => ({ version: '2.0', rawPath: '/hook', rawQueryString: '', headers: signers.cloro(secret, body, { id: 't-busy-1' }), requestContext: { http: { method: 'POST' } }, body, isBase64Encoded: false })
  assert.equal((await handler(event())).statusCode, '503')
  assert.equal((await handler(event())).statusCode, '200')
  assert.deepEqual(JSON.parse((await handler(event())).body), { status: 'duplicate' })
  assert.deepEqual(runs, ['t-busy-1', 't-busy-1'])
})
