package io.signet.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers of DESIGN.md: each package uses only the packages below it. */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.signet");

  @Test
  void layersDependDownwardsOnly() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("io.signet..")
        .layer("server").definedBy("io.signet.server..")
        .layer("hub").definedBy("io.signet.hub..")
        .layer("observe").definedBy("io.signet.observe..")
        .layer("connection").definedBy("io.signet.connection..")
        .layer("protocol").definedBy("io.signet.protocol..")
        .whereLayer("server").mayNotBeAccessedByAnyLayer()
        .whereLayer("hub").mayOnlyBeAccessedByLayers("server")
        // What observers learn: the hub layer reports to it, and it names transports.
        .whereLayer("observe").mayOnlyBeAccessedByLayers("server", "hub")
        .whereLayer("connection").mayOnlyBeAccessedByLayers("server", "hub", "observe")
        .whereLayer("protocol").mayOnlyBeAccessedByLayers("server", "hub", "connection")
        .check(CLASSES);
  }

  @Test
  void theProtocolDoesNoIoAndStartsNoThreads() {
    noClasses().that().resideInAPackage("io.signet.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.net..", "java.nio.channels..", "java.util.concurrent..", "jakarta..")
        .check(CLASSES);
  }
}
