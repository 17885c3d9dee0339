// The ES module entry: the same objects as the CommonJS one.
import cjs from './index.js'

export const {
  Client, Meter, Sessions, AuthError, APP_ROUTES, bearerToken, hasRole, VERSION, SaasusError, SaasusApiError, BadRequestError, UnauthorizedError,
  ForbiddenError, NotFoundError, ConflictError, RateLimitError, ServerError, OutcomeUnknownError, TransportError, TimeoutError,
  DecodeError, ConfigError, InvalidArgumentError,
} = cjs
export default cjs
