// Bundles a receiver or test worker the way each edge platform's own
// tooling does, and serves it in that platform's runtime (serveWorkerd,
// serveEdge), so the package's export conditions and its .wasm import are
// exercised as users meet them:
//
// - workerd: wrangler's resolution (conditions workerd, worker, browser;
//   ES module output) with the .wasm import left as a module of its own,
//   which workerd compiles at load (miniflare's CompiledWasm module);
// - edge-light: Next.js's for Vercel Edge (conditions edge-light, worker,
//   browser) with `import … from '….wasm?module'` bound, as Next.js binds
//   it, to a compiled WebAssembly.Module the sandbox provides as a global.
import { build } from 'esbuild'
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const CONDITIONS = { workerd: ['workerd', 'worker', 'browser'], 'edge-light': ['edge-light', 'worker', 'browser'] }

/**
 * { code, wasm: [{ name, file, bytes }] }: the bundle and the modules it
 * imports (workerd: by file name; edge-light: by global name).
 */
export async function bundle (entry, platform, { globalName } = {}) {
  const wasm = []
  const plugin = {
    name: 'hookproof-test-wasm',
    setup (b) {
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = path.resolve(args.resolveDir, args.path.replace(/\?module$/, ''))
        const name = platform === 'workerd' ? path.basename(file) : `wasm_${path.basename(file, '.wasm')}`
        if (!wasm.some((w) => w.name === name)) wasm.push({ name, file, bytes: readFileSync(file) })
        if (platform === 'workerd') return { path: `./${name}`, external: true }
        if (!args.path.endsWith('?module')) throw new Error(`${args.path}: Vercel Edge takes WebAssembly only as a ?module import`)
        return { path: name, namespace: 'edge-wasm' }
      })
      b.onLoad({ filter: /.*/, namespace: 'edge-wasm' }, (args) => ({ contents: `export default globalThis[${JSON.stringify(args.path)}]`, loader: 'js' }))
    }
  }
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: platform === 'workerd' ? 'esm' : 'iife',
    globalName,
    platform: 'browser',
    conditions: CONDITIONS[platform],
    target: 'es2022',
    plugins: [plugin],
    logLevel: 'silent'
  })
  return { code: result.outputFiles[0].text, wasm }
}

/**
 * The vectors worker (fetch_vectors.mjs) to bundle. With HOOKPROOF_PACKAGE_APP
 * (the install test: an app with the npm tarball installed), a copy of it
 * inside that app, so that `hookproof` resolves to the installed package
 * rather than this source tree.
 */
export function vectorsEntry () {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const app = process.env.HOOKPROOF_PACKAGE_APP
  if (!app) return path.join(here, 'fetch_vectors.mjs')
  const dir = path.join(app, 'hookproof-vectors', 'runtimes')
  mkdirSync(dir, { recursive: true })
  for (const f of ['fetch_vectors.mjs', 'suite.mjs']) copyFileSync(path.join(here, f), path.join(dir, f))
  copyFileSync(path.join(here, '..', 'cases.cjs'), path.join(dir, '..', 'cases.cjs'))
  return path.join(dir, 'fetch_vectors.mjs')
}

/** Fails unless the module came from the installed package (HOOKPROOF_PACKAGE_APP), when there is one. */
export function checkSource (wasm) {
  const app = process.env.HOOKPROOF_PACKAGE_APP
  const want = app ? path.join(realpathSync(app), 'node_modules', 'hookproof', 'wasm') : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'wasm')
  for (const w of wasm) {
    if (path.dirname(w.file) !== want) throw new Error(`the bundle took ${w.file}, not the module in ${want}`)
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const tools = createRequire(path.join(ROOT, 'tests', 'install', 'package.json'))

/**
 * `entry` bundled for workerd and served by miniflare on a loopback port,
 * the .wasm as a CompiledWasm module beside it: { url, wasm, close }.
 */
export async function serveWorkerd (entry, bindings = {}) {
  const { Miniflare } = tools('miniflare')
  const { code, wasm } = await bundle(entry, 'workerd')
  const mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: path.join(ROOT, 'worker.mjs'), contents: code },
      ...wasm.map((w) => ({ type: 'CompiledWasm', path: path.join(ROOT, w.name), contents: w.bytes }))
    ],
    modulesRoot: ROOT,
    compatibilityDate: '2025-09-01',
    bindings,
    host: '127.0.0.1',
    port: 0
  })
  return { url: await mf.ready, wasm, close: () => mf.dispose() }
}

/**
 * `entry` (a module whose default export has fetch) bundled for edge-light
 * and served by edge-runtime on a loopback port: { url, wasm, close }. Each
 * `?module` import is bound as Next.js binds it: the module, compiled
 * outside the sandbox (in this realm, not the function's), as a global.
 */
export async function serveEdge (entry) {
  const { EdgeRuntime, runServer } = tools('edge-runtime')
  const { code, wasm } = await bundle(entry, 'edge-light', { globalName: 'entry' })
  const runtime = new EdgeRuntime()
  for (const w of wasm) runtime.context[w.name] = new WebAssembly.Module(w.bytes)
  runtime.evaluate(`${code}\naddEventListener('fetch', (event) => event.respondWith(entry.default.fetch(event.request)))`)
  const server = await runServer({ runtime, host: '127.0.0.1', port: 0 })
  return { url: new URL(server.url), wasm, close: () => server.close() }
}

/** Every file in tests/vectors (name → parsed JSON), as the vectors worker takes them. */
export function vectorDocs () {
  const dir = path.join(ROOT, 'tests', 'vectors')
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]))
}

/**
 * Sends every vector file to the vectors worker `served` (serveWorkerd or
 * serveEdge of vectorsEntry()) and requires every runtime's outcomes, the
 * full counts, and no Buffer in that runtime.
 */
export async function assertVectors (t, served) {
  checkSource(served.wasm)
  const docs = vectorDocs()
  const response = await fetch(served.url, { method: 'POST', body: JSON.stringify(docs) })
  assert.equal(response.status, 200, await response.clone().text())
  const { counts, failures, hasBuffer } = await response.json()
  assert.deepEqual(failures, [])
  for (const [name, doc] of Object.entries(docs)) assert.deepEqual(counts[name], [doc.numberOfTests, doc.numberOfTests], name)
  assert.equal(hasBuffer, false, 'no Buffer there (Workers without nodejs_compat, Vercel Edge): the layer runs without it')
  t.diagnostic(`${Object.values(counts).reduce((n, [ran]) => n + ran, 0)} cases in ${Object.keys(counts).length} files`)
}
