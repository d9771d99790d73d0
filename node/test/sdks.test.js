'use strict'

// Round trips with the providers' own Node SDKs: what the SDK signs,
// hookproof verifies; what hookproof signs, the SDK verifies.

const test = require('node:test')
const assert = require('node:assert/strict')
const hookproof = require('..')

const NOW = Math.floor(Date.now() / 1000)
const BODY = JSON.stringify({ id: 'evt_123', type: 'invoice.paid', data: { n: 1 } })

test('stripe', () => {
  const Stripe = require('stripe')
  const stripe = new Stripe('sk_test_placeholder_not_used')
  const secret = 'whsec_stripe_sdk_round_trip_secret'
  const header = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp: NOW })
  const v = new hookproof.Webhook('stripe', secret).verify(BODY, { 'stripe-signature': header })
  assert.deepEqual([v.dedupKey, v.event, v.timestamp], ['evt_123', 'invoice.paid', NOW])
  const ours = hookproof.sign(BODY, { scheme: 'stripe', secret })
  assert.equal(stripe.webhooks.constructEvent(BODY, ours['Stripe-Signature'], secret).id, 'evt_123')
  assert.throws(() => stripe.webhooks.constructEvent(BODY + ' ', ours['Stripe-Signature'], secret))
})

for (const pkg of ['svix', 'standardwebhooks']) {
  test(pkg, () => {
    const { Webhook } = require(pkg)
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const sdk = new Webhook(secret)
    const sig = sdk.sign('msg_sdk_1', new Date(NOW * 1000), BODY)
    for (const [scheme, prefix] of [['standard', 'webhook'], ['svix', 'svix']]) {
      const headers = { [`${prefix}-id`]: 'msg_sdk_1', [`${prefix}-timestamp`]: String(NOW), [`${prefix}-signature`]: sig }
      assert.equal(new hookproof.Webhook(scheme, secret).verify(BODY, headers).dedupKey, 'msg_sdk_1')
    }
    const ours = new hookproof.Webhook('standard', secret).sign(BODY, { id: 'msg_ours_1' })
    const sdkHeaders = {}
    for (const p of ['svix', 'webhook']) for (const k of ['id', 'timestamp', 'signature']) sdkHeaders[`${p}-${k}`] = ours[`webhook-${k}`]
    sdk.verify(BODY, sdkHeaders)
    assert.throws(() => sdk.verify(BODY + ' ', sdkHeaders))
  })
}

test('@octokit/webhooks-methods (GitHub)', async () => {
  const { sign, verify } = await import('@octokit/webhooks-methods')
  const secret = "It's a Secret to Everybody"
  const signature = await sign(secret, BODY)
  const v = new hookproof.Webhook('github', secret).verify(BODY, {
    'x-hub-signature-256': signature,
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    'x-github-event': 'push'
  })
  assert.deepEqual([v.id, v.event], ['72d3162e-cc78-11e3-81ab-4c9367dc0958', 'push'])
  const ours = new hookproof.Webhook('github', secret).sign(BODY)
  assert.equal(await verify(secret, BODY, ours['X-Hub-Signature-256']), true)
  assert.equal(await verify(secret, BODY + ' ', ours['X-Hub-Signature-256']), false)
})

test('sendgrid', () => {
  // SendGrid's SDK only verifies (starkbank-ecdsa): hookproof signs with a
  // PKCS#8 key from node:crypto, the SDK checks with the base64 public key
  // SendGrid shows, and hookproof checks what node:crypto signs.
  const crypto = require('node:crypto')
  const { EventWebhook } = require('@sendgrid/eventwebhook')
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' })
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
  const body = '[{"email":"a@example.com","event":"delivered","sg_event_id":"ZGVs"}]\r\n'
  const ours = new hookproof.Webhook('sendgrid', pkcs8).sign(body)
  const sig = ours['X-Twilio-Email-Event-Webhook-Signature']
  const ts = ours['X-Twilio-Email-Event-Webhook-Timestamp']
  const sdk = new EventWebhook()
  const key = sdk.convertPublicKeyToECDSA(spki)
  assert.equal(sdk.verifySignature(key, body, sig, ts), true)
  assert.equal(sdk.verifySignature(key, body.trimEnd(), sig, ts), false)
  const theirs = crypto.sign('sha256', Buffer.from(`${NOW}${body}`), privateKey).toString('base64')
  const headers = { 'X-Twilio-Email-Event-Webhook-Signature': theirs, 'X-Twilio-Email-Event-Webhook-Timestamp': String(NOW) }
  assert.equal(new hookproof.Webhook('sendgrid', spki).verify(body, headers).timestamp, NOW)
})

test('pusher', () => {
  // pusher's own WebHook checks what hookproof signs (it also wants the
  // X-Pusher-Key header, which names the app, not a secret).
  const Pusher = require('pusher')
  const pusher = new Pusher({ appId: '1', key: 'app-key', secret: 'pusher_app_secret_round_trip', cluster: 'mt1' })
  const rawBody = JSON.stringify({ time_ms: NOW * 1000, events: [{ name: 'channel_occupied', channel: 'test' }] })
  const ours = new hookproof.Webhook('pusher', 'pusher_app_secret_round_trip').sign(rawBody)
  const headers = { 'content-type': 'application/json', 'x-pusher-key': 'app-key', 'x-pusher-signature': ours['X-Pusher-Signature'] }
  const hook = pusher.webhook({ headers, rawBody })
  assert.equal(hook.isValid(), true)
  assert.deepEqual(hook.getEvents(), [{ name: 'channel_occupied', channel: 'test' }])
  assert.equal(pusher.webhook({ headers, rawBody: rawBody.replace('test', 'tost') }).isValid(), false)
  const v = new hookproof.Webhook('pusher', 'pusher_app_secret_round_trip').verify(rawBody, headers)
  assert.equal(v.timestamp, NOW)
})
