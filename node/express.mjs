// The ES module entry of saasus/express: the same functions as the CommonJS one.
import cjs from './express.js'

export const { saasusAuth, AuthError } = cjs
export default cjs
