'use strict'

// Webhook: a scheme and prepared keys; verifies and signs deliveries.

const native = require('./native')
const { translate, withCode, WebhookVerificationError } = require('./errors')
const { collect, index, withoutNul } = require('./headers')
const { bodyOf, secretsOf, expiryOf, timeOf, textOf, schemeArg, describe } = require('./inputs')
const LAYOUT = require('./layout')
const { Verified } = require('./verified')
const { INSPECT } = require('./inspect')
const { fetchInto } = require('./keys')

const kNative = Symbol('native')

// Which build a Webhook belongs to, by a registered key, so that an
// integration of the other build (WebAssembly's bundled layer, or the
// addon's) can tell and refuse it: their error classes differ.
const BUILD = Symbol.for('hookproof.build')
const BUILT_ON = typeof native.initSync === 'function' ? 'WebAssembly' : 'native addon'
const kIndex = Symbol('headerIndex')
const kScheme = Symbol('scheme')
const kIdHeader = Symbol('idHeader')
const kTolerance = Symbol('tolerance')
const kIo = Symbol('io')
const kFetches = Symbol('fetchesKeys')
const kHandshake = Symbol('handshake')
const kTenant = Symbol('tenant')
const kResolver = Symbol('resolver')

/**
 * Calls the native layer (the addon, or the WebAssembly build). `io`
 * carries `now` and the repeated-name bits in, and the answer out; the
 * values go as the request's own strings, a scheme's sixth and later ones
 * NUL-joined (see webhookVerify in bindings/node/src/webhook.rs and
 * bindings/wasm/src/lib.rs).
 */
function nativeVerify (handle, raw, values, repeated, options, io) {
  const { now } = options ?? NO_OPTIONS
  const url = textOf(options?.url, 'url')
  const method = textOf(options?.method, 'method')
  const t = timeOf(now, 'now')
  // NaN means "the clock" on the way in; a NaN `now` goes as Infinity,
  // which the addon refuses like any time that is not finite.
  io[LAYOUT.now] = t === undefined ? NaN : Number.isNaN(t) ? Infinity : t
  io[LAYOUT.repeated] = repeated
  const v = values
  // The addon tells a NUL inside one of the first values from a separator;
  // in the joined rest it cannot, so those NULs go as U+FFFD (refused).
  const v5 = v.length > 6 ? withoutNul(v.slice(5)).join('\0') : v[5]
  if (url === undefined && method === undefined) {
    return typeof raw === 'string'
      ? native.webhookVerifyText(handle, raw, io.bytes, v[0], v[1], v[2], v[3], v[4], v5)
      : native.webhookVerify(handle, raw, io.bytes, v[0], v[1], v[2], v[3], v[4], v5)
  }
  return native.webhookVerifyRequest(handle, raw, url, method, io.bytes, v[0], v[1], v[2], v[3], v[4], v5)
}

const NO_OPTIONS = Object.freeze({})

/** Whether a scheme's sender publishes its keys (read from its JSON form, only when no secret was given). */
function publishesKeys (name, isJson) {
  try {
    return 'keys_from' in JSON.parse(isJson ? name : native.schemeJson(name))
  } catch {
    return false // an unknown scheme: the constructor says so
  }
}

/** An audience or topic option: a string or an array of strings. */
function listOf (value, what) {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : [value]
  if (!list.every((v) => typeof v === 'string')) {
    throw withCode(new TypeError(`${what} is a string or an array of strings, not ${describe(value)}`), 'ERR_INVALID_ARG_TYPE')
  }
  return list
}

