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

const native = require('./native')

const DEFAULT_LEASE_MS = 60_000
const DEFAULT_TTL_MS = 3 * 24 * 3600_000 // Stripe retries for up to three days

// Web Crypto: a global in Node 19+, Bun, Deno and every edge runtime; Node
// 18 has it only as node:crypto's webcrypto (looked up when first needed:
// the WebAssembly layer cannot require it, so there RedisDedup needs Node 19).
const webcrypto = () => globalThis.crypto ?? require('node:crypto').webcrypto

/** A claim's holder: 8 random bytes as hex. */
function token () {
  const bytes = webcrypto().getRandomValues(new Uint8Array(8))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * In-process store: one Node process (cluster workers each keep their own).
 * The core's (hookproof::dedup::MemoryDedup), the same as Python's, on a
 * monotonic clock; at most maxEntries keys, the least recently claimed
 * forgotten first.
 */
class MemoryDedup {
  #store

  constructor ({ lease = DEFAULT_LEASE_MS, ttl = DEFAULT_TTL_MS, maxEntries = 100_000 } = {}) {
    if (!(lease > 0 && ttl > 0 && maxEntries > 0)) throw new RangeError('lease, ttl and maxEntries must be positive')
    this.#store = native.memoryDedupNew(lease, ttl, maxEntries)
    Object.assign(this, { lease, ttl, maxEntries })
  }

  async claim (key) { return native.memoryDedupClaim(this.#store, key) }

  async complete (key, t) { native.memoryDedupComplete(this.#store, key, t) }

  async release (key, t) { native.memoryDedupRelease(this.#store, key, t) }

  get size () { return native.memoryDedupSize(this.#store) }
}

// The scripts are written once, in the Rust core (hookproof::dedup).
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

// token and the defaults are for postgres_dedup.js, not the public API.
module.exports = { MemoryDedup, RedisDedup, token, DEFAULT_LEASE_MS, DEFAULT_TTL_MS }
