'use strict'

// The shared vectors (tests/vectors, written by Python's hmac) through every
// entry point, body type and header container.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
// HOOKPROOF_PACKAGE: an installed copy instead of this source tree (the
// install test runs this file under Bun and Deno against the npm tarballs).
const hookproof = require(process.env.HOOKPROOF_PACKAGE || '..')

const dir = path.join(__dirname, '..', '..', 'tests', 'vectors')
const load = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'))

function bodyOf (c) {
  return c.body !== undefined ? Buffer.from(c.body, 'utf8') : Buffer.from(c.body_hex, 'hex')
}

// Pairs become Node's shape: lower-case keys, repeats as arrays.
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

function schemeOf (file, c) {
  return c.scheme ? new hookproof.Scheme(c.scheme) : file
}

function options (c) {
  return 'tolerance' in c ? { tolerance: c.tolerance } : {}
}

function verifyOptions (c) {
  return { now: c.now, url: c.url, method: c.method }
}

function check (c, call) {
  if (c.result === 'valid') {
    const v = call()
    const want = c.expected
    assert.equal(v.id, want.id ?? null)
    assert.equal(v.timestamp, want.timestamp ?? null)
    assert.equal(v.event, want.event ?? null)
    if (want.dedup_key_error) {
      // The id header disagrees with the signed body: the key is refused.
      assert.throws(() => v.dedupKey, { code: want.dedup_key_error.toUpperCase() })
    } else {
      assert.equal(v.dedupKey, want.dedup_key ?? null)
    }
    assert.equal(v.keyIndex, want.key_index ?? 0)
  } else {
    assert.throws(call, (err) => {
      assert.ok(err instanceof hookproof.WebhookVerificationError, `${err.name}: ${err.message}`)
      assert.equal(err.code, c.code.toUpperCase())
      return true
    })
  }
}

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !['secrets.json', 'hostile.json'].includes(f)).sort()

test('every preset has a vector file', () => {
  for (const name of hookproof.schemes()) {
    assert.ok(files.includes(`${name}.json`) || ['svix', 'clerk', 'resend'].includes(name), name)
  }
  assert.ok(files.length >= 22)
})

for (const file of files) {
  const doc = load(file)
  test(`${file}: ${doc.numberOfTests} cases, every body type and header container`, () => {
    let ran = 0
    for (const c of doc.tests) {
      const label = `${file} #${c.tcId} ${c.comment}`
      const wh = new hookproof.Webhook(schemeOf(doc.scheme, c), c.secrets, options(c))
      const body = bodyOf(c)
      const bodies = [body, new Uint8Array(body)]
      if (c.body !== undefined) bodies.push(c.body)
      for (const b of bodies) {
        for (const headers of [asObject(c.headers), asMixedCase(c.headers)]) {
          try {
            check(c, () => wh.verify(b, headers, verifyOptions(c)))
          } catch (err) {
            err.message = `${label}: ${err.message}`
            throw err
          }
        }
      }
      // WHATWG Headers join repeats with ", " and hold only Latin-1, so only
      // cases without repeats or wider characters.
      const names = c.headers.map(([n]) => n.toLowerCase())
      const latin1 = c.headers.every(([, v]) => /^[\x00-\xff]*$/.test(v))
      if (new Set(names).size === names.length && latin1) {
        check(c, () => hookproof.verify(body, new Headers(c.headers), { scheme: schemeOf(doc.scheme, c), secret: c.secrets, ...verifyOptions(c), ...options(c) }))
      }
      ran++
    }
    assert.equal(ran, doc.numberOfTests)
  })
}

test('secrets.json: refused secrets throw RangeError with the code, never quoting the secret', () => {
  for (const c of load('secrets.json').tests) {
    if (c.result === 'valid') {
      assert.ok(new hookproof.Webhook(c.scheme, c.secrets))
      continue
    }
    assert.throws(() => new hookproof.Webhook(c.scheme, c.secrets), (err) => {
      assert.ok(err instanceof RangeError, `#${c.tcId}: ${err}`)
      assert.equal(err.code, c.code.toUpperCase())
      for (const s of c.secrets) if (s.trim().length > 8) assert.ok(!err.message.includes(s.trim()))
      return true
    })
  }
})
