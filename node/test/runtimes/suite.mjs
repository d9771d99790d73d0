// Every shared vector file, secrets.json and hostile.json through cases.cjs,
// for the runtimes that have no node:test of their own to report per file
// (workerd, edge-runtime) and for Deno and Bun alike: `docs` maps each file
// name in tests/vectors to its parsed JSON.
import cases from '../cases.cjs'

export function runAll (hookproof, docs) {
  const failures = []
  const counts = {}
  for (const name of Object.keys(docs).sort()) {
    const doc = docs[name]
    const result = name === 'hostile.json'
      ? cases.runHostile(hookproof, doc)
      : name === 'secrets.json' ? cases.runSecrets(hookproof, doc) : cases.runVectors(hookproof, name, doc)
    counts[name] = [result.ran, doc.numberOfTests]
    failures.push(...result.failures)
  }
  return { counts, failures }
}
