// Types for `hookproof/wasm` (and for what the WebAssembly entries export
// under the edge conditions): the package's main API, hookproof/web and
// the Hono middleware, the same declarations as on Node.
import * as hookproof from '../index.js'
import { verifyRequest, withWebhook, PayloadTooLargeError } from '../web.js'
import { webhook } from '../hono.js'

export * from '../index.js'
export { verifyRequest, withWebhook, PayloadTooLargeError, webhook }
declare const all: typeof hookproof & {
  verifyRequest: typeof verifyRequest
  withWebhook: typeof withWebhook
  PayloadTooLargeError: typeof PayloadTooLargeError
  webhook: typeof webhook
}
export default all
