'use strict'

// Bytes the package hands back: Node's Buffer where the runtime has one
// (Node, Bun, Deno), a plain Uint8Array where it has not (Cloudflare Workers
// without nodejs_compat, Vercel Edge, browsers).
// A Buffer is a Uint8Array, so code written for either reads both; nothing
// here copies a body that is already bytes.

const HAS_BUFFER = typeof Buffer === 'function'

/** The same memory as a Buffer (Node) or as it is (elsewhere). */
function view (bytes) {
  if (!HAS_BUFFER || Buffer.isBuffer(bytes)) return bytes
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Chunks joined into one array of `size` bytes. */
function concat (parts, size) {
  for (const part of parts) {
    if (!(part instanceof Uint8Array)) {
      throw new TypeError('the request body arrived as text, not bytes (was setEncoding called on the request?): a signature covers the bytes as sent')
    }
  }
  if (parts.length === 1) return view(parts[0])
  const out = HAS_BUFFER ? Buffer.allocUnsafe(size) : new Uint8Array(size)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.byteLength
  }
  return out
}

const encoder = new TextEncoder()
// ignoreBOM keeps a leading U+FEFF, as Buffer#toString does: JSON.parse
// then refuses it in every runtime alike.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

/** A string's UTF-8 bytes. */
const utf8 = (text) => view(encoder.encode(text))

/** Bytes decoded as UTF-8 (invalid sequences become U+FFFD, as Buffer's). */
const decodeUtf8 = (bytes) => decoder.decode(bytes)

module.exports = { view, concat, utf8, decodeUtf8, empty: () => concat([], 0) }
