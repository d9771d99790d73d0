'use strict'

// hookproof for Node: a thin layer over the Rust core (the addon native.js loads).
// Types are checked here so mistakes give a clear TypeError; every rule about
// schemes, secrets, headers and time lives in the core.

const util = require('node:util')
const native = require('./native')
const { WebhookVerificationError, translate, withCode } = require('./errors')
const { collect, index, withoutNul } = require('./headers')
const { MemoryDedup, RedisDedup } = require('./dedup')

/**
 * Where the addon's answer lies in the Float64Array it shares with us:
 * defined once, in Rust (bindings/node/src/layout.rs), read here once.
 */
const LAYOUT = Object.freeze(native.verifyLayout())

const kNative = Symbol('native')
const kIndex = Symbol('headerIndex')
const kScheme = Symbol('scheme')
const kIdHeader = Symbol('idHeader')
const kTolerance = Symbol('tolerance')
const kIo = Symbol('io')

function bodyOf (body) {
  if (typeof body === 'string' || body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  throw withCode(new TypeError(`body must be a Buffer, Uint8Array or string (the raw request body), not ${describe(body)}`), 'ERR_INVALID_ARG_TYPE')
}

function secretsOf (secret) {
  const list = Array.isArray(secret) ? secret : [secret]
  for (const s of list) {
    if (typeof s !== 'string' && !(s instanceof Uint8Array)) {
      const hint = s === undefined ? ' (is the environment variable set?)' : ''
      throw withCode(new TypeError(`a secret must be a string or Buffer, not ${describe(s)}${hint}`), 'ERR_INVALID_ARG_TYPE')
    }
  }
  return list
}

function describe (value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? (value.constructor && value.constructor.name) || 'object' : typeof value
}

/**
 * Calls the addon. `io` carries `now` and the repeated-name bits in, and
 * the answer out; the values go as the request's own strings, a scheme's
 * sixth and later ones NUL-joined (see bindings/node/src/webhook.rs,
 * webhookVerify).
 */
function nativeVerify (handle, raw, values, repeated, options, io) {
  const { now, url, method } = options ?? NO_OPTIONS
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

function timeOf (value, what) {
  if (value === undefined || value === null) return undefined
  if (value instanceof Date) return value.getTime() / 1000
  if (typeof value !== 'number') {
    throw withCode(new TypeError(`${what} is unix seconds (a number), not ${describe(value)}`), 'ERR_INVALID_ARG_TYPE')
  }
  return value
}

/** How a sender signs: a preset's definition, or your own (JSON form). */
class Scheme {
  constructor (definition) {
    const text = typeof definition === 'string' ? definition : JSON.stringify(definition)
    try {
      this.json = native.schemeJson(undefined, text)
    } catch (err) {
      throw translate(err)
    }
    this.name = JSON.parse(this.json).name
  }

  static fromJSON (text) {
    return new Scheme(String(text))
  }

  static preset (name) {
    try {
      return new Scheme(native.schemeJson(name, undefined))
    } catch (err) {
      throw translate(err)
    }
  }

  toJSON () {
    return JSON.parse(this.json)
  }
}

/** Marks a field that lives in the body, read when first asked for. */
const FROM_BODY = Symbol('from body')

/** A delivery that verified. */
class Verified {
  #raw
  #native
  #event
  #dedupKey
  /** [event, dedupKey, errorCode, errorMessage] once the body was read. */
  #fromBody

  /**
   * @param values the header values the addon was given
   * @param out the addon's answer: timestamp, key index, then [slot, start,
   *   end] of the id, event and dedup key (see bindings/node/src/webhook.rs)
   * @param extra text the addon returned that no header value holds
   */
  constructor (handle, raw, scheme, values, out, extra) {
    this.#native = handle
    this.#raw = raw
    this.scheme = scheme
    this.id = field(values, out, LAYOUT.id, extra)
    const timestamp = out[LAYOUT.timestamp]
    this.timestamp = Number.isNaN(timestamp) ? null : timestamp
    this.#event = field(values, out, LAYOUT.event, extra)
    this.#dedupKey = field(values, out, LAYOUT.dedupKey, extra)
    this.keyIndex = out[LAYOUT.keyIndex]
  }

  /** The event type (header or body field), when the sender gives one. */
  get event () {
    return this.#event === FROM_BODY ? this.#readBody()[0] : this.#event
  }

  /**
   * The idempotency key, the same on every retry; from signed bytes wherever
   * the sender signs one. Throws MALFORMED_HEADER when the id header
   * disagrees with the key the signed body carries (cloro's task.id): the
   * header was changed after signing.
   */
  get dedupKey () {
    if (this.#dedupKey !== FROM_BODY) return this.#dedupKey
    const [, key, code, message] = this.#readBody()
    if (code) throw translate({ code, message })
    return key
  }

  /** One read of the body for both fields, by the core's rule. */
  #readBody () {
    if (this.#fromBody === undefined) {
      this.#fromBody = native.webhookReadBody(this.#native, this.#raw, this.#event === FROM_BODY, this.id ?? undefined)
    }
    return this.#fromBody
  }

  toJSON () {
    return { scheme: this.scheme, id: this.id, timestamp: this.timestamp, event: this.event, dedupKey: this.dedupKey, keyIndex: this.keyIndex }
  }

  [util.inspect.custom] () {
    return `Verified { scheme: '${this.scheme}', id: ${util.inspect(this.id)}, timestamp: ${this.timestamp}, keyIndex: ${this.keyIndex} }`
  }

  /** The raw body as a Buffer (a string body is UTF-8 encoded). */
  get body () {
    const raw = this.#raw
    if (typeof raw === 'string') return Buffer.from(raw, 'utf8')
    return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
  }

  /** The body parsed as JSON; parse only after verifying. */
  json () {
    return JSON.parse(typeof this.#raw === 'string' ? this.#raw : this.body.toString('utf8'))
  }
}

/**
 * A result field: out[at] is the header value it lies in (or a mark:
 * LAYOUT.extra, none, body), out[at + 1..at + 3] its bounds there. A whole
 * value is the request's own string, as in Python.
 */
function field (values, out, at, extra) {
  const slot = out[at]
  if (slot === LAYOUT.none) return null
  if (slot === LAYOUT.body) return FROM_BODY
  const text = slot === LAYOUT.extra ? extra : values[slot]
  const start = out[at + 1]
  const end = out[at + 2]
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

/** Verifies deliveries of one scheme; keys are prepared once, here. */
class Webhook {
  /**
   * @param {string|Scheme} scheme preset name or Scheme
   * @param {string|Buffer|Array<string|Buffer>} secret newest first when several
   * @param {{tolerance?: number|null}} [options] seconds; null turns the timestamp check off
   */
  constructor (scheme, secret, options = {}) {
    let name, isJson
    if (typeof scheme === 'string') [name, isJson] = [scheme, false]
    else if (scheme instanceof Scheme) [name, isJson] = [scheme.json, true]
    else throw withCode(new TypeError(`scheme must be a preset name or a Scheme, not ${describe(scheme)}`), 'ERR_INVALID_ARG_TYPE')
    const secrets = secretsOf(secret)
    const tolerance = options && options.tolerance
    if (tolerance !== undefined && tolerance !== null && typeof tolerance !== 'number') {
      throw withCode(new TypeError(`tolerance is a number of seconds or null, not ${describe(tolerance)}`), 'ERR_INVALID_ARG_TYPE')
    }
    let handle
    try {
      handle = native.webhookNew(name, isJson, secrets, tolerance ?? undefined, tolerance === null)
    } catch (err) {
      throw translate(err)
    }
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
    const secrets = names.map((name) => {
      const value = process.env[name]
      if (value === undefined) throw withCode(new RangeError(`environment variable ${name} is not set`), 'INVALID_SECRET')
      if (value === '') throw withCode(new RangeError(`environment variable ${name} is empty`), 'INVALID_SECRET')
      return value
    })
    return new Webhook(scheme, secrets, options)
  }

  get scheme () { return this[kScheme] }
  get tolerance () { return this[kTolerance] }
  get idHeader () { return this[kIdHeader] }
  /** The header the dedup key comes from, if it comes from a header; null otherwise. */
  get dedupHeader () { return native.webhookDedupHeader(this[kNative]) ?? null }

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
    let extra
    try {
      extra = nativeVerify(this[kNative], raw, values, idx.repeated, options, io)
    } catch (err) {
      throw translate(err)
    }
    return new Verified(this[kNative], raw, this[kScheme], values, io, extra)
  }

  /** The headers a sender attaches to `body`. */
  sign (body, options = {}) {
    const raw = bodyOf(body)
    let flat
    try {
      flat = native.webhookSign(this[kNative], raw, timeOf(options.timestamp, 'timestamp'), options.id, options.url, options.method)
    } catch (err) {
      throw translate(err)
    }
    const headers = {}
    for (let i = 0; i < flat.length; i += 2) headers[flat[i]] = flat[i + 1]
    return headers
  }

  [util.inspect.custom] () {
    return `Webhook { scheme: '${this.scheme}', tolerance: ${this.tolerance} }`
  }
}

/** One-shot verification; keep a Webhook for anything hot. */
function verify (body, headers, { scheme, secret, tolerance, now, url, method } = {}) {
  return new Webhook(scheme, secret, { tolerance }).verify(body, headers, { now, url, method })
}

/** One-shot signing. */
function sign (body, { scheme, secret, timestamp, id, url, method } = {}) {
  return new Webhook(scheme, secret).sign(body, { timestamp, id, url, method })
}

/**
 * Why a delivery fails: tries the usual mistakes (re-serialized JSON,
 * trailing newline, secret form, another preset, clock, timestamp unit).
 * Resolves nothing on the request path: call it on a failing delivery you are
 * investigating. Returns { error: code|null, findings: [{ mistake, fix }] }.
 */
function explain (body, headers, { scheme, secret, now, url, method } = {}) {
  let name, isJson
  if (typeof scheme === 'string') [name, isJson] = [scheme, false]
  else if (scheme instanceof Scheme) [name, isJson] = [scheme.json, true]
  else throw withCode(new TypeError(`scheme must be a preset name or a Scheme, not ${describe(scheme)}`), 'ERR_INVALID_ARG_TYPE')
  if (headers === null || typeof headers !== 'object') {
    throw withCode(new TypeError('headers must be an object (req.headers) or a Headers instance'), 'ERR_INVALID_ARG_TYPE')
  }
  const pairs = []
  const entries = typeof headers.entries === 'function' && typeof headers.get === 'function' ? headers.entries() : Object.entries(headers)
  for (const [k, v] of entries) for (const one of [].concat(v)) if (typeof one === 'string') pairs.push(k, one)
  let text
  try {
    text = native.explain(name, isJson, secretsOf(secret), pairs, bodyOf(body), timeOf(now, 'now'), url, method)
  } catch (err) {
    throw translate(err)
  }
  const found = JSON.parse(text)
  return { error: found.error && found.error.toUpperCase(), findings: found.findings }
}

/** Preset scheme names. */
function schemes () {
  return native.schemes()
}

/** `{ name: one-line description }` for every preset. */
function schemeDescriptions () {
  return Object.fromEntries(native.schemeDescriptions())
}

module.exports = {
  /** This package's version (the addon's is checked to be the same). */
  version: native.version(),
  Webhook,
  Verified,
  Scheme,
  WebhookVerificationError,
  MemoryDedup,
  RedisDedup,
  verify,
  sign,
  explain,
  schemes,
  schemeDescriptions
}
