package io.saasus.testing

import io.saasus.Client
import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/**
 * JUnit 5: a fresh [SaasusEmulator] for each test, stopped after it. A test (or its
 * `@BeforeEach`) takes the emulator, a [Client] configured for it, or both, as parameters:
 *
 * ```
 * @ExtendWith(SaasusEmulatorExtension::class)
 * class SignupTest {
 *     @Test
 *     fun signup(client: Client, emulator: SaasusEmulator) = runBlocking { … }
 * }
 * ```
 * The library's `junit-jupiter-api` dependency is `provided`: the test's own JUnit is used.
 */
class SaasusEmulatorExtension : ParameterResolver {
    override fun supportsParameter(parameter: ParameterContext, context: ExtensionContext): Boolean =
        parameter.parameter.type == SaasusEmulator::class.java || parameter.parameter.type == Client::class.java

    override fun resolveParameter(parameter: ParameterContext, context: ExtensionContext): Any {
        val emulator = emulator(context)
        return if (parameter.parameter.type == Client::class.java) emulator.client() else emulator
    }

    /** The emulator of the test running in `context` (one per test method, closed when it ends). */
    private fun emulator(context: ExtensionContext): SaasusEmulator {
        val test = context.testMethod.map { context }.orElse(context)
        val store = test.getStore(ExtensionContext.Namespace.create(SaasusEmulatorExtension::class.java, test.uniqueId))
        return store.getOrComputeIfAbsent("emulator", { Running(SaasusEmulator()) }, Running::class.java).emulator
    }

    /**
     * What the store closes when the test's context ends: JUnit 5.13 and later close an
     * AutoCloseable (and warn about a CloseableResource only), earlier ones a CloseableResource.
     */
    private class Running(val emulator: SaasusEmulator) : ExtensionContext.Store.CloseableResource, AutoCloseable {
        override fun close() = emulator.close()
    }
}
