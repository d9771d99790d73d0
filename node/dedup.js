'use strict'

// Exactly-once handling (see python/hookproof/dedup.py for the same design):
// a delivery's dedupKey is claimed before the handler runs, completed when it
// succeeds, released when it fails, so the sender's retry is processed.
//
//   claim(key)            -> ['claimed', token] | ['in_flight', ''] | ['done', '']
//   complete(key, token)  keeps the key as done for `ttl` ms
//   release(key, token)   forgets the claim
//
// Claims expire after `lease` ms so a crashed worker never blocks a delivery;
// only the claim's holder (its random token) can complete or release it.

const crypto = require('node:crypto')

const DEFAULT_LEASE_MS = 60_000
const DEFAULT_TTL_MS = 3 * 24 * 3600_000 // Stripe retries for up to three days

const token = () => crypto.randomBytes(8).toString('hex')

/** In-process store: one Node process (cluster workers each keep their own). */
class MemoryDedup {
  #entries = new Map() // key -> { state, token, expires }, oldest first

  constructor ({ lease = DEFAULT_LEASE_MS, ttl = DEFAULT_TTL_MS, maxEntries = 100_000 } = {}) {
    if (!(lease > 0 && ttl > 0 && maxEntries > 0)) throw new RangeError('lease, ttl and maxEntries must be positive')
    Object.assign(this, { lease, ttl, maxEntries })
  }

  async claim (key) {
    const now = Date.now()
    const entry = this.#entries.get(key)
    if (entry && entry.expires > now) return [entry.state === 'done' ? 'done' : 'in_flight', '']
    const t = token()
    this.#entries.delete(key)
    this.#entries.set(key, { state: 'in_flight', token: t, expires: now + this.lease })
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value)
    return ['claimed', t]
  }

  async complete (key, t) {
    const entry = this.#entries.get(key)
    if (entry && entry.token === t) Object.assign(entry, { state: 'done', expires: Date.now() + this.ttl })
  }

  async release (key, t) {
    const entry = this.#entries.get(key)
    if (entry && entry.token === t && entry.state === 'in_flight') this.#entries.delete(key)
  }

  get size () { return this.#entries.size }
}

// The scripts are written once, in the Rust core (hookproof::dedup).
const native = require('./native')
const { WebhookVerificationError } = require('./errors')
const [CLAIM, COMPLETE, RELEASE] = native.dedupScripts()

/**
 * A store in Redis shared by every process and instance. Takes your own
 * connected client: `redis` (node-redis) or `ioredis`. One atomic Lua script
 * per operation.
 */
class RedisDedup {
  #send

  constructor (client, { prefix = 'hookproof:', lease = DEFAULT_LEASE_MS, ttl = DEFAULT_TTL_MS } = {}) {
    if (!client) throw new TypeError('RedisDedup needs a redis or ioredis client')
    // ioredis: client.call(...args); node-redis: client.sendCommand([...args]).
    if (typeof client.call === 'function') this.#send = (args) => client.call(...args)
    else if (typeof client.sendCommand === 'function') this.#send = (args) => client.sendCommand(args)
    else throw new TypeError('RedisDedup needs a redis (node-redis) or ioredis client')
    Object.assign(this, { prefix, lease, ttl })
  }

  #eval (script, key, ...args) {
    return this.#send(['EVAL', script, '1', this.prefix + key, ...args.map(String)])
  }

  async claim (key) {
    const t = token()
    const state = String(await this.#eval(CLAIM, key, t, this.lease))
    return [state === 'claimed' ? 'claimed' : state === 'done' ? 'done' : 'in_flight', state === 'claimed' ? t : '']
  }

  async complete (key, t) { await this.#eval(COMPLETE, key, t, this.ttl) }

  async release (key, t) { await this.#eval(RELEASE, key, t) }
}

// --------------------------------------------------------------- wiring
//
// The integrations' shared steps. A store error fails closed: 503, handler
// not run (the sender retries later).

const DUPLICATE = [200, { status: 'duplicate' }]
const IN_FLIGHT = [409, { error: 'in_flight' }]
const UNAVAILABLE = [503, { error: 'dedup_unavailable' }]

const NO_KEY = [400, { error: 'missing_header' }]

/**
 * A store is configured but the delivery has no dedup key: refused or run
 * without deduplication, and logged, by the core's rule
 * (hookproof::dedup::without_key).
 */
function withoutKey (delivery, logger, { wh, requireKey = true, client } = {}) {
  const { refuse, line } = native.dedupWithoutKey(delivery.scheme, (wh && wh.dedupHeader) ?? undefined,
    requireKey, delivery.id ?? undefined, typeof client === 'string' ? client : undefined)
  logger.warn(line)
  return refuse ? { answer: NO_KEY } : {}
}

/**
 * Claims a verified delivery: { answer } to send instead, or { claim }.
 * `how`: { wh, requireKey, client }, for a delivery that has no dedup key.
 */
async function begin (store, delivery, logger, how) {
  if (!store) return {}
  let dedupKey
  try {
    dedupKey = delivery.dedupKey
  } catch (err) {
    // The id header disagrees with the key the signed body carries (cloro's
    // task.id): changed on the way, most likely by a replay. A rejection.
    if (!(err instanceof WebhookVerificationError)) throw err
    const code = err.code.toLowerCase()
    const { client } = how || {}
    logger.warn(native.rejectionLine(code, delivery.scheme, delivery.id ?? undefined, typeof client === 'string' ? client : undefined))
    return { answer: [400, { error: code }] }
  }
  if (!dedupKey) return withoutKey(delivery, logger, how)
  const key = `${delivery.scheme}:${dedupKey}`
  let state, t
  try {
    ;[state, t] = await store.claim(key)
  } catch (err) {
    ;(logger.error || logger.warn).call(logger, `webhook not processed: dedup store unavailable (${err && err.name})`)
    return { answer: UNAVAILABLE }
  }
  if (state === 'done') return { answer: DUPLICATE }
  if (state === 'in_flight') return { answer: IN_FLIGHT }
  return { claim: [key, t] }
}

/** Completes the claim after a success, releases it otherwise. */
async function finish (store, claim, succeeded, logger) {
  if (!store || !claim) return
  try {
    await (succeeded ? store.complete(...claim) : store.release(...claim))
  } catch (err) {
    // The claim expires after its lease; until then a retry answers 409.
    ;(logger.error || logger.warn).call(logger, `dedup store failed to ${succeeded ? 'complete' : 'release'} a claim (${err && err.name})`)
  }
}

module.exports = { MemoryDedup, RedisDedup, begin, finish }
