package io.signet.containers;

/** Signet in Undertow 2.3 with Undertow's Jakarta WebSocket support, installed by an initializer. */
class UndertowTest extends ContainerContractTest {

  @Override
  Host start(ResponseLog responses) throws Exception {
    return EmbeddedUndertow.start(responses, Host.signetBuilder().build());
  }
}
