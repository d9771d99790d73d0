// `#wasm` in browsers and web workers: the glue with its module
// instantiated from the file beside this one, fetched and compiled once
// before the package's first call (a top-level await). Bundlers (Vite,
// webpack, esbuild) see the `new URL(…, import.meta.url)` and ship the file
// as an asset.
import init from '../hookproof_wasm.mjs'

await init({ module_or_path: new URL('../hookproof_wasm_bg.wasm', import.meta.url) })
export * from '../hookproof_wasm.mjs'
