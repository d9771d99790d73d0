'use strict'

// Senders that publish their keys (AWS SNS, Google Pub/Sub push, Azure
// Event Grid, Plaid; PayPal's published delivery, its certificate handed
// over), verified
// end to end: the default resolver (the runtime's fetch) gets the
// certificate or the JWKS over real HTTPS from a loopback server whose
// certificate tests/tls/ca.pem signs, passed explicitly; the core caches
// it; hookproof/express answers 503 while it cannot be had. The key hosts'
// names are pointed at the loopback server where TLS connections are made
// (tls.connect), so fetch, TLS and the hostname check run unmodified and
// nothing leaves the machine.

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const https = require('node:https')
const path = require('node:path')
const tls = require('node:tls')
const express = require('express')
const { WebhookVerificationError } = require('..')
const { listen, post } = require('./helpers')

const ROOT = path.join(__dirname, '..', '..')
const TLS = path.join(ROOT, 'tests', 'tls')
const KEY = crypto.createPrivateKey(fs.readFileSync(path.join(ROOT, 'tests/vectors/families/keys/test_rsa_2048.pem')))
const vectors = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'vectors', name), 'utf8'))
const HOSTS = new Set(['sns.eu-west-1.amazonaws.com', 'sns.us-east-2.amazonaws.com', 'www.googleapis.com', 'login.microsoftonline.com', 'sandbox.plaid.com'])
const JWKS_PATH = '/oauth2/v3/certs'
const AUDIENCE = 'https://hooks.example.com/push'
const EMAIL = 'push@my-project.iam.gserviceaccount.com'
const PUSH_BODY = JSON.stringify({ message: { data: 'eyJvcmRlciI6NDJ9', messageId: '2070443601311540' }, subscription: 'projects/p/subscriptions/s' })

/**
 * The loopback key server: `documents` maps a path to [status, body, headers]
 * (GET); `answers` a path to a function of a POST's JSON giving [status, body];
 * `hits` counts requests and `posted` keeps what each POST sent.
 */
async function keyServer (t) {
  const documents = new Map()
  const answers = new Map()
  const hits = {}
  const posted = []
  const server = https.createServer({ cert: fs.readFileSync(path.join(TLS, 'server.pem')), key: fs.readFileSync(path.join(TLS, 'server-key.pem')) }, async (req, res) => {
    hits[req.url] = (hits[req.url] ?? 0) + 1
    if (req.method === 'POST') {
      const chunks = []
      for await (const chunk of req) chunks.push(chunk)
      const asked = JSON.parse(Buffer.concat(chunks).toString())
      posted.push(asked)
      const [status, body] = answers.has(req.url) ? answers.get(req.url)(asked) : [404, '{}']
      res.writeHead(status)
      res.end(body)
      return
    }
    const [status, body, headers] = documents.get(req.url) ?? [404, 'not found', {}]
    res.writeHead(status, headers)
    res.end(body)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  const connect = tls.connect
  const ca = fs.readFileSync(path.join(TLS, 'ca.pem'))
  tls.connect = function (options, ...rest) {
    if (options && HOSTS.has(options.servername)) options = { ...options, host: '127.0.0.1', port, ca }
    return connect.call(this, options, ...rest)
  }
  t.after(() => {
    tls.connect = connect
    server.closeAllConnections()
    server.close()
  })
  return { documents, answers, hits, posted, close: () => { server.closeAllConnections(); server.close() } }
}

const b64url = (data) => Buffer.from(data).toString('base64url')

/** An RS256 token as Pub/Sub push sends it, signed here with node:crypto. */
function googleToken (at, { kid = 'key-1', audience = AUDIENCE } = {}) {
  const head = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }))
  const claims = b64url(JSON.stringify({ aud: audience, email: EMAIL, email_verified: true, iat: at, exp: at + 3600, iss: 'https://accounts.google.com', sub: '1' }))
  const sig = crypto.sign('sha256', Buffer.from(`${head}.${claims}`), KEY)
  return `${head}.${claims}.${b64url(sig)}`
}

const DIRECTORY = '1912158f-712f-400e-819d-8498b1ad6f85'
const ENTRA_JWKS_PATH = `/${DIRECTORY}/discovery/v2.0/keys`
const EVENT_GRID_APP = '4962773b-9cdb-44cf-a8bf-237846a00ab7'

