package io.signet.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.signet.bench.client.Messages;
import io.signet.bench.client.Protocol;
import io.signet.bench.client.SignalRClient;
import io.signet.bench.client.Target;
import io.signet.bench.client.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each Node peer, started as the suite starts it, against a fleet of generator clients driven as
 * the scenarios drive one: every broadcast, group message and echo reaches whom it should, every
 * join and leave is acknowledged, and a client that left a group hears no more of it. The
 * peers' packages must be installed ({@code npm ci} in benchmarks/peers): without them this
 * fails, it does not skip. Nothing here is timed.
 */
class PeersTest {
  private static final int CLIENTS = 50;
  private static final int SENDERS = 3;
  private static final int PADDING = 16;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(NodePeer.class)
  void deliversEveryMessageToEveryRecipient(NodePeer peer) {
    Path log = Path.of("target", "bench-logs", "peer-" + peer.script() + ".log");
    try (ServerProcess server = ServerProcess.startNode(peer.script(), -1, log);
        Fleet fleet = new Fleet(Transport.WEBSOCKETS, peer.protocol(),
            List.of(Target.loopback(server.port(), "/bench", 2)))) {
      fleet.connect(CLIENTS, CLIENTS, WAIT);
      assertThat(server.connections()).isEqualTo(CLIENTS);

      Fanout broadcast = fleet.onLoop(
          () -> new Fanout(fleet, Fanout.Shape.BROADCAST, CLIENTS, SENDERS, PADDING));
      sendMessages(fleet, broadcast, 5);
      settle(fleet);
      assertThat(fleet.onLoop(() -> fleet.tally().received)).isEqualTo(5L * CLIENTS);

      Fanout groups = fleet.onLoop(
          () -> new Fanout(fleet, Fanout.Shape.TEN_GROUPS, CLIENTS, SENDERS, PADDING));
      fleet.onLoop(() -> {
        groups.joinAll();
        return null;
      });
      settle(fleet);
      sendMessages(fleet, groups, 10); // one to each group, mostly from non-members
      settle(fleet);
      assertThat(fleet.onLoop(() -> fleet.tally().received))
          .isEqualTo(5L * CLIENTS + 10 * (CLIENTS / 10));
      assertThat(fleet.onLoop(() -> fleet.tally().acks)).isEqualTo(CLIENTS);

      assertThat(leaversHearNoMore(fleet)).containsExactly(0);
      echoFromEveryClient(fleet);
      assertThat(server.heapAfterGc()).isPositive();
    }
  }

  /** Fanout's message {@code k}, for {@code k} from 0, all due now. */
  private static void sendMessages(Fleet fleet, Fanout load, int count) {
    fleet.onLoop(() -> {
      for (int k = 0; k < count; k++) {
        load.send(k, System.nanoTime());
      }
      return null;
    });
  }

  /**
   * All of group g0 (clients 0, 10, 20...) but client 0 leave it; then one client sends to g0
   * and broadcasts. The server handles one client's messages in order and writes to each
   * recipient in order, so once every broadcast has arrived, so has anything of g0's.
   *
   * @return the clients that received g0's message
   */
  private static Set<Integer> leaversHearNoMore(Fleet fleet) {
    Protocol protocol = fleet.protocol();
    long groupStamp = 1;
    long broadcastStamp = 2;
    Set<Integer> heardGroup = new TreeSet<>();
    fleet.onLoop(() -> {
      fleet.workload(new Fleet.Workload() {
        @Override
        public void onDelivery(SignalRClient client, long stamp, long nowMicros) {
          if (stamp == groupStamp) {
            heardGroup.add(client.index());
          } else {
            fleet.tally().delivered(stamp, nowMicros);
          }
        }

        @Override
        public void onAck(SignalRClient client) {
          fleet.tally().acks++;
        }
      });
      for (int i = 10; i < CLIENTS; i += 10) {
        fleet.tally().acksExpected++;
        fleet.clients().get(i).send(protocol.membership(false, 1000 + i, "g0"));
      }
      return null;
    });
    settle(fleet);
    fleet.onLoop(() -> {
      SignalRClient sender = fleet.clients().get(1);
      sender.send(protocol.groupSend("g0", groupStamp, PADDING));
      fleet.tally().expected += CLIENTS;
      sender.send(protocol.broadcast(broadcastStamp, PADDING));
      return null;
    });
    settle(fleet);
    return fleet.onLoop(() -> heardGroup);
  }

  /** One echo from every client; each completion carries its stamp back. */
  private static void echoFromEveryClient(Fleet fleet) {
    long before = fleet.onLoop(() -> fleet.tally().received);
    fleet.onLoop(() -> {
      fleet.workload(new Fleet.Workload() {
        @Override
        public void onEchoed(SignalRClient client, long stamp, long nowMicros) {
          fleet.tally().delivered(stamp, nowMicros);
        }
      });
      for (SignalRClient client : fleet.clients()) {
        fleet.tally().expected++;
        client.send(fleet.protocol().echo(2000 + client.index(), Messages.nowMicros(), PADDING));
      }
      return null;
    });
    settle(fleet);
    assertThat(fleet.onLoop(() -> fleet.tally().received) - before).isEqualTo(CLIENTS);
  }

  /** Waits for everything owed; fails on a loss, an excess or an error. */
  private static void settle(Fleet fleet) {
    boolean settled = fleet.awaitSettled(WAIT);
    String problems = fleet.onLoop(() -> fleet.tally().problems());
    assertThat(problems).as("problems").isNull();
    assertThat(settled).isTrue();
  }
}
