package io.signet.protocol.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.protocol.HubProtocol;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The module announces its protocol the way transport modules announce theirs. */
class ServiceLoaderTest {

  @Test
  void theServiceLoaderFindsTheProtocol() {
    assertThat(ServiceLoader.load(HubProtocol.class, HubProtocol.class.getClassLoader()))
        .anySatisfy(protocol -> {
          assertThat(protocol).isInstanceOf(MessagePackHubProtocol.class);
          assertThat(protocol.name()).isEqualTo("messagepack");
        });
  }
}
