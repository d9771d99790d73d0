'use strict'

// Verified: a delivery that passed. The addon answers with the core's
// owned delivery (where each field is): fields in the request's own header
// strings are cut from them; fields of the body are read by the core, through
// the addon, only when the app asks, and kept here.

const { view, utf8, decodeUtf8 } = require('./bytes')
const { INSPECT, quote } = require('./inspect')
const native = require('./native')
const { translate } = require('./errors')
const LAYOUT = require('./layout')

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
   *   end] of the id, event and dedup key (see bindings/js/src/layout.rs)
   */
  constructor (handle, raw, scheme, values, out, tenant = null) {
    this.#native = handle
    this.#raw = raw
    this.scheme = scheme
    /** The tenant of the Webhook that verified it (its `tenant` option), or null. */
    this.tenant = tenant
    this.id = field(values, out, LAYOUT.id)
    const timestamp = out[LAYOUT.timestamp]
    this.timestamp = Number.isNaN(timestamp) ? null : timestamp
    this.#event = field(values, out, LAYOUT.event)
    this.#dedupKey = field(values, out, LAYOUT.dedupKey)
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

  /** The fields (not the body), for logs; a key that cannot be read is null. */
  toJSON () {
    let dedupKey = null
    try {
      dedupKey = this.dedupKey
    } catch {} // the id header disagrees with the signed body: reading it refuses
    return { scheme: this.scheme, id: this.id, timestamp: this.timestamp, event: this.event, dedupKey, keyIndex: this.keyIndex }
  }

  [INSPECT] () {
    return `Verified { scheme: '${this.scheme}', id: ${quote(this.id)}, timestamp: ${this.timestamp}, keyIndex: ${this.keyIndex} }`
  }

  /**
   * The raw body as a Buffer (a string body is UTF-8 encoded); a Uint8Array
   * on runtimes without Buffer (Workers, Vercel Edge, browsers).
   */
  get body () {
    const raw = this.#raw
    return typeof raw === 'string' ? utf8(raw) : view(raw)
  }

  /** The body parsed as JSON; parse only after verifying. */
  json () {
    return JSON.parse(typeof this.#raw === 'string' ? this.#raw : decodeUtf8(this.#raw))
  }
}

/**
 * A result field: out[at] is the header value it lies in (or a mark:
 * LAYOUT.none, LAYOUT.body), out[at + 1..at + 3] its bounds there. A whole
 * value is the request's own string, as in Python.
 */
function field (values, out, at) {
  const slot = out[at]
  if (slot === LAYOUT.none) return null
  if (slot === LAYOUT.body) return FROM_BODY
  const text = values[slot]
  const start = out[at + 1]
  const end = out[at + 2]
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

module.exports = { Verified }
