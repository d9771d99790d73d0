'use strict'

// Scheme: how a sender signs, a preset's definition or the app's own.

const native = require('./native')
const { translate } = require('./errors')

/** How a sender signs: a preset's definition, or your own (JSON form). */
class Scheme {
  constructor (definition) {
    const text = typeof definition === 'string' ? definition : JSON.stringify(definition)
    try {
      this.json = native.schemeJson(undefined, text)
    } catch (err) {
      throw translate(err)
    }
    this.name = JSON.parse(this.json).name
  }

  static fromJSON (text) {
    return new Scheme(String(text))
  }

  static preset (name) {
    try {
      return new Scheme(native.schemeJson(name, undefined))
    } catch (err) {
      throw translate(err)
    }
  }

  toJSON () {
    return JSON.parse(this.json)
  }
}

module.exports = { Scheme }