/** Verifies deliveries of one scheme; keys are prepared once, here. */
class Webhook {
  /**
   * @param {string|Scheme} scheme preset name or Scheme
   * @param {string|Buffer|{secret: string|Buffer, notAfter?: number|Date}|Array<string|Buffer|{secret: string|Buffer, notAfter?: number|Date}>} secret
   *   newest first when several; `notAfter` is the last second a secret verifies
   * @param {{tolerance?: number|null}} [options] seconds; null turns the timestamp check off
   */
  constructor (scheme, secret, options = {}) {
    const [name, isJson] = schemeArg(scheme)
    // A sender that publishes its keys (aws-sns, google-pubsub,
    // azure-event-grid, plaid, paypal) takes no
    // secret; every other scheme still says a missing one is missing.
    const published = (secret === undefined || secret === null) && publishesKeys(name, isJson)
    const secrets = published ? [] : secretsOf(secret)
    const tolerance = options && options.tolerance
    if (tolerance !== undefined && tolerance !== null && typeof tolerance !== 'number') {
      throw withCode(new TypeError(`tolerance is a number of seconds or null, not ${describe(tolerance)}`), 'ERR_INVALID_ARG_TYPE')
    }
    const resolver = options?.resolver
    if (resolver !== undefined && typeof resolver !== 'function') {
      throw withCode(new TypeError(`resolver is an async function of a URL, not ${describe(resolver)}`), 'ERR_INVALID_ARG_TYPE')
    }
    let handle
    try {
      handle = native.webhookNew(name, isJson, secrets, tolerance ?? undefined, tolerance === null,
        published ? [] : expiryOf(secret), listOf(options?.audience, 'audience'), textOf(options?.email, 'email'),
        listOf(options?.topic, 'topic'), textOf(options?.directory, 'directory'),
        textOf(options?.webhookId, 'webhookId'), textOf(options?.tenant, 'tenant'))
    } catch (err) {
      throw translate(err)
    }
    this[kFetches] = native.webhookFetchesKeys(handle)
    this[kHandshake] = native.webhookHasHandshake(handle)
    this[kTenant] = options?.tenant ?? null // checked by the core just above
    this[kResolver] = resolver
    const [schemeName, idHeader, seconds, ...headerNames] = native.webhookDescribe(handle)
    this[kNative] = handle
    this[kScheme] = schemeName
    this[kIdHeader] = idHeader || null
    this[kTolerance] = seconds === '' ? null : Number(seconds)
    this.headerNames = headerNames
    this[kIndex] = index(headerNames)
    // The addon's answer lands here, every call: see nativeVerify.
    const io = new Float64Array(LAYOUT.length)
    io.bytes = new Uint8Array(io.buffer)
    this[kIo] = io
  }

  /** A Webhook whose secret(s) come from environment variables (newest first). */
  static fromEnv (scheme, ...names) {
    const options = names.length && typeof names[names.length - 1] === 'object' ? names.pop() : {}
    if (names.length === 0) throw new TypeError('fromEnv needs the name of at least one environment variable')
    // Workers and Vercel Edge have no process.env: their secrets come with
    // the request (the handler's env), so the Webhook is built from that.
    const env = globalThis.process?.env
    if (!env) throw new TypeError('fromEnv: this runtime has no process.env; pass the secret itself (on Cloudflare Workers, from the handler\'s env)')
    const secrets = names.map((name) => {
      const value = env[name]
      if (value === undefined) throw withCode(new RangeError(`environment variable ${name} is not set`), 'INVALID_SECRET')
      if (value === '') throw withCode(new RangeError(`environment variable ${name} is empty`), 'INVALID_SECRET')
      return value
    })
    return new Webhook(scheme, secrets, options)
  }

  get scheme () { return this[kScheme] }
  /** The tenant this Webhook verifies for (its `tenant` option), or null: a dedup store keeps each tenant's keys apart. */
  get tenant () { return this[kTenant] }
  /** Whether the scheme's keys are fetched from its sender (aws-sns, google-pubsub, azure-event-grid, plaid, paypal): verify with verifyAsync. */
  get fetchesKeys () { return this[kFetches] }
  get [BUILD] () { return BUILT_ON }
  get tolerance () { return this[kTolerance] }
  get idHeader () { return this[kIdHeader] }
  /** Whether the scheme signs the request URL (Twilio, Square, HubSpot): the integrations pass it. */
  get signsUrl () { return native.webhookSigns(this[kNative])[0] }
  /** Whether the scheme signs the request method (HubSpot). */
  get signsMethod () { return native.webhookSigns(this[kNative])[1] }
  /** The header the dedup key comes from, if it comes from a header; null otherwise. */
  get dedupHeader () { return native.webhookDedupHeader(this[kNative]) ?? null }

  /**
   * The JSON to answer a verified delivery with (status 200) when it is
   * its sender's subscription handshake (Azure Event Grid's validation
   * event), or null. The integrations answer it without calling the app.
   * @param {Verified} delivery what verify returned
   * @returns {string|null}
   */
  handshake (delivery) {
    if (!(delivery instanceof Verified)) {
      throw withCode(new TypeError(`handshake takes what verify returned, not ${describe(delivery)}`), 'ERR_INVALID_ARG_TYPE')
    }
    // Reading the event may parse the body (Stripe's type): only for a
    // scheme whose sender has a handshake.
    if (!this[kHandshake]) return null
    return native.webhookHandshake(this[kNative], delivery.event ?? undefined, delivery.body) ?? null
  }

