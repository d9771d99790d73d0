'use strict'

// The shared vectors and the hostile set (tests/vectors) as outcomes to
// compare, with nothing but the package's public API and what every
// JavaScript runtime has: Node's suites (vectors.test.js, hostile.test.js)
// and the other runtimes' (runtimes/) run these same checks, so the
// WebAssembly build in workerd, edge-runtime, Deno and Bun is held to the
// outcomes Rust, Python and Node are. Each returns { ran, failures }: a
// failure names the case and what differed.

const hexBytes = (hex) => Uint8Array.from(hex.match(/../g) || [], (h) => parseInt(h, 16))
const utf8 = (text) => new TextEncoder().encode(text)

/** The case's body bytes. */
const bodyOf = (c) => (c.body !== undefined ? utf8(c.body) : hexBytes(c.body_hex))

/** The same bytes in the middle of a larger buffer: a view with an offset. */
function offsetView (bytes) {
  const big = new Uint8Array(bytes.length + 7)
  big.set(bytes, 3)
  return big.subarray(3, 3 + bytes.length)
}

// Pairs in Node's shape: lower-case keys, repeats as arrays.
function asObject (pairs) {
  const out = {}
  for (const [name, value] of pairs) {
    const key = name.toLowerCase()
    out[key] = key in out ? [].concat(out[key], value) : value
  }
  return out
}

// The original spelling of each name, as a client library might hand it over.
function asMixedCase (pairs) {
  const out = {}
  for (const [name, value] of pairs) out[name] = name in out ? [].concat(out[name], value) : value
  return out
}

/** What a call did: ['valid', fields] or ['invalid', code], or a crash. */
function outcome (hookproof, call) {
  let v
  try {
    v = call()
  } catch (err) {
    if (!(err instanceof hookproof.WebhookVerificationError)) return ['crash', `${err && err.name}: ${err && err.message}`]
    return ['invalid', err.code]
  }
  let dedupKey
  try {
    dedupKey = v.dedupKey
  } catch (err) {
    dedupKey = { error: err.code }
  }
  return ['valid', { id: v.id, timestamp: v.timestamp, event: v.event, dedupKey, keyIndex: v.keyIndex }]
}

