'use strict'

// The docs' JavaScript snippets are regions of tested files; python's
// test_docs.py checks every language, this checks the JS ones from Node too.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..', '..')
const sources = [
  ...fs.readdirSync(path.join(root, 'examples')).filter((f) => /\.(js|mjs)$/.test(f)).map((f) => path.join(root, 'examples', f)),
  path.join(__dirname, 'doc_snippets.test.js'),
  // Senders that publish their keys: the apps the loopback key server serves.
  path.join(__dirname, 'key_server.test.js'),
  // The exactly-once effects pattern, served by postgres_dedup.test.js.
  path.join(__dirname, 'apps', 'express_tx.js'),
  // The Next.js edge route lives in the test app that builds it.
  path.join(__dirname, 'apps', 'next', 'app', 'edge', '[scheme]', 'route.js')
]
const dedent = (text) => {
  const indent = Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length))
  return text.split('\n').map((l) => l.slice(indent)).join('\n')
}
const regions = new Set()
for (const file of sources) {
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/\/\/ START [\w-]+\n([\s\S]*?)[ \t]*\/\/ END [\w-]+\n/g)) regions.add(dedent(m[1]))
}

for (const doc of ['README.md', ...fs.readdirSync(path.join(root, 'docs')).map((f) => path.join('docs', f))]) {
  test(`${doc}: every js snippet is a tested region`, () => {
    const text = fs.readFileSync(path.join(root, doc), 'utf8')
    for (const m of text.matchAll(/```js\n([\s\S]*?)```/g)) assert.ok(regions.has(m[1]), `not a tested region:\n${m[1]}`)
  })
}
