'use strict'

// The one-shot functions: verify, sign, explain, and the preset lists.

const native = require('./native')
const { translate, withCode } = require('./errors')
const { bodyOf, secretsOf, timeOf, textOf, schemeArg } = require('./inputs')
const { Webhook } = require('./webhook')

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
  const [name, isJson] = schemeArg(scheme)
  const pairs = headerPairs(headers)
  let text
  try {
    text = native.explain(name, isJson, secretsOf(secret), pairs, bodyOf(body), timeOf(now, 'now'), textOf(url, 'url'), textOf(method, 'method'))
  } catch (err) {
    throw translate(err)
  }
  const found = JSON.parse(text)
  return { error: found.error && found.error.toUpperCase(), findings: found.findings }
}

/** Every header of `headers` (an object such as req.headers, or a Fetch Headers) as flat [name, value, …] pairs. */
function headerPairs (headers) {
  if (headers === null || typeof headers !== 'object') {
    throw withCode(new TypeError('headers must be an object (req.headers) or a Headers instance'), 'ERR_INVALID_ARG_TYPE')
  }
  const pairs = []
  const entries = typeof headers.entries === 'function' && typeof headers.get === 'function' ? headers.entries() : Object.entries(headers)
  for (const [k, v] of entries) for (const one of [].concat(v)) if (typeof one === 'string') pairs.push(k, one)
  return pairs
}

/**
 * The presets whose signature header `headers` carries (in the preset's own
 * syntax), most specific first: by how many of the preset's timestamp, id
 * and event headers are there too. It names candidates and verifies
 * nothing: try them with the secrets you hold for them.
 */
function identify (headers) {
  return native.identify(headerPairs(headers))
}

/** Preset scheme names. */
function schemes () {
  return native.schemes()
}

/** `{ name: one-line description }` for every preset. */
function schemeDescriptions () {
  return Object.fromEntries(native.schemeDescriptions())
}

module.exports = { verify, sign, explain, identify, schemes, schemeDescriptions }