  /**
   * Verifies a delivery.
   * @param {Buffer|Uint8Array|string} body the raw request body
   * @param {object} headers req.headers, any case, or a WHATWG Headers
   * @param {{now?: number|Date, url?: string, method?: string}} [options]
   */
  verify (body, headers, options) {
    const raw = bodyOf(body)
    const idx = this[kIndex]
    const values = collect(idx, headers)
    const io = this[kIo]
    try {
      nativeVerify(this[kNative], raw, values, idx.repeated, options, io)
    } catch (err) {
      throw translate(err)
    }
    return new Verified(this[kNative], raw, this[kScheme], values, io, this[kTenant])
  }

  /**
   * `verify` for any scheme, fetching first (without blocking) a key the
   * sender publishes that this Webhook does not hold fresh: the resolver
   * given to the constructor, or the runtime's `fetch`. A fetch that fails
   * is a WebhookVerificationError with code KEY_UNAVAILABLE.
   * @returns {Promise<Verified>}
   */
  async verifyAsync (body, headers, options) {
    const failure = this[kFetches] ? await this.fetchKeys(body, headers, options) : null
    try {
      return this.verify(body, headers, options)
    } catch (err) {
      // No stale key to fall back on: the fetch's own failure says why.
      throw failure && err.code === 'KEY_UNAVAILABLE' ? failure : err
    }
  }

  /**
   * Fetches what verifying this delivery needs and is not cached (see
   * verifyAsync). Resolves to the KEY_UNAVAILABLE error of a fetch that
   * failed or gave no key (verify then uses a stale key if one is cached),
   * or null; rejects when the delivery names no key it may fetch.
   */
  async fetchKeys (body, headers, options) {
    const url = this.keyUrl(body, headers, options)
    if (url === null) return null
    try {
      await fetchInto(this[kNative], url, this[kResolver], timeOf(options?.now, 'now'))
    } catch (err) {
      const e = translate(err)
      if (e instanceof WebhookVerificationError && e.code === 'KEY_UNAVAILABLE') return e
      throw e
    }
    return null
  }

  /**
   * The URL of the key document this delivery needs and this Webhook does
   * not hold fresh, or null: for an app that fetches it itself and hands
   * it to addKeys. A URL the scheme does not trust throws instead.
   */
  keyUrl (body, headers, options) {
    const idx = this[kIndex]
    const values = collect(idx, headers).map((v) => v ?? '')
    try {
      return native.webhookKeyUrl(this[kNative], bodyOf(body), values, idx.repeated, timeOf(options?.now, 'now')) ?? null
    } catch (err) {
      throw translate(err)
    }
  }

  /**
   * Keeps a key document fetched from `url` (a JWKS, or a PEM
   * certificate), with the response's Cache-Control; throws
   * KEY_UNAVAILABLE when it holds no usable key.
   * @param {{cacheControl?: string|null, now?: number|Date}} [options]
   */
  addKeys (url, document, options = {}) {
    try {
      native.webhookAddKeys(this[kNative], textOf(url, 'url'), typeof document === 'string' ? document : bodyOf(document),
        textOf(options.cacheControl ?? undefined, 'cacheControl'), timeOf(options.now, 'now'))
    } catch (err) {
      throw translate(err)
    }
  }

  /** The headers a sender attaches to `body`. */
  sign (body, options = {}) {
    const raw = bodyOf(body)
    let flat
    try {
      flat = native.webhookSign(this[kNative], raw, timeOf(options.timestamp, 'timestamp'), textOf(options.id, 'id'), textOf(options.url, 'url'), textOf(options.method, 'method'))
    } catch (err) {
      throw translate(err)
    }
    const headers = {}
    for (let i = 0; i < flat.length; i += 2) headers[flat[i]] = flat[i + 1]
    return headers
  }

  [INSPECT] () {
    return `Webhook { scheme: '${this.scheme}', tolerance: ${this.tolerance} }`
  }
}

module.exports = { Webhook, BUILD, BUILT_ON }
