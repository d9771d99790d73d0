// `#wasm` on Cloudflare Workers (workerd; wrangler and miniflare): the glue
// with its module instantiated. WebAssembly comes there only as a module
// import, compiled when the Worker is deployed; compiling bytes at run time
// is refused.
import module from '../hookproof_wasm_bg.wasm'
import { initSync } from '../hookproof_wasm.mjs'

initSync({ module })
export * from '../hookproof_wasm.mjs'