/** What the case says the call must do, in outcome()'s shape. */
function expected (c) {
  if (c.result !== 'valid') return ['invalid', c.code.toUpperCase()]
  const want = c.expected
  return ['valid', {
    id: want.id ?? null,
    timestamp: want.timestamp ?? null,
    event: want.event ?? null,
    dedupKey: want.dedup_key_error ? { error: want.dedup_key_error.toUpperCase() } : want.dedup_key ?? null,
    keyIndex: want.key_index ?? 0
  }]
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

/**
 * One vector file through Webhook#verify (every body form, both header
 * containers) and the one-shot verify (WHATWG Headers). `moreBodies` adds
 * the runtime's own body types (Node: Buffer).
 */
function runVectors (hookproof, file, doc, { moreBodies = () => [] } = {}) {
  const failures = []
  let ran = 0
  for (const c of doc.tests) {
    const label = `${file} #${c.tcId} ${c.comment}`
    const want = expected(c)
    const scheme = c.scheme ? new hookproof.Scheme(c.scheme) : doc.scheme
    const options = 'tolerance' in c ? { tolerance: c.tolerance } : {}
    const at = { now: c.now, url: c.url, method: c.method }
    const wh = c.trust ? published(hookproof, scheme, c, options) : new hookproof.Webhook(scheme, c.secrets, options)
    const bytes = bodyOf(c)
    const bodies = [['bytes', bytes], ['offset view', offsetView(bytes)], ...moreBodies(bytes)]
    if (c.body !== undefined) bodies.push(['string', c.body])
    const calls = []
    for (const [form, body] of bodies) {
      calls.push([`${form}, object headers`, () => wh.verify(body, asObject(c.headers), at)])
      calls.push([`${form}, mixed-case headers`, () => wh.verify(body, asMixedCase(c.headers), at)])
    }
    // WHATWG Headers join repeats with ", " and hold only Latin-1, so only
    // cases without repeats or wider characters.
    const names = c.headers.map(([n]) => n.toLowerCase())
    // The one-shot verify takes secrets: a sender that publishes its keys
    // needs a Webhook, which keeps what it fetched.
    if (!c.trust && new Set(names).size === names.length && c.headers.every(([, v]) => /^[\x00-\xff]*$/.test(v))) {
      calls.push(['one-shot verify, Headers', () => hookproof.verify(bytes, new Headers(c.headers), { scheme, secret: c.secrets, ...at, ...options })])
    }
    for (const [how, call] of calls) {
      const got = outcome(hookproof, call)
      if (!same(got, want)) failures.push(`${label} (${how}): expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)
    }
    if (c.result === 'valid') {
      // A sender's subscription handshake is answered with exactly this;
      // every other delivery with nothing.
      const reply = wh.handshake(wh.verify(bytes, asObject(c.headers), at))
      if (reply !== (c.expected.handshake ?? null)) failures.push(`${label}: handshake ${JSON.stringify(reply)}`)
    }
    ran++
  }
  return { ran, failures }
}

/**
 * A Webhook for a sender that publishes its keys: the case's trust, and
 * the documents a fetch would have returned, handed over with addKeys (a
 * document for a URL the scheme refuses is refused, which is the point of
 * such a case).
 */
function published (hookproof, scheme, c, options) {
  const trust = c.trust
  const wh = new hookproof.Webhook(scheme, null, { ...options, audience: trust.audiences, email: trust.email, topic: trust.topics, directory: trust.directory, webhookId: trust.webhook_id })
  for (const doc of c.keys) {
    try {
      wh.addKeys(doc.url, doc.document, { cacheControl: doc.cache_control, now: c.now })
    } catch (err) {
      if (!(err instanceof hookproof.WebhookVerificationError)) throw err
    }
  }
  return wh
}

/** What constructing a Webhook threw, or null. */
function constructionError (hookproof, scheme, secrets) {
  try {
    new hookproof.Webhook(scheme, secrets) // eslint-disable-line no-new
    return null
  } catch (e) {
    return e
  }
}

/** secrets.json: refused secrets are RangeErrors with the code, never quoting the secret. */
function runSecrets (hookproof, doc) {
  const failures = []
  let ran = 0
  for (const c of doc.tests) {
    ran++
    const label = `secrets.json #${c.tcId} ${c.comment}`
    const err = constructionError(hookproof, c.scheme, c.secrets)
    if (c.result === 'valid') {
      if (err) failures.push(`${label}: refused (${err.message})`)
    } else if (!(err instanceof RangeError) || err.code !== c.code.toUpperCase()) {
      failures.push(`${label}: expected RangeError ${c.code.toUpperCase()}, got ${err ? `${err.name} ${err.code}` : 'no error'}`)
    } else if (c.secrets.some((s) => s.trim().length > 8 && err.message.includes(s.trim()))) {
      failures.push(`${label}: the message quotes the secret`)
    }
  }
  return { ran, failures }
}

const expand = (v) => (typeof v === 'string' ? v : (v.prefix || '') + v.repeat.repeat(v.times) + (v.suffix || ''))

/** hostile.json: the contract's error or its documented accept, never anything else, and never a hang. */
function runHostile (hookproof, doc) {
  const failures = []
  let ran = 0
  for (const c of doc.tests) {
    ran++
    const label = `hostile.json #${c.tcId} ${c.comment}`
    const start = Date.now()
    if (c.config_code) {
      const err = constructionError(hookproof, c.preset, c.secrets)
      if (!(err instanceof RangeError) || err.code !== c.config_code.toUpperCase()) failures.push(`${label}: expected RangeError ${c.config_code.toUpperCase()}, got ${err}`)
      continue
    }
    const wh = new hookproof.Webhook(c.preset, c.secrets)
    const headers = {}
    for (const [name, value] of c.headers) {
      const key = name.toLowerCase()
      headers[key] = key in headers ? [].concat(headers[key], expand(value)) : expand(value)
    }
    const body = utf8(expand(c.body))
    let got
    try {
      got = wh.verify(body, headers, { now: c.now }) ? 'valid' : 'falsy'
    } catch (err) {
      got = err instanceof hookproof.WebhookVerificationError ? err.code : `crash ${err && err.name}: ${err && err.message}`
      if (String(err && err.message).includes(c.secrets[0])) failures.push(`${label}: the message quotes the secret`)
    }
    const want = c.result === 'valid' ? 'valid' : c.code.toUpperCase()
    if (got !== want) failures.push(`${label}: expected ${want}, got ${got}`)
    if (Date.now() - start > 5000) failures.push(`${label}: took ${Date.now() - start} ms (a hang detector, not a benchmark)`)
  }
  return { ran, failures }
}

/** Which vector files hold verify cases (every other JSON file but secrets and hostile). */
const isVectorFile = (name) => name.endsWith('.json') && !['secrets.json', 'hostile.json'].includes(name)

module.exports = { runVectors, runSecrets, runHostile, isVectorFile }
