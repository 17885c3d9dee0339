// The logging example of docs/kotlin.md: the lines between the markers are the page's code, word
// for word (DocsTest checks that and runs it against the emulator).
package io.saasus.docs

// START logging
import io.saasus.Client
import io.saasus.LogLevel
import io.saasus.SaasusLogger
import java.util.logging.Level
import java.util.logging.Logger

/** The SDK's log events in java.util.logging (SLF4J or Timber take the same few lines). */
class JulLogger(private val jul: Logger = Logger.getLogger("saasus")) : SaasusLogger {
    override fun log(level: LogLevel, message: String, fields: Map<String, String>) {
        val julLevel = when (level) {
            LogLevel.DEBUG -> Level.FINE
            LogLevel.INFO -> Level.INFO
            LogLevel.WARN -> Level.WARNING
        }
        jul.log(julLevel, "$message (trace ${fields["trace_id"] ?: "-"})")
    }
}

fun logged(client: Client): Client = client.withLogger(JulLogger(), LogLevel.DEBUG)
// END logging
