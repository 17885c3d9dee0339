package io.saasus

import java.io.File

/**
 * The specs in shared/ (beside the repository, or SAASUS_SHARED_DIR), which the tests hold the
 * SDK to: a changed spec fails a test that reads it, not a number written in one.
 */
object Specs {
    private val dir = File(System.getenv("SAASUS_SHARED_DIR") ?: "../../shared", "spec")
    private val name = Regex("""saasus-(\w+)-api\.yml""")

    /** Each API's operation count (an `operationId:` line each), by the API's name in its file name. */
    fun counts(): Map<String, Int> =
        (dir.listFiles() ?: error("no specs in ${dir.absolutePath}")).mapNotNull { file ->
            name.matchEntire(file.name)?.let { it.groupValues[1] to file.readLines().count { line -> line.trimStart().startsWith("operationId:") } }
        }.toMap()
}
