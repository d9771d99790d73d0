// Registers the initialized WebAssembly build as the package's native layer
// (node/native.js takes it instead of the Node-API addon, and checks its
// version). Every entry that loads the WebAssembly build imports this first
// with the module its runtime gives it, then the package's one JavaScript
// layer: ES modules run their imports in order, so the layer finds it.

import * as glue from './hookproof_wasm.js'

const WASM = Symbol.for('hookproof.wasm')

/** Initializes the build from a compiled WebAssembly.Module or its bytes, once. */
export function register (module) {
  if (!globalThis[WASM]) {
    glue.initSync({ module })
    globalThis[WASM] = glue
  }
  return globalThis[WASM]
}
