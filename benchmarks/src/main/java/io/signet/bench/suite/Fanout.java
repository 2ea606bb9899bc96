package io.signet.bench.suite;

import io.signet.bench.client.Messages;
import io.signet.bench.client.Protocol;
import io.signet.bench.client.SignalRClient;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Messages to many: broadcasts to every client, or group sends, from a few sender clients in
 * turn; optionally with extra clients joining and leaving groups meanwhile. Loop thread only.
 *
 * <p>Clients {@code 0 .. members-1} are the measured recipients; churning clients come after them
 * and what they receive is not counted (their membership changes under the messages by design).
 */
final class Fanout implements Fleet.Workload {
  /** Who receives a message. */
  enum Shape {
    /** Every client. */
    BROADCAST,
    /** Ten groups, each a tenth of the clients. */
    TEN_GROUPS,
    /** Groups of ten, a tenth as many groups as clients, with churn. */
    GROUPS_OF_TEN
  }

  private final Fleet fleet;
  private final Protocol protocol;
  private final Shape shape;
  private final int members;
  private final int senders;
  private final int padding;
  private final List<SignalRClient> clients;
  private final int groups;
  private final SplittableRandom random = new SplittableRandom(42);
  private long ids;
  // Churning clients, indexed from 0: their group, or null when in none; whether a call is out.
  private final String[] churnGroup;
  private final boolean[] churnBusy;

  Fanout(Fleet fleet, Shape shape, int members, int senders, int padding) {
    this.fleet = fleet;
    this.protocol = fleet.protocol();
    this.shape = shape;
    this.members = members;
    this.senders = Math.min(senders, members);
    this.padding = padding;
    this.clients = List.copyOf(fleet.clients());
    this.groups = shape == Shape.TEN_GROUPS ? 10 : Math.max(1, members / 10);
    int churners = clients.size() - members;
    this.churnGroup = new String[churners];
    this.churnBusy = new boolean[churners];
    fleet.workload(this);
  }

  /** Recipients of each message. */
  int deliveriesPerMessage() {
    return shape == Shape.BROADCAST ? clients.size() : members / groups;
  }

  private int groupOf(int member) {
    return shape == Shape.TEN_GROUPS ? member % groups : member / 10;
  }

  private static String groupName(int group) {
    return "g" + group;
  }

  /** Every measured client joins its group; the acks are owed from now on. */
  void joinAll() {
    for (int i = 0; i < members; i++) {
      fleet.tally().acksExpected++;
      clients.get(i).send(protocol.membership(true, ids++, groupName(groupOf(i))));
    }
  }

  /** Sends message {@code k}, due at {@code dueNanos}. */
  void send(long k, long dueNanos) {
    SignalRClient sender = clients.get((int) (k % senders));
    long stamp = Messages.toMicros(dueNanos);
    if (shape == Shape.BROADCAST) {
      fleet.tally().expected += clients.size();
      sender.send(protocol.broadcast(stamp, padding));
      return;
    }
    int group = (int) (k % groups);
    fleet.tally().expected += members / groups;
    sender.send(protocol.groupSend(groupName(group), stamp, padding));
  }

  /** Churn operation {@code k}: a churning client joins a random group or leaves its group. */
  void churn(long k, long dueNanos) {
    if (churnGroup.length == 0) {
      return;
    }
    int churner = (int) (k % churnGroup.length);
    if (churnBusy[churner]) {
      return; // its last call is still out: skip rather than pile up
    }
    churnBusy[churner] = true;
    boolean join = churnGroup[churner] == null;
    String group = join ? groupName(random.nextInt(groups)) : churnGroup[churner];
    churnGroup[churner] = join ? group : null;
    fleet.tally().acksExpected++;
    clients.get(members + churner).send(protocol.membership(join, ids++, group));
  }

  @Override
  public void onDelivery(SignalRClient client, long stamp, long nowMicros) {
    if (client.index() < members) {
      fleet.tally().delivered(stamp, nowMicros);
    }
  }

  @Override
  public void onAck(SignalRClient client) {
    fleet.tally().acks++;
    if (client.index() >= members) {
      churnBusy[client.index() - members] = false;
    }
  }
}
