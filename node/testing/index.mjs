// The ES module entry of saasus/testing: the same function as the CommonJS one.
import cjs from './index.js'

export const { startEmulator } = cjs
export default cjs
