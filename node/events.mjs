// The ES module entry of saasus/events: the same objects as the CommonJS one.
import cjs from './events.js'

export const { parse, verify, inOrder, SIGNATURE_HEADER } = cjs
export default cjs
