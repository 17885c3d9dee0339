// The ES module entry of saasus/fastify: the same functions as the CommonJS one.
import cjs from './fastify.js'

export const { saasusAuth, AuthError } = cjs
export default cjs
