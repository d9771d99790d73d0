// Types for `import … from 'hookproof'` (index.mjs re-exports the CommonJS
// module by name, and as its default export).
import * as hookproof from './index.js'

export * from './index.js'
export default hookproof
