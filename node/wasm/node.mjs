// Node (and Bun) with the WebAssembly build instead of the addon: the bytes
// from the file next to this one, compiled synchronously.

import { readFileSync } from 'node:fs'
import { register } from './register.mjs'

register(readFileSync(new URL('./hookproof_wasm_bg.wasm', import.meta.url)))
