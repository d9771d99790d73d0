'use strict'

// The napi-rs names of platforms: `<platform>-<arch>[-<abi>]`, the suffix of
// each platform package (hookproof-linux-x64-gnu) and of the addon file
// (hookproof.linux-x64-gnu.node).

const fs = require('node:fs')

/** Whether this Linux runs on musl (Alpine) rather than glibc. */
function isMusl () {
  try {
    // ldd is a script that names its libc on both (cheap: no child process).
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    // No ldd (distroless images): Node's report says which libc it runs on.
    const report = process.report?.getReport?.()
    if (!report || report.header?.glibcVersionRuntime) return false
    return (report.sharedObjects ?? []).some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))
  }
}

/** This machine's name, or the one given (tests). */
function platformName (platform = process.platform, arch = process.arch, musl = isMusl) {
  if (platform === 'linux') return `linux-${arch}-${musl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** The name of a Rust target triple, as `napi build --platform` writes it. */
function tripleName (triple) {
  const [cpu, , os, abi] = triple.split('-')
  const arch = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm' }[cpu] ?? cpu
  const platform = { linux: 'linux', darwin: 'darwin', windows: 'win32' }[os] ?? os
  return platform === 'darwin' ? `${platform}-${arch}` : `${platform}-${arch}-${abi}`
}

module.exports = { isMusl, platformName, tripleName }
