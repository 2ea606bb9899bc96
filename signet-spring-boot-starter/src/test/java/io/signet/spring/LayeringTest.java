package io.signet.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The starter builds a {@code Signet} as any application would: through the public API of the
 * server, hub and protocol layers, never Signet's internals or a transport.
 */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.signet.spring");

  @Test
  void usesOnlyPublicSignetPackages() {
    noClasses().that().resideInAPackage("io.signet.spring..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.signet.server.internal..", "io.signet.hub.internal..",
            "io.signet.connection.internal..", "io.signet.transport..")
        .check(CLASSES);
  }
}
