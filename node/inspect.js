'use strict'

// How Node's console.log and util.inspect show a Webhook or a Verified,
// written without node:util so that the same file loads on edge runtimes:
// Node looks the method up by this registered symbol.

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** A string as util.inspect quotes it ('single', or JSON's "double" when it holds a '); null as null. */
function quote (value) {
  if (typeof value !== 'string') return String(value)
  if (value.includes("'")) return JSON.stringify(value)
  return `'${JSON.stringify(value).slice(1, -1).replaceAll('\\"', '"')}'`
}

module.exports = { INSPECT, quote }
