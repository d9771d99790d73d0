// `#wasm` on Node and Bun, when `hookproof/wasm` is asked for by name: the
// glue with its module instantiated from the file beside this one, read
// and compiled synchronously (so `require` works too).
import { readFileSync } from 'node:fs'
import { initSync } from '../hookproof_wasm.mjs'

initSync({ module: readFileSync(new URL('../hookproof_wasm_bg.wasm', import.meta.url)) })
export * from '../hookproof_wasm.mjs'
