// `#wasm` on Vercel Edge and Next.js edge routes (edge-runtime): the glue
// with its module instantiated. The `?module` import is how Next.js hands
// an edge function a compiled WebAssembly.Module (the edge runtime refuses
// to compile bytes).
import module from '../hookproof_wasm_bg.wasm?module'
import { initSync } from '../hookproof_wasm.mjs'

// Next.js compiles it outside the function's realm, so the glue's
// `instanceof WebAssembly.Module` would fail and it would try to compile
// the module as if it were bytes. WebAssembly.Instance checks the object
// itself, not its prototype: the module is given this realm's prototype
// and instantiated synchronously, as everywhere else.
initSync({ module: module instanceof WebAssembly.Module ? module : Object.setPrototypeOf(module, WebAssembly.Module.prototype) })
export * from '../hookproof_wasm.mjs'
