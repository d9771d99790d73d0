'use strict'

// The integration spec's HTTP side (Python's twin: python/tests/spec_client.py):
// the cases, and a raw HTTP/1.1 client on a socket, so a request can carry
// any Host header, be chunked, or stop half-way.

const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')

const SPEC = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'vectors', 'integration', 'integration.json'), 'utf8'))

/** A chunked body larger than this is sent only this far, without its last chunk. */
const STALL_AFTER = 64 * 1024

/** A port nothing listens on (for the unreachable Redis). */
async function closedPort () {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Sends one spec request on a raw socket; resolves to [status, body]. */
function send (port, request, extraHeaders = []) {
  const body = request.body_size !== undefined ? Buffer.alloc(request.body_size, 'a') : Buffer.from(request.body)
  const headers = request.headers.map(([k, v]) => [k, v]).concat(extraHeaders)
  const names = new Set(headers.map(([k]) => k.toLowerCase()))
  if (!names.has('host')) headers.push(['Host', `127.0.0.1:${port}`])
  if (!names.has('content-type')) headers.push(['Content-Type', 'application/json'])
  headers.push(request.chunked ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(body.length)])
  headers.push(['Connection', 'close'])
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const received = []
    socket.setTimeout(10_000, () => { socket.destroy(); reject(new Error('no answer in 10 s')) })
    socket.on('data', (d) => received.push(d))
    socket.on('error', () => {}) // an early answer and close; parse what came
    socket.on('close', () => {
      try { resolve(parse(Buffer.concat(received))) } catch (err) { reject(err) }
    })
    socket.write(head)
    if (!request.chunked) return socket.write(body)
    const stall = body.length > STALL_AFTER
    const sent = stall ? body.subarray(0, STALL_AFTER) : body
    for (let i = 0; i < sent.length; i += 16 * 1024) {
      const piece = sent.subarray(i, i + 16 * 1024)
      socket.write(`${piece.length.toString(16)}\r\n`)
      socket.write(piece)
      socket.write('\r\n')
    }
    if (!stall) socket.write('0\r\n\r\n')
    else {
      // Answered early: close our side once the answer is complete.
      socket.on('data', () => {
        const text = Buffer.concat(received).toString('latin1')
        const at = text.indexOf('\r\n\r\n')
        if (at < 0) return
        const length = /content-length: *(\d+)/i.exec(text.slice(0, at))
        const chunkedDone = /transfer-encoding: *chunked/i.test(text.slice(0, at)) && text.endsWith('0\r\n\r\n')
        if ((length && text.length - at - 4 >= Number(length[1])) || chunkedDone) socket.destroy()
      })
    }
  })
}

function parse (data) {
  const text = data.toString('latin1')
  const at = text.indexOf('\r\n\r\n')
  if (at < 0) throw new Error(`no complete response: ${JSON.stringify(text.slice(0, 200))}`)
  const status = Number(text.slice(9, 12))
  let body = data.subarray(Buffer.byteLength(text.slice(0, at + 4), 'latin1'))
  if (/transfer-encoding: *chunked/i.test(text.slice(0, at))) body = dechunk(body)
  return [status, body.toString('utf8')]
}

function dechunk (data) {
  const out = []
  let rest = data
  for (;;) {
    const line = rest.indexOf('\r\n')
    const size = parseInt(rest.subarray(0, line).toString('latin1'), 16)
    if (!size) break
    out.push(rest.subarray(line + 2, line + 2 + size))
    rest = rest.subarray(line + 4 + size)
  }
  return Buffer.concat(out)
}

module.exports = { SPEC, STALL_AFTER, closedPort, send }
