// The layer's `./native` in the WebAssembly bundle: the wasm-bindgen glue,
// instantiated by the loader for this runtime (`#wasm`, which
// the package's `imports` field picks by export condition: one file per
// way a runtime takes a WebAssembly module, in wasm/load/). Importing it is
// what orders the loading before the layer's first call, even where the
// loader waits (a top-level await). Checked to be this release's, as the
// addon is.
import * as glue from '#wasm'
import { version } from '../../package.json'

if (glue.version() !== version) {
  throw new Error(`hookproof ${version} found a WebAssembly build of version ${glue.version()}: rebuild it (make wasm)`)
}

// A plain object: the layer looks a call up on every verify.
export default { ...glue }