/** A v2 Microsoft Entra token as Event Grid sends it: issued to Event Grid's application (azp) for the receiver's app. */
function entraToken (at, { audience, client = EVENT_GRID_APP }) {
  const head = b64url(JSON.stringify({ alg: 'RS256', kid: 'key-1', typ: 'JWT' }))
  const claims = b64url(JSON.stringify({ aud: audience, iss: `https://login.microsoftonline.com/${DIRECTORY}/v2.0`, iat: at, nbf: at, exp: at + 3600, azp: client, tid: DIRECTORY, ver: '2.0' }))
  const sig = crypto.sign('sha256', Buffer.from(`${head}.${claims}`), KEY)
  return `${head}.${claims}.${b64url(sig)}`
}

function jwks (...kids) {
  const { n, e } = crypto.createPublicKey(KEY).export({ format: 'jwk' })
  return JSON.stringify({ keys: kids.map((kid) => ({ kty: 'RSA', alg: 'RS256', use: 'sig', kid, n, e })) })
}

/** The SNS cases the vectors sign with the test key (its certificate is valid a year either side of `now`). */
function snsCase (comment) {
  const c = vectors('aws-sns.json').tests.find((t) => t.comment.startsWith(comment))
  const url = new URL(c.keys[0].url)
  return { body: c.body, headers: Object.fromEntries(c.headers), now: c.now, certPath: url.pathname, cert: c.keys[0].document, message: JSON.parse(c.body) }
}

async function code (promise) {
  try {
    await promise
    return 'verified'
  } catch (err) {
    assert.ok(err instanceof WebhookVerificationError, String(err))
    return err.code
  }
}

const { Webhook } = require('..')
const { verifyWebhook } = require('../express')

test('an SNS certificate is fetched once over HTTPS, and a certificate host that is not SNS never is', async (t) => {
  const server = await keyServer(t)
  const c = snsCase('SubscriptionConfirmation, SignatureVersion 2')
  server.documents.set(c.certPath, [200, c.cert, {}])
  const wh = new Webhook('aws-sns', null, { topic: c.message.TopicArn })
  const v = await wh.verifyAsync(c.body, c.headers, { now: c.now })
  assert.deepEqual([v.event, v.dedupKey], ['SubscriptionConfirmation', c.message.MessageId])
  assert.equal((await wh.verifyAsync(c.body, c.headers, { now: c.now })).event, 'SubscriptionConfirmation')
  assert.deepEqual(server.hits, { [c.certPath]: 1 })

  const forged = JSON.stringify({ ...c.message, SigningCertURL: `https://sns.eu-west-1.amazonaws.com.attacker.example${c.certPath}` })
  assert.equal(await code(new Webhook('aws-sns', null, { topic: c.message.TopicArn }).verifyAsync(forged, c.headers, { now: c.now })), 'MALFORMED_HEADER')
  assert.deepEqual(server.hits, { [c.certPath]: 1 })

  // The certificate expired a year after this message: nothing verifies.
  assert.equal(await code(wh.verifyAsync(c.body, c.headers, { now: c.now + 2 * 365 * 86400 })), 'SIGNATURE_MISMATCH')
})

test('a failed fetch is KEY_UNAVAILABLE, and the sync verify says to verify asynchronously', async (t) => {
  const server = await keyServer(t)
  const c = snsCase('SubscriptionConfirmation, SignatureVersion 2')
  for (const [status, headers] of [[500, {}], [404, {}], [302, { location: 'https://attacker.example/cert.pem' }]]) {
    server.documents.set(c.certPath, [status, '', headers])
    const err = await new Webhook('aws-sns', null, { topic: c.message.TopicArn }).verifyAsync(c.body, c.headers, { now: c.now }).catch((e) => e)
    assert.equal(err.code, 'KEY_UNAVAILABLE')
    assert.match(err.message, /sns\.eu-west-1\.amazonaws\.com/)
  }
  assert.throws(() => new Webhook('aws-sns', null, { topic: c.message.TopicArn }).verify(c.body, c.headers, { now: c.now }), { code: 'KEY_UNAVAILABLE', message: /asynchronously/ })
  server.close()
  assert.equal(await code(new Webhook('aws-sns', null, { topic: c.message.TopicArn }).verifyAsync(c.body, c.headers, { now: c.now })), 'KEY_UNAVAILABLE')
})

