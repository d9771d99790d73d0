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
  if (headers === null || typeof headers !== 'object') {
    throw withCode(new TypeError('headers must be an object (req.headers) or a Headers instance'), 'ERR_INVALID_ARG_TYPE')
  }
  const pairs = []
  const entries = typeof headers.entries === 'function' && typeof headers.get === 'function' ? headers.entries() : Object.entries(headers)
  for (const [k, v] of entries) for (const one of [].concat(v)) if (typeof one === 'string') pairs.push(k, one)
  let text
  try {
    text = native.explain(name, isJson, secretsOf(secret), pairs, bodyOf(body), timeOf(now, 'now'), textOf(url, 'url'), textOf(method, 'method'))
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

module.exports = { verify, sign, explain, schemes, schemeDescriptions }
