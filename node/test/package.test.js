'use strict'

// The package as npm installs it: one version everywhere, one platform
// package per napi target with the os/cpu/libc npm picks by, and a loader
// that finds the addon or says what to do.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.join(__dirname, '..')
const pkg = require('../package.json')
const { platformName, tripleName } = require('../platform')

/** The workspace's version, the one source every artifact follows. */
function workspaceVersion () {
  const toml = fs.readFileSync(path.join(root, '..', 'Cargo.toml'), 'utf8')
  const section = toml.split('[workspace.package]')[1]
  return /^version\s*=\s*"([^"]+)"/m.exec(section)[1]
}

// What npm matches a platform package by, per Rust triple, spelled out here
// independently of platform.js (Node's process.platform/arch values).
const EXPECTED = {
  'x86_64-unknown-linux-gnu': { name: 'linux-x64-gnu', os: 'linux', cpu: 'x64', libc: 'glibc' },
  'x86_64-unknown-linux-musl': { name: 'linux-x64-musl', os: 'linux', cpu: 'x64', libc: 'musl' },
  'aarch64-unknown-linux-gnu': { name: 'linux-arm64-gnu', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'aarch64-unknown-linux-musl': { name: 'linux-arm64-musl', os: 'linux', cpu: 'arm64', libc: 'musl' },
  'x86_64-apple-darwin': { name: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  'aarch64-apple-darwin': { name: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  'x86_64-pc-windows-msvc': { name: 'win32-x64-msvc', os: 'win32', cpu: 'x64' }
}

test('one version: package.json follows the Cargo workspace, and the addon reports it', () => {
  assert.equal(pkg.version, workspaceVersion())
  assert.equal(require('..').version, workspaceVersion())
})

test('every supported platform is a napi target, and each has its package', () => {
  assert.deepEqual([...pkg.napi.targets].sort(), Object.keys(EXPECTED).sort())
  const dirs = fs.readdirSync(path.join(root, 'npm')).sort()
  assert.deepEqual(dirs, Object.values(EXPECTED).map((e) => e.name).sort())
  for (const [triple, want] of Object.entries(EXPECTED)) {
    assert.equal(tripleName(triple), want.name, triple)
    const platform = require(path.join(root, 'npm', want.name, 'package.json'))
    const file = `hookproof.${want.name}.node`
    assert.equal(platform.name, `hookproof-${want.name}`)
    assert.equal(platform.version, pkg.version, `${platform.name} follows the one version`)
    assert.deepEqual(platform.os, [want.os])
    assert.deepEqual(platform.cpu, [want.cpu])
    assert.deepEqual(platform.libc, want.libc && [want.libc])
    assert.equal(platform.main, file)
    assert.deepEqual([...platform.files].sort(), [file, 'LICENSE-APACHE', 'LICENSE-MIT', 'THIRD-PARTY-LICENSES.txt'].sort())
    assert.equal(platform.license, pkg.license)
    assert.deepEqual(platform.repository, pkg.repository)
    assert.equal(platform.scripts, undefined, 'no install script')
  }
})

test('the published package has no install script and ships its licences', () => {
  for (const hook of ['preinstall', 'install', 'postinstall']) assert.equal(pkg.scripts[hook], undefined, hook)
  assert.ok(pkg.files.includes('LICENSE-MIT') && pkg.files.includes('LICENSE-APACHE'))
  assert.ok(!pkg.files.some((f) => f.endsWith('.node')), 'the addon comes in the platform packages')
})

test('platform names follow napi-rs', () => {
  assert.equal(platformName('linux', 'x64', () => false), 'linux-x64-gnu')
  assert.equal(platformName('linux', 'arm64', () => true), 'linux-arm64-musl')
  assert.equal(platformName('darwin', 'arm64'), 'darwin-arm64')
  assert.equal(platformName('win32', 'x64'), 'win32-x64-msvc')
})

/** Runs native.js from a copy of the package that has no addon beside it. */
function loadFromCopy (edit = (p) => p, { withAddon = false, brokenAddon = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookproof-loader-'))
  try {
    for (const f of ['native.js', 'platform.js']) fs.copyFileSync(path.join(root, f), path.join(dir, f))
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(edit({ ...pkg })))
    const addon = `hookproof.${platformName()}.node`
    if (withAddon) fs.copyFileSync(path.join(root, addon), path.join(dir, addon))
    if (brokenAddon) fs.writeFileSync(path.join(dir, addon), 'not a shared library')
    const env = { ...process.env }
    delete env.HOOKPROOF_NATIVE_PATH
    return spawnSync(process.execPath, ['-e', "require('./native.js'); console.log('loaded')"], { cwd: dir, env, encoding: 'utf8' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

test('without an addon, the loader names the platform and says how to build one', () => {
  const run = loadFromCopy()
  assert.notEqual(run.status, 0)
  assert.match(run.stderr, new RegExp(`no native addon for this platform, ${platformName()}`))
  assert.match(run.stderr, new RegExp(`hookproof-${platformName()}`))
  assert.match(run.stderr, /make node/)
  assert.match(run.stderr, /--omit=optional/, 'a supported platform: npm skipped the optional dependency')

  const other = loadFromCopy((p) => ({ ...p, napi: { ...p.napi, targets: ['x86_64-apple-darwin'] } }))
  assert.match(other.stderr, /No prebuilt addon exists for it \(prebuilt: darwin-x64\)/)
  assert.doesNotMatch(other.stderr, /npm did not install/)
})

test('HOOKPROOF_NATIVE_PATH loads that addon, relative paths too, or fails saying so', () => {
  const addon = `hookproof.${platformName()}.node`
  const env = { ...process.env, HOOKPROOF_NATIVE_PATH: path.join('node', addon) }
  const code = "console.log(require('./node/native.js').version())"
  const run = spawnSync(process.execPath, ['-e', code], { cwd: path.join(root, '..'), env, encoding: 'utf8' })
  assert.equal(run.stdout.trim(), pkg.version, run.stderr)
  const missing = spawnSync(process.execPath, ['-e', code], { cwd: path.join(root, '..'), env: { ...env, HOOKPROOF_NATIVE_PATH: 'nowhere.node' }, encoding: 'utf8' })
  assert.match(missing.stderr, /HOOKPROOF_NATIVE_PATH=nowhere\.node did not load/)
})

test('an addon that is present but does not load is reported as such, not as missing', () => {
  const run = loadFromCopy((p) => p, { brokenAddon: true })
  assert.match(run.stderr, /The addon is there but did not load/)
  assert.doesNotMatch(run.stderr, /npm did not install/)
})

test('the loader refuses an addon of another version', () => {
  assert.equal(loadFromCopy((p) => p, { withAddon: true }).stdout.trim(), 'loaded')
  const run = loadFromCopy((p) => ({ ...p, version: '9.9.9' }), { withAddon: true })
  assert.notEqual(run.status, 0)
  assert.match(run.stderr, new RegExp(`hookproof 9\\.9\\.9 found a native addon of version ${pkg.version.replace(/\./g, '\\.')}`))
})
