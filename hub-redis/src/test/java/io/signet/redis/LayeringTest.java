package io.signet.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * hub-redis is a scale-out: it plugs into the hub layer's public SPI and the connection layer's
 * directory, and never reaches into Signet's internals or the server layer.
 */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.signet.redis");

  @Test
  void usesOnlyPublicSignetPackages() {
    noClasses().that().resideInAPackage("io.signet.redis..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.signet.server..", "io.signet.hub.internal..", "io.signet.connection.internal..",
            "io.signet.transport..", "jakarta..")
        .check(CLASSES);
  }
}
