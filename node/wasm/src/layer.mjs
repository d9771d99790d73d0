// What the WebAssembly entries export: the package's main API, hookproof/web
// and the Hono middleware (the parts that need no Node), bundled by build.mjs
// from the same CommonJS files the Node package runs. The default export
// holds them all, so `import web from 'hookproof/web'` reads as on Node.
import hookproof from '../../index.js'
import web from '../../web.js'
import hono from '../../hono.js'

export * from '../../index.mjs'
export const { verifyRequest, withWebhook, PayloadTooLargeError } = web
export const { webhook } = hono
export default { ...hookproof, verifyRequest, withWebhook, PayloadTooLargeError, webhook }