test('a JWKS is kept for its max-age, and an unknown kid asks again at most once a minute', async (t) => {
  const server = await keyServer(t)
  server.documents.set(JWKS_PATH, [200, jwks('key-1'), { 'cache-control': 'public, max-age=600' }])
  const wh = new Webhook('google-pubsub', null, { audience: AUDIENCE, email: EMAIL })
  const auth = (token) => ({ authorization: `Bearer ${token}` })
  const now = Math.floor(Date.now() / 1000)
  const v = await wh.verifyAsync(PUSH_BODY, auth(googleToken(now)), { now })
  assert.deepEqual([v.timestamp, v.dedupKey], [now, '2070443601311540'])
  await wh.verifyAsync(PUSH_BODY, auth(googleToken(now)), { now: now + 599 })
  assert.deepEqual(server.hits, { [JWKS_PATH]: 1 })
  await wh.verifyAsync(PUSH_BODY, auth(googleToken(now + 600)), { now: now + 600 })
  assert.deepEqual(server.hits, { [JWKS_PATH]: 2 })

  const rotated = auth(googleToken(now + 600, { kid: 'key-2' }))
  assert.equal(await code(wh.verifyAsync(PUSH_BODY, rotated, { now: now + 601 })), 'SIGNATURE_MISMATCH')
  assert.deepEqual(server.hits, { [JWKS_PATH]: 2 })
  server.documents.set(JWKS_PATH, [200, jwks('key-1', 'key-2'), { 'cache-control': 'max-age=600' }])
  assert.equal((await wh.verifyAsync(PUSH_BODY, rotated, { now: now + 660 })).timestamp, now + 600)
  assert.deepEqual(server.hits, { [JWKS_PATH]: 3 })

  const elsewhere = auth(googleToken(now, { audience: 'https://other.example.com/push' }))
  assert.equal(await code(wh.verifyAsync(PUSH_BODY, elsewhere, { now })), 'SIGNATURE_MISMATCH')
})

test('the docs\' Express app verifies Pub/Sub pushes', async (t) => {
  const keys = await keyServer(t)
  keys.documents.set(JWKS_PATH, [200, jwks('key-1'), { 'cache-control': 'max-age=3600' }])
  const app = express()
  // START js-published-keys
  const { Webhook } = require('hookproof')
  const { verifyWebhook } = require('hookproof/express')

  const pubsub = new Webhook('google-pubsub', null, {
    audience: 'https://hooks.example.com/push', // the push subscription's audience
    email: 'push@my-project.iam.gserviceaccount.com' // and its service account
  })
  app.post('/hooks/pubsub', verifyWebhook(pubsub), (req, res) => {
    res.json({ id: req.body.message.messageId }) // 503 instead while Google's keys cannot be fetched
  })
  // END js-published-keys
  const server = await listen(app)
  t.after(() => server.close())
  const headers = { authorization: `Bearer ${googleToken(Math.floor(Date.now() / 1000))}` }
  const r = await post(`${server.base}/hooks/pubsub`, PUSH_BODY, headers)
  assert.deepEqual([r.status, r.body], [200, { id: '2070443601311540' }])
  const now = Math.floor(Date.now() / 1000)
  const body = PUSH_BODY
  // START js-verify-async
  const delivery = await pubsub.verifyAsync(body, headers) // fetches the keys first when needed
  // END js-verify-async
  assert.equal(delivery.timestamp <= now + 1, true)
})

test('hookproof/express answers 503 while the key cannot be had', async (t) => {
  const keys = await keyServer(t)
  // Each state gets its own Webhook: a failed fetch is asked for again only after 10 s.
  const app = (wh) => {
    const made = express()
    made.post('/push', verifyWebhook(wh, { logger: { warn () {}, error () {} } }), (req, res) => res.json({ message: req.webhook.dedupKey }))
    return made
  }
  const headers = { authorization: `Bearer ${googleToken(Math.floor(Date.now() / 1000))}`, 'content-type': 'application/json' }
  for (const [status, want] of [[503, [503, { error: 'key_unavailable' }]], [200, [200, { message: '2070443601311540' }]]]) {
    keys.documents.set(JWKS_PATH, [status, status === 200 ? jwks('key-1') : '', {}])
    const server = await listen(app(new Webhook('google-pubsub', null, { audience: AUDIENCE, email: EMAIL })))
    const got = await post(`${server.base}/push`, PUSH_BODY, headers)
    await server.close()
    assert.deepEqual([got.status, got.body], want)
  }
})

