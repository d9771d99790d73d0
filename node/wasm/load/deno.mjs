// `#wasm` on Deno: the glue with its module instantiated. A source-phase
// import hands over the compiled WebAssembly.Module with no read permission
// asked (Deno 2.9 is the version tested; a Deno too old for the syntax
// fails to load here, with a syntax error).
import source module from '../hookproof_wasm_bg.wasm'
import { initSync } from '../hookproof_wasm.mjs'

initSync({ module })
export * from '../hookproof_wasm.mjs'
