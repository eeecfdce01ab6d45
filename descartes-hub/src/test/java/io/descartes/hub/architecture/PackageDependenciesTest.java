package io.descartes.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The hub's packages form layers, each using only the ones below it: the three processes' wiring (app for the hub,
 * runner for a runner, cli for the command line, which speaks to a hub over HTTP with the protocol's JSON) on top, the capabilities in between, the start-up and HTTP/JSON helpers under them, and
 * the wire protocol, the ZeroMQ component and the database at the bottom. Among the capabilities there is no
 * cycle, so each one can be read, tested and changed with only what it imports in mind. (Plain JUnit over ArchUnit's
 * core rather than its JUnit 5 engine: under this build's surefire, {@code -Dtest=PackageDependenciesTest} ran none
 * of the engine's {@code @ArchTest} fields and reported 0 tests, which would pass unnoticed.)
 */
class PackageDependenciesTest {

    private static final JavaClasses HUB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // camel-zeromq's test-jar, once packaged
            .importPackages("io.descartes.hub");

    @Test
    void noPackageCycles() {
        slices().matching("io.descartes.hub.(*)..").should().beFreeOfCycles().check(HUB);
    }

    @Test
    void capabilitiesDependOnlyDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Hub process").definedBy("io.descartes.hub.app..")
                .layer("Runner process").definedBy("io.descartes.hub.runner..")
                .layer("Command line").definedBy("io.descartes.hub.cli..")
                .layer("Capabilities").definedBy("io.descartes.hub.agents..", "io.descartes.hub.api..", "io.descartes.hub.bus..",
                        "io.descartes.hub.commands..", "io.descartes.hub.curve..", "io.descartes.hub.health..",
                        "io.descartes.hub.ingest..", "io.descartes.hub.leases..", "io.descartes.hub.metrics..",
                        "io.descartes.hub.quota..", "io.descartes.hub.runners..", "io.descartes.hub.scaleout..", "io.descartes.hub.security..",
                        "io.descartes.hub.timetravel..")
                .layer("Start-up and HTTP").definedBy("io.descartes.hub.boot..", "io.descartes.hub.http..")
                .layer("Protocol, ZeroMQ and store").definedBy("io.descartes.hub.protocol..",
                        "io.descartes.hub.zmq..", "io.descartes.hub.store..")
                .whereLayer("Hub process").mayNotBeAccessedByAnyLayer()
                .whereLayer("Runner process").mayNotBeAccessedByAnyLayer()
                .whereLayer("Command line").mayNotBeAccessedByAnyLayer()
                .whereLayer("Capabilities").mayOnlyBeAccessedByLayers("Hub process", "Runner process")
                .whereLayer("Start-up and HTTP").mayOnlyBeAccessedByLayers("Hub process", "Runner process",
                        "Capabilities")
                .ensureAllClassesAreContainedInArchitecture()
                .check(HUB);
    }

    /** The CLI is a client of a hub's API: of the layers below it, only the protocol's JSON. */
    @Test
    void theCommandLineReachesTheHubOnlyThroughItsApi() {
        noClasses().that().resideInAPackage("io.descartes.hub.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("io.descartes.hub.zmq..", "io.descartes.hub.store..").check(HUB);
    }
}