test('a failed fetch is tried again after 10 s, and a stale key serves meanwhile', async (t) => {
  const keys = await keyServer(t)
  const wh = new Webhook('google-pubsub', null, { audience: AUDIENCE, email: EMAIL })
  const now = Math.floor(Date.now() / 1000)
  const headers = { authorization: `Bearer ${googleToken(now)}` }
  const hits = () => keys.hits[JWKS_PATH] ?? 0
  keys.documents.set(JWKS_PATH, [503, '', {}])
  assert.equal(await code(wh.verifyAsync(PUSH_BODY, headers, { now })), 'KEY_UNAVAILABLE')
  // (A connection the pool kept from an earlier test can fail this first
  // fetch before it reaches the server: the count is taken after it.)
  const failed = hits()
  keys.documents.set(JWKS_PATH, [200, jwks('key-1'), { 'cache-control': 'max-age=60' }])
  assert.equal(await code(wh.verifyAsync(PUSH_BODY, headers, { now: now + 9 })), 'KEY_UNAVAILABLE')
  assert.equal(hits(), failed, 'nothing is fetched within 10 s of a failed fetch')
  assert.equal(await code(wh.verifyAsync(PUSH_BODY, headers, { now: now + 10 })), 'verified')
  keys.documents.set(JWKS_PATH, [500, '', {}])
  assert.equal(await code(wh.verifyAsync(PUSH_BODY, headers, { now: now + 100 })), 'verified')
  assert.equal(hits(), failed + 2)
})

