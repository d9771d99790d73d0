// Verify time of the WebAssembly build in every runtime it targets, beside
// svix and standardwebhooks run in that same runtime, and beside the native
// addon under Node: one Standard Webhooks delivery of 1 KiB and of 1 MiB
// (edge/verifiers.mjs). Node, Deno and Bun are timed in-process; workerd
// (miniflare) and edge-runtime from outside, since their clocks stand still
// while code runs: a request that verifies n times against one that
// verifies none.
//
//   make bench-edge        (or: node node/bench/edge_bench.mjs)
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { serveEdge, serveWorkerd } from '../test/runtimes/bundle.mjs'
import { measure } from './edge/measure.mjs'
import { SIZES, verifiers } from './edge/verifiers.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = `${ROOT}tests/install/node_modules/.bin/`
const LIBS = ['hookproof', 'standardwebhooks', 'svix']
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function node () {
  const addon = createRequire(import.meta.url)('..')
  const wasm = await import('hookproof/wasm')
  const out = {}
  for (const [label, size] of Object.entries(SIZES)) {
    const fns = verifiers(wasm, size)
    out[label] = measure({ ...fns, addon: verifiers(addon, size).hookproof })
  }
  return out
}

function child (args) {
  return JSON.parse(execFileSync(args[0], args.slice(1), { cwd: `${ROOT}node`, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' }, encoding: 'utf8' }))
}

/** µs per verify behind `url`: (time of n verifies − time of none) / n, median of 7 rounds. */
async function remote (url) {
  const call = async (lib, size, n) => {
    const t0 = performance.now()
    await (await fetch(`${url}?lib=${lib}&size=${encodeURIComponent(size)}&n=${n}`)).text()
    return performance.now() - t0
  }
  const out = {}
  for (const size of Object.keys(SIZES)) {
    out[size] = {}
    for (const lib of LIBS) {
      await call(lib, size, 1) // set up, and warm
      let n = 1
      while (await call(lib, size, n) < 100) n *= 2
      const rounds = []
      for (let r = 0; r < 7; r++) rounds.push(((await call(lib, size, n)) - (await call(lib, size, 0))) * 1000 / n)
      out[size][lib] = median(rounds)
    }
  }
  return out
}

/** µs per verify in the runtime `serve` runs the benchmark worker in. */
async function served (serve) {
  const server = await serve(fileURLToPath(new URL('edge/worker.mjs', import.meta.url)))
  try {
    return await remote(server.url.href)
  } finally {
    await server.close()
  }
}

const results = {
  'Node (addon and WebAssembly)': await node(),
  'Deno': child([`${BIN}deno`, 'run', '-A', 'bench/edge/inprocess.mjs']),
  'Bun': child([`${BIN}bun`, 'bench/edge/inprocess.mjs']),
  'workerd (miniflare)': await served(serveWorkerd),
  'edge-runtime': await served(serveEdge)
}

const us = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1))
console.log(`node ${process.version}; µs per verify (median of 7 rounds); × = hookproof's speed over the peer's`)
for (const size of Object.keys(SIZES)) {
  console.log(`\n${size}\n\n| runtime | hookproof (WebAssembly) | standardwebhooks | svix | × standardwebhooks | × svix | addon (Node) | WebAssembly / addon |\n|---|---|---|---|---|---|---|---|`)
  const addon = results['Node (addon and WebAssembly)'][size].addon
  for (const [runtime, r] of Object.entries(results)) {
    const t = r[size]
    console.log(`| ${runtime} | ${us(t.hookproof)} | ${us(t.standardwebhooks)} | ${us(t.svix)} | ${(t.standardwebhooks / t.hookproof).toFixed(1)} | ${(t.svix / t.hookproof).toFixed(1)} | ${us(addon)} | ${Math.round((100 * addon) / t.hookproof)} % |`)
  }
}
