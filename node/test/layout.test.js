'use strict'

// The Float64Array that index.js and the native layer share is laid out
// once, in Rust (bindings/js/src/layout.rs, for the addon and the
// WebAssembly build alike); index.js reads that layout rather than writing
// offsets down. These tests fail when the layout stops fitting
// together, or when index.js writes an offset of its own again.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const native = require('../native')
const { Webhook } = require('..')

const layout = native.verifyLayout()

test('the layout holds every slot once, inside its length', () => {
  const out = [layout.timestamp, layout.keyIndex]
  for (const at of [layout.id, layout.event, layout.dedupKey]) out.push(at, at + 1, at + 2)
  assert.equal(new Set(out).size, out.length, `overlapping slots: ${out}`)
  assert.ok(out.every((i) => Number.isInteger(i) && i >= 0 && i < layout.length), `${out} in ${layout.length}`)
  for (const i of [layout.now, layout.repeated]) assert.ok(i >= 0 && i < layout.length)
  assert.notEqual(layout.now, layout.repeated)
  const marks = [layout.none, layout.body]
  assert.equal(new Set(marks).size, 2)
  assert.ok(marks.every((m) => m < 0), 'marks are never a header slot')
})

test('the JavaScript side takes every offset from the layout', () => {
  for (const file of ['webhook.js', 'verified.js']) {
    const source = fs.readFileSync(path.join(__dirname, '..', file), 'utf8')
    assert.match(source, /require\('\.\/layout'\)/, file)
    assert.doesNotMatch(source, /new Float64Array\(\d+\)/, file)
    assert.doesNotMatch(source, /\b(?:io|out)\[\d+\]/, file)
    assert.doesNotMatch(source, /field\([^)]*,\s*\d+\s*,/, file)
    assert.doesNotMatch(source, /slot === -\d/, file)
  }
})

test('every kind of field crosses the layout: header slot, part of one, body, none', () => {
  const wh = new Webhook('cloro', 'whsec_layout_test_secret_value_1')
  const body = JSON.stringify({ task: { id: 't-5' } })
  const v = wh.verify(body, wh.sign(body, { id: 't-5-3' }))
  assert.deepEqual([v.id, v.dedupKey, v.event, v.keyIndex, typeof v.timestamp], ['t-5-3', 't-5', null, 0, 'number'])
  const st = new Webhook('stripe', 'whsec_layout_test_secret_value_2')
  const event = JSON.stringify({ id: 'evt_9', type: 'invoice.paid' })
  const s = st.verify(event, st.sign(event))
  assert.deepEqual([s.id, s.event, s.dedupKey], [null, 'invoice.paid', 'evt_9'])
})
