'use strict'
// Secrets in results, hidden where they are shown and kept where they are serialised. The core
// says where a result's secrets are (tools/specgen.py's reviewed list, as `saasus::redact::Shape`);
// each object holding one gets two properties that are not enumerable: its secret fields' names
// and a `util.inspect` view with them as '***'. JSON.stringify, spread and Object.keys see the
// object as the API answered it (a backend hands tokens to its app); console.log does not.

const util = require('node:util')

const SECRET_FIELDS = Symbol('saasus.secretFields')

// `util.inspect`'s view of a marked object: a copy with its secrets as '***', which inspect
// formats as it would have formatted the object (depth, colours, nested marked objects).
function inspectHidden() {
  const shown = {}
  for (const key of Object.keys(this)) {
    shown[key] = this[SECRET_FIELDS].includes(key) && this[key] != null ? '***' : this[key]
  }
  return shown
}

// Marks the objects of `value` that hold secrets, as `shape` (parsed) says; returns `value`.
function hide(value, shape) {
  if (shape === undefined || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    if (shape.each) for (const item of value) hide(item, shape.each)
    return value
  }
  if (shape.union) {
    const [tag, variants] = shape.union
    const variant = typeof value[tag] === 'string' && Object.hasOwn(variants, value[tag]) ? variants[value[tag]] : undefined
    return hide(value, variant)
  }
  if (shape.fields) {
    Object.defineProperty(value, SECRET_FIELDS, { value: shape.fields })
    Object.defineProperty(value, util.inspect.custom, { value: inspectHidden })
  }
  for (const [key, child] of Object.entries(shape.children ?? {})) hide(value[key], child)
  if (shape.each) for (const item of Object.values(value)) hide(item, shape.each)
  return value
}

// A shape as the addon gives it (JSON text or null), parsed once.
function parse(text) {
  return text == null ? undefined : JSON.parse(text)
}

module.exports = { hide, parse }
