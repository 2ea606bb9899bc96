package io.signet.containers;

import io.signet.server.Signet;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletContainerInitializer;
import java.net.InetSocketAddress;
import java.util.Set;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/** Undertow 2.3 with one servlet deployment and its Jakarta WebSocket support. */
final class EmbeddedUndertow {
  private EmbeddedUndertow() {}

  /** Starts Undertow on a free loopback port with Signet installed by an initializer. */
  static Host start(ResponseLog responses, Signet signet) throws Exception {
    XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.builder()
        .set(Options.WORKER_IO_THREADS, 2)
        .set(Options.WORKER_TASK_CORE_THREADS, 16)
        .set(Options.WORKER_TASK_MAX_THREADS, 16)
        .getMap());
    DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024);
    ServletContainerInitializer installer =
        (classes, servletContext) -> signet.install(servletContext);
    DeploymentInfo deployment = Servlets.deployment()
        .setClassLoader(EmbeddedUndertow.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("signet")
        // Undertow's WebSocket support sets up the context's ServerContainer when this attribute
        // is present, before initializers run.
        .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME,
            new WebSocketDeploymentInfo().setWorker(worker).setBuffers(buffers))
        .addServletContainerInitializer(new ServletContainerInitializerInfo(
            ServletContainerInitializer.class, new ImmediateInstanceFactory<>(installer), Set.of()))
        .addOuterHandlerChainWrapper(next -> exchange -> {
          exchange.addExchangeCompleteListener((done, nextListener) -> {
            responses.record(done.getRequestMethod().toString(), done.getRequestURI(),
                done.getRequestHeaders().getFirst("Accept"), done.getStatusCode());
            nextListener.proceed();
          });
          next.handleRequest(exchange);
        });
    DeploymentManager manager = ServletContainer.Factory.newInstance().addDeployment(deployment);
    manager.deploy();
    HttpHandler handler = manager.start();
    Undertow server = Undertow.builder()
        .setWorker(worker)
        .setByteBufferPool(buffers)
        .addHttpListener(0, "127.0.0.1")
        .setHandler(handler)
        .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return new Host(port, () -> signet, () -> {
      server.stop();
      manager.stop();
      manager.undeploy();
      worker.shutdownNow();
    }, false);
  }

}
