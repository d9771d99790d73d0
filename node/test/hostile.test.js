'use strict'

// The hostile-input catalogue (tests/vectors/hostile.json, shared with the
// Rust and Python suites): the contract's error or its documented accept,
// never anything else (cases.cjs, which the other runtimes run too).

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { runHostile } = require('./cases.cjs')
const hookproof = require('..')

const doc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'hostile.json'), 'utf8'))

test(`hostile inputs: ${doc.numberOfTests} cases`, () => {
  assert.ok(doc.tests.length >= 60)
  const { ran, failures } = runHostile(hookproof, doc)
  assert.deepEqual(failures, [])
  assert.equal(ran, doc.numberOfTests)
})
