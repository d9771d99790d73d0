'use strict'

const http = require('node:http')

/** Serves a server or request handler (an Express app) on a free loopback port. */
function listen (serverOrHandler) {
  const server = typeof serverOrHandler === 'function' ? http.createServer(serverOrHandler) : serverOrHandler
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve({ base: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) })
    })
  })
}

/** POSTs over real HTTP; resolves to { status, body }. */
async function post (url, body, headers = {}) {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })
  const text = await response.text()
  let json = null
  try { json = JSON.parse(text) } catch {}
  return { status: response.status, body: json, text }
}

/** POSTs with chunked transfer encoding (no Content-Length). */
function postChunked (url, chunks, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let data = ''
      res.on('data', (c) => { data += c })
      res.on('end', () => resolve({ status: res.statusCode, body: data ? JSON.parse(data) : null }))
    })
    req.on('error', reject)
    for (const c of chunks) req.write(c)
    req.end()
  })
}

/** A logger that records what it is told. */
function recorder () {
  const lines = []
  return { lines, warn: (l) => lines.push(['warn', l]), error: (l) => lines.push(['error', l]) }
}

/** A loopback port nothing listens on now. */
function freePort () {
  const net = require('node:net')
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/**
 * A PostgreSQL cluster of the suite's own on a free loopback port
 * (tests/postgres/cluster.sh, which the Python suite runs too): its
 * connection settings, and stop() to remove it.
 */
async function postgresCluster () {
  const { execFileSync } = require('node:child_process')
  const script = require('node:path').join(__dirname, '..', '..', 'tests', 'postgres', 'cluster.sh')
  const port = await freePort()
  const dir = execFileSync(script, ['start', String(port)], { encoding: 'utf8' }).trim()
  return {
    config: { host: '127.0.0.1', port, user: 'hookproof', database: 'postgres' },
    stop: () => execFileSync(script, ['stop', dir])
  }
}

module.exports = { listen, post, postChunked, recorder, freePort, postgresCluster }
