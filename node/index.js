'use strict'

// hookproof for Node: a thin layer over the Rust core (the addon native.js
// loads). Types are checked in JavaScript so mistakes give a clear TypeError;
// every rule about schemes, secrets, headers and time lives in the core.
// Each part lives in a file of its own: scheme.js, webhook.js, verified.js,
// oneshot.js, inputs.js (argument checks), layout.js (the addon's answer
// layout), dedup.js, errors.js, and the integrations: express.js,
// fastify.js, web.js.

const native = require('./native')
const { WebhookVerificationError } = require('./errors')
const { MemoryDedup, RedisDedup } = require('./dedup')
const { PostgresDedup, ClaimLostError } = require('./postgres_dedup')
const { Scheme } = require('./scheme')
const { Webhook } = require('./webhook')
const { fetchKeyDocument, plaidKeys } = require('./keys')
const { Verified } = require('./verified')
const { verify, sign, explain, identify, schemes, schemeDescriptions } = require('./oneshot')

module.exports = {
  /** This package's version (the addon's is checked to be the same). */
  version: native.version(),
  Webhook,
  Verified,
  Scheme,
  WebhookVerificationError,
  MemoryDedup,
  RedisDedup,
  PostgresDedup,
  ClaimLostError,
  verify,
  sign,
  explain,
  identify,
  schemes,
  schemeDescriptions,
  fetchKeyDocument,
  plaidKeys
}
