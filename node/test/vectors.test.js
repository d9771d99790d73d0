'use strict'

// The shared vectors (tests/vectors, written by Python's hmac) through every
// entry point, body type and header container: the checks are cases.cjs's,
// which the other runtimes' suites (runtimes/) run too.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { runVectors, runSecrets, isVectorFile } = require('./cases.cjs')
// HOOKPROOF_PACKAGE: an installed copy instead of this source tree (the
// install test runs this file under Bun and Deno against the npm tarballs).
const hookproof = require(process.env.HOOKPROOF_PACKAGE || '..')

const dir = path.join(__dirname, '..', '..', 'tests', 'vectors')
const load = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'))
const files = fs.readdirSync(dir).filter(isVectorFile).sort()

test('every preset has a vector file', () => {
  for (const name of hookproof.schemes()) {
    assert.ok(files.includes(`${name}.json`) || ['svix', 'clerk', 'resend'].includes(name), name)
  }
  assert.ok(files.length >= 22)
})

for (const file of files) {
  const doc = load(file)
  test(`${file}: ${doc.numberOfTests} cases, every body type and header container`, () => {
    const { ran, failures } = runVectors(hookproof, file, doc, { moreBodies: (bytes) => [['Buffer', Buffer.from(bytes)]] })
    assert.deepEqual(failures, [])
    assert.equal(ran, doc.numberOfTests)
  })
}

test('secrets.json: refused secrets throw RangeError with the code, never quoting the secret', () => {
  const doc = load('secrets.json')
  const { ran, failures } = runSecrets(hookproof, doc)
  assert.deepEqual(failures, [])
  assert.equal(ran, doc.numberOfTests)
})
