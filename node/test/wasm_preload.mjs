// `node --import ./test/wasm_preload.mjs`: the package's CommonJS layer on
// the WebAssembly build instead of the Node-API addon, so that make test
// runs the Node suites on it unchanged. native.js takes a build registered
// under this symbol before it loads (and checks its version); users load the
// WebAssembly build through the package's conditions instead (wasm/layer.mjs).

import * as glue from '../wasm/load/node.mjs'

globalThis[Symbol.for('hookproof.wasm')] = glue
