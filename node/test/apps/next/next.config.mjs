// The Next.js app the integration spec runs in (node/test/next.test.js):
// `next build`, then `next start`, as an app is deployed. hookproof is
// installed as a copy (.npmrc: install-links), as from the registry.
//
// On the Node.js runtime hookproof loads a native addon, which a bundler
// cannot inline: it is listed in serverExternalPackages so the server
// requires it from node_modules at run time (the README says so too). The
// edge route (app/edge) is bundled whole, as edge routes are: there the
// `edge-light` condition gives the WebAssembly build, whose module Next.js
// bundles. redis is only the spec's unreachable-store case.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

// HOOKPROOF_SPEC_BUNDLED=1: the mistake, hookproof left to the bundler
// (next.test.js checks the build says how to fix it).
const mistake = process.env.HOOKPROOF_SPEC_BUNDLED === '1'

export default {
  turbopack: { root: here },
  outputFileTracingRoot: here,
  distDir: mistake ? '.next-bundled' : '.next',
  serverExternalPackages: mistake ? ['redis'] : ['hookproof', 'redis'],
  // The spec's requests are the sender's: none of Next's own redirects.
  skipTrailingSlashRedirect: true
}
