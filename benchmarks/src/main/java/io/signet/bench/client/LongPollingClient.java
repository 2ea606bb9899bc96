package io.signet.bench.client;

import java.nio.ByteBuffer;

/**
 * The long-polling transport: polls back to back on the negotiate connection, each answer holding
 * every record queued since the last, and POSTs for the client's messages.
 */
final class LongPollingClient extends SignalRClient {
  private final ResponseReader reader = new ResponseReader();
  private HttpSender sender;
  private long polls;

  LongPollingClient(EventLoop loop, Target target, ClientListener listener, int index) {
    super(loop, target, Protocol.JSON, listener, index);
  }

  @Override
  protected void openTransport() {
    poll();
  }

  private void poll() {
    main.write(Http.request("GET", connectTarget() + "&_=" + polls++, target.host(), "", null));
  }

  @Override
  protected void onTransportData(ByteBuffer data) {
    while (!ended() && reader.read(data)) {
      if (reader.status() == 204) {
        fail("the server ended the connection (204)");
        return;
      }
      if (reader.status() != 200) {
        fail("poll answered " + reader.status());
        return;
      }
      if (sender == null) {
        // The first poll answers at once and starts the connection; now the handshake may go.
        sender = new HttpSender(this, connectTarget(), target.host());
        sender.open();
        sendHandshake();
      } else {
        records(reader.body(), reader.bodyStart(), reader.bodyEnd());
      }
      if (!ended()) {
        poll();
      }
    }
  }

  @Override
  public void send(byte[] record) {
    if (isReady()) {
      sender.send(record);
    }
  }

  @Override
  protected void sendRaw(byte[] bytes) {
    sender.send(bytes);
  }

  @Override
  protected void closeChannels() {
    super.closeChannels();
    if (sender != null) {
      sender.close();
    }
  }
}
