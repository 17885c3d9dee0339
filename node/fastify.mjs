// The ES module entry of saasus/fastify: the same functions as the CommonJS one.
import cjs from './fastify.js'

export const { saasusAuth, callbackHandler } = cjs
export default cjs
