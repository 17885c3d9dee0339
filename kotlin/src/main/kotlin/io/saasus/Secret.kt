package io.saasus

/**
 * A token, a request's header value or a Set-Cookie header, as the generated records of
 * [Authenticator] hold them: [value] is the text; `toString()` is `***`, so that printing or
 * logging a record never shows a token. ([Sessions] hands out plain strings.)
 */
class Secret(val value: String) {
    override fun toString() = "***"
    override fun equals(other: Any?) = other is Secret && other.value == value
    override fun hashCode() = value.hashCode()
}
