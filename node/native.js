'use strict'

// Loads the native addon built for this machine (or takes the WebAssembly
// build an entry registered first, below). An install from the
// registry gets it from the one platform package npm picked among the
// `optionalDependencies` (by their `os`/`cpu`/`libc`); a clone gets it from
// the file `napi build --platform` wrote next to this one (`make node`).
// This is the napi-rs convention, written out so that a failure says what
// to do.

const path = require('node:path')
const { version, napi } = require('./package.json')
const { platformName, tripleName } = require('./platform')

/** Requires an addon and checks it is this release's. */
function open (file) {
  const addon = require(file)
  // webhook.js and the addon speak a private calling convention: an addon
  // from another release would misread it, so it is refused outright.
  const built = typeof addon.version === 'function' ? addon.version() : 'unknown'
  if (built !== version) {
    throw new Error(`hookproof ${version} found a native addon of version ${built} at ${file}: ` +
      'install hookproof and its platform package at the same version, or rebuild from source (`make node` in a clone)')
  }
  return addon
}

// A bundler that tried to inline this package turns the addon's require into
// "Cannot find module as expression is too dynamic" (Turbopack, which
// Next.js builds with; node/test/next.test.js checks the hint there).
const BUNDLED =
  'hookproof was bundled, and a bundler cannot inline its native addon: mark it external ' +
  "(Next.js: serverExternalPackages: ['hookproof'] in next.config; webpack: externals; esbuild: --external:hookproof)"

function bundled (err) {
  return String(err && err.message).includes('too dynamic')
}

function load () {
  // An addon built by hand: exactly that one, or a clear failure.
  const override = process.env.HOOKPROOF_NATIVE_PATH
  if (override) {
    const file = path.resolve(override)
    try {
      return open(file)
    } catch (err) {
      if (bundled(err)) throw new Error(BUNDLED)
      throw new Error(`hookproof: HOOKPROOF_NATIVE_PATH=${override} did not load (${err.message})`)
    }
  }
  const name = platformName()
  const tried = []
  for (const candidate of [path.join(__dirname, `hookproof.${name}.node`), `hookproof-${name}`]) {
    try {
      return open(candidate)
    } catch (err) {
      if (err.message.startsWith(`hookproof ${version} found`)) throw err
      if (bundled(err)) throw new Error(BUNDLED)
      tried.push({ candidate, missing: err.code === 'MODULE_NOT_FOUND', reason: err.message.split('\n')[0] })
    }
  }
  const prebuilt = napi.targets.map(tripleName)
  let why
  if (!prebuilt.includes(name)) {
    why = `No prebuilt addon exists for it (prebuilt: ${prebuilt.join(', ')}).`
  } else if (tried.every((t) => t.missing)) {
    why = `Its addon comes in the package hookproof-${name}, which npm did not install: install again ` +
      'without --omit=optional / --no-optional; if the lockfile was written on another platform, delete ' +
      'node_modules and package-lock.json first (npm/cli#4828).'
  } else {
    why = `The addon is there but did not load: ${tried.filter((t) => !t.missing).map((t) => t.reason).join('; ')}.`
  }
  throw new Error(
    `hookproof: no native addon for this platform, ${name} (Node ${process.version}). ${why} ` +
    'To build it from source (a Rust toolchain is needed): clone the repository, run `make node`, and set ' +
    'HOOKPROOF_NATIVE_PATH to the node/hookproof.<platform>.node file it writes. ' +
    `Tried: ${tried.map((t) => `${t.candidate} (${t.missing ? 'not found' : t.reason})`).join('; ')}.`
  )
}

// The WebAssembly build, when it was registered before anything here
// loaded (test/wasm_preload.mjs, how make test runs the Node suites on it): it
// speaks the same calls as the addon (bindings/wasm).
const WASM = Symbol.for('hookproof.wasm')

function wasm (glue) {
  if (glue.version() !== version) {
    throw new Error(`hookproof ${version} found a WebAssembly build of version ${glue.version()}: rebuild it (make wasm)`)
  }
  return glue
}

module.exports = globalThis[WASM] ? wasm(globalThis[WASM]) : load()
