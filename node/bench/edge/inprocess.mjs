// Deno and Bun: the WebAssembly build (`hookproof/wasm`) beside the peers,
// timed in-process; prints { size: { name: µs } } as JSON for edge_bench.mjs.
import * as hookproof from 'hookproof/wasm'
import { measure } from './measure.mjs'
import { SIZES, verifiers } from './verifiers.mjs'

const out = {}
for (const [label, size] of Object.entries(SIZES)) out[label] = measure(verifiers(hookproof, size))
console.log(JSON.stringify(out))
