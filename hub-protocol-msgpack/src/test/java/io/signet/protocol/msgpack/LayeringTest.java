package io.signet.protocol.msgpack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The MessagePack protocol belongs to the protocol layer: hub-core's layering test holds every
 * {@code io.signet.protocol..} class to no I/O and no threads, but does not see this module, so
 * the same rule is checked here.
 */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.signet.protocol.msgpack");

  @Test
  void theProtocolDoesNoIoAndStartsNoThreads() {
    noClasses().that().resideInAPackage("io.signet.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.net..", "java.nio.channels..", "java.util.concurrent..", "jakarta..")
        .check(CLASSES);
  }

  @Test
  void usesNoLayerAboveTheProtocol() {
    noClasses().that().resideInAPackage("io.signet.protocol.msgpack..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.signet.connection..", "io.signet.hub..", "io.signet.server..",
            "io.signet.transport..")
        .check(CLASSES);
  }
}