test('Event Grid: the directory\'s keys, and the validation handshake answered by hookproof/express', async (t) => {
  const keys = await keyServer(t)
  keys.documents.set(ENTRA_JWKS_PATH, [200, jwks('key-1'), { 'cache-control': 'max-age=86400' }])
  // Microsoft's example validation event, and a notification (a batch of one).
  const validation = vectors('azure-event-grid.json').tests.find((c) => c.expected?.handshake).body
  const created = JSON.stringify([{ id: '6a8d3ad2-e01e-0040-1b4a-5fa1d806d2bd', eventType: 'Microsoft.Storage.BlobCreated', data: { api: 'PutBlockList' } }])
  const handled = []
  const handle = (event) => handled.push(event.eventType)
  const app = express()
  // START js-event-grid
  const eventGrid = new Webhook('azure-event-grid', null, {
    audience: 'api://orders-webhook', // your app registration's application ID URI (or client id)
    directory: '1912158f-712f-400e-819d-8498b1ad6f85' // its Microsoft Entra directory (tenant) id
  })
  app.post('/hooks/event-grid', verifyWebhook(eventGrid), (req, res) => {
    for (const event of req.body) handle(event) // the validation handshake never gets here
    res.sendStatus(200)
  })
  // END js-event-grid
  const server = await listen(app)
  t.after(() => server.close())
  const at = Math.floor(Date.now() / 1000)
  const headers = (type, client) => ({ authorization: `Bearer ${entraToken(at, { audience: 'api://orders-webhook', client })}`, 'aeg-event-type': type, 'content-type': 'application/json' })
  const v = await post(`${server.base}/hooks/event-grid`, validation, headers('SubscriptionValidation'))
  assert.deepEqual([v.status, v.body, handled], [200, { validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' }, []])
  const n = await post(`${server.base}/hooks/event-grid`, created, headers('Notification'))
  assert.deepEqual([n.status, handled], [200, ['Microsoft.Storage.BlobCreated']])
  assert.deepEqual(keys.hits, { [ENTRA_JWKS_PATH]: 1 })
  // A token for your app issued to another client is refused, handshake or not.
  const stranger = await post(`${server.base}/hooks/event-grid`, validation, headers('SubscriptionValidation', '00000000-1111-2222-3333-444444444444'))
  assert.deepEqual([stranger.status, stranger.body], [400, { error: 'signature_mismatch' }])
  assert.throws(() => new Webhook('azure-event-grid', null, { audience: 'api://orders-webhook' }), { code: 'INVALID_ARGUMENT', message: /directory/ })
  // PayPal signs the receiver's webhook id with each delivery.
  assert.throws(() => new Webhook('paypal'), { code: 'INVALID_ARGUMENT', message: /id of your webhook/ })
  assert.equal(new Webhook('paypal', null, { webhookId: '4JH86294D6297924G' }).fetchesKeys, true)
})

// Plaid: a P-256 key served by id, as /webhook_verification_key/get does.
const PLAID_KEY = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
const PLAID_KID = '3f1c5b9e-hookproof-test'
const PLAID_PATH = '/webhook_verification_key/get'

function plaidAnswer (asked) {
  if (asked.client_id !== 'client-1' || asked.secret !== 'plaid-secret-1' || asked.key_id !== PLAID_KID) return [400, '{"error_code":"INVALID_API_KEYS"}']
  const { x, y } = PLAID_KEY.publicKey.export({ format: 'jwk' })
  return [200, JSON.stringify({ key: { alg: 'ES256', created_at: 1700000000, crv: 'P-256', expired_at: null, kid: PLAID_KID, kty: 'EC', use: 'sig', x, y }, request_id: 'req-1' })]
}

/** A webhook as Plaid sends it: the body indented by two spaces, Plaid-Verification an ES256 JWT over its SHA-256. */
function plaidWebhook (at, code = 'DEFAULT_UPDATE') {
  const body = JSON.stringify({ error: null, item_id: 'wz666MBjYWTp2PDzzggYhM6oWWmBb', new_transactions: 3, webhook_code: code, webhook_type: 'TRANSACTIONS' }, null, 2)
  const head = b64url(JSON.stringify({ alg: 'ES256', kid: PLAID_KID, typ: 'JWT' }))
  const claims = b64url(JSON.stringify({ iat: at, request_body_sha256: crypto.createHash('sha256').update(body).digest('hex') }))
  const sig = crypto.sign('sha256', Buffer.from(`${head}.${claims}`), { key: PLAID_KEY.privateKey, dsaEncoding: 'ieee-p1363' })
  return { body, headers: { 'plaid-verification': `${head}.${claims}.${b64url(sig)}`, 'content-type': 'application/json' } }
}

test('Plaid: the key fetched by id with the API keys, once, by hookproof/express', async (t) => {
  const keys = await keyServer(t)
  keys.answers.set(PLAID_PATH, plaidAnswer)
  const { plaidKeys } = require('..')
  const seen = []
  const update = (itemId) => seen.push(itemId)
  const app = express()
  // START js-plaid
  const plaid = new Webhook('plaid', null, {
    resolver: plaidKeys({ clientId: 'client-1', secret: 'plaid-secret-1', environment: 'sandbox' })
  })
  app.post('/hooks/plaid', verifyWebhook(plaid), (req, res) => {
    update(req.body.item_id) // req.webhook.event is the webhook_code
    res.sendStatus(200)
  })
  // END js-plaid
  const server = await listen(app)
  t.after(() => server.close())
  const at = Math.floor(Date.now() / 1000)
  for (const code of ['INITIAL_UPDATE', 'DEFAULT_UPDATE']) {
    const { body, headers } = plaidWebhook(at, code)
    assert.equal((await post(`${server.base}/hooks/plaid`, body, headers)).status, 200)
  }
  assert.deepEqual(seen, ['wz666MBjYWTp2PDzzggYhM6oWWmBb', 'wz666MBjYWTp2PDzzggYhM6oWWmBb'])
  assert.deepEqual(keys.posted, [{ client_id: 'client-1', secret: 'plaid-secret-1', key_id: PLAID_KID }])
  const { body, headers } = plaidWebhook(at)
  const reindented = await post(`${server.base}/hooks/plaid`, JSON.stringify(JSON.parse(body), null, 4), headers)
  assert.deepEqual([reindented.status, reindented.body], [400, { error: 'signature_mismatch' }])

  const wrong = new Webhook('plaid', null, { resolver: plaidKeys({ clientId: 'client-1', secret: 'nope', environment: 'sandbox' }) })
  assert.equal(await code(wrong.verifyAsync(body, headers)), 'KEY_UNAVAILABLE')
  const unconfigured = await new Webhook('plaid').verifyAsync(body, headers).catch((e) => e)
  assert.deepEqual([unconfigured.code, /plaidKeys/.test(unconfigured.message)], ['KEY_UNAVAILABLE', true])
  assert.equal(keys.posted.length, 2)
  assert.throws(() => plaidKeys({ clientId: 'client-1', secret: 's', environment: 'development' }), { code: 'INVALID_ARGUMENT' })
})

test('PayPal verifies the delivery its SDKs test with, for its webhook id only', () => {
  const c = vectors('paypal.json').tests[0]
  assert.deepEqual(c.flags.slice(0, 2), ['Valid', 'PublishedExample'])
  // START js-paypal
  const paypal = new Webhook('paypal', null, { webhookId: '4JH86294D6297924G' })
  // END js-paypal
  paypal.addKeys(c.keys[0].url, c.keys[0].document, { now: c.now })
  const v = paypal.verify(c.body, Object.fromEntries(c.headers), { now: c.now })
  assert.deepEqual([v.event, v.dedupKey], ['PAYMENT.SALE.COMPLETED', 'WH-0G2756385H040842W-5Y612302CV158622M'])
  const other = new Webhook('paypal', null, { webhookId: '6HY79521VR978045E' })
  other.addKeys(c.keys[0].url, c.keys[0].document, { now: c.now })
  assert.throws(() => other.verify(c.body, Object.fromEntries(c.headers), { now: c.now }), { code: 'SIGNATURE_MISMATCH' })
})
