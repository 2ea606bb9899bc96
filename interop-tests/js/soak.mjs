// Soak: thousands of clients of the official SignalR JavaScript client against one Signet server,
// over all three transports, with joins, leaves, abrupt disconnects, reconnects and broadcasts.
//
//   node soak.mjs <baseUrl> <durationSeconds> <clients> <reportFile>
//   node soak.mjs --warm-up <baseUrl>
//
// <baseUrl> is the server root; the hub is SoakHub at /soak. Exits 0 when every check passed,
// 1 when one failed (the failures are printed and in the report), 2 on bad usage. The report
// file receives one JSON object with the counts, the group names used and the failures.
// JsSoakTest runs it and checks the server afterwards. --warm-up calls every hub method over
// every transport once and stops cleanly; the test measures its heap baseline after it.
//
// Two populations, each spread evenly over WebSockets, ServerSentEvents and LongPolling, in
// child processes of this one (this file again, with --stable or --churn), so that no single
// Node event loop carries them all:
//
// - STABLE clients (40 %) connect first, each joins one of the stable groups ("s0", "s1", ...)
//   and never leaves it, and they stay until the end. They send to their own group now and then.
//   They are the recipients whose inboxes are checked for completeness.
// - CHURN clients (60 %, as "slots") loop: connect (half of the WebSockets ones skip
//   negotiation), join one or two churn groups ("c0", "c1", ...) or a stable group, send to churn
//   groups, to stable groups and to everyone, join and leave groups, and lose their network now
//   and then: the official client then reconnects on its own (withAutomaticReconnect) to a new
//   connection and joins its groups again. After 15 to 45 s a slot ends its connection, cleanly
//   (stop()) or abruptly (its network is cut, then stop(): the server hears nothing, not even the
//   long-polling DELETE), and starts over. Besides, every ten seconds or so one churn process is
//   killed with SIGKILL, all its connections at once, and a new one takes its slots.
//
// A "network cut" uses the official client's own hooks (httpClient, WebSocket and EventSource
// constructors): it destroys the connection's WebSocket or event-stream socket and fails every
// HTTP request of the connection (polls, sends, DELETE) until the network is "restored".
//
// Every message is Msg(sender connection id, seq, target, payload); seq counts per sender
// connection, the payload is derived from sender and seq (with multi-byte characters), target is
// the group name or "*" for everyone. A message is ACKNOWLEDGED when its sender's invoke()
// completed: SoakHub completes it once the message is queued for every recipient.
//
// The end: senders stop, churn processes stop their connections and exit; once every
// acknowledgement has arrived here, this process sends a FENCE, a broadcast from a connection of
// its own. A client gets its messages in the order they were queued for it, so a stable client
// that has the fence has everything acknowledged before. Then the checks:
// - every acknowledged message addressed to a stable group or to everyone reached every stable
//   member of its target exactly once, with its payload intact;
// - no client (stable or churn) received a message twice, nor, from one sender, a message after
//   a later one of that sender. This holds for unacknowledged messages too (a sender killed
//   mid-invoke): they may be missing, but never doubled or out of order;
// - no client received a message for a group it never joined;
// - no stable client lost its connection, no churn connection ended or failed an invocation
//   without the test cutting its network, no start() failed, no process died unbidden.
// Acknowledgements of a killed process that had not yet reached this one count as
// unacknowledged; that only makes the completeness check weaker, never wrong.

import { fork } from "node:child_process";
import { setMaxListeners } from "node:events";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { writeFileSync } from "node:fs";
import net from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import * as signalR from "@microsoft/signalr";

// The client picks `ws` and `eventsource` with its own require when it runs in Node, so the
// wrappers below extend exactly those (as scaleout-support.mjs does).
const requireFromClient = createRequire(fileURLToPath(import.meta.resolve("@microsoft/signalr")));
const NodeWebSocket = requireFromClient("ws");
const NodeEventSource = requireFromClient("eventsource");

const TRANSPORTS = ["WebSockets", "ServerSentEvents", "LongPolling"];
const EVERYONE = "*";
const HUB_PATH = "/soak";

/**
 * The traffic mix. Intervals are means of exponential distributions. Chosen for two cores shared
 * by the server and the clients, where the clients cost more: a connection's life costs the
 * official client 5 (WebSockets) to 17 (long polling) ms of CPU, a message received over long
 * polling close to 1 ms (one HTTP request per answer). So a stable client gets about one
 * message a second, and a churn connection lives for tens of seconds.
 */
const MIX = {
  /** Between two sends of one stable client (to its own group). */
  stableSendIntervalMs: 90_000,
  /** Between two actions (send, join, leave) of one churn connection. */
  churnActionIntervalMs: 5_000,
  /** Broadcasts per second, all churn senders together. */
  broadcastsPerSecond: 0.25,
  /** Of a churn connection's sends, the share to a stable group (the rest: churn groups). */
  churnToStableGroup: 0.03,
  /** Of a churn connection's actions, the shares that join and leave a group. */
  churnJoin: 0.1,
  churnLeave: 0.1,
  /** Of the groups a churn connection joins, the share that are stable groups. */
  churnJoinsStableGroup: 0.2,
  /** How long a churn connection lives, uniformly between these. */
  churnLifetimeMs: [15_000, 45_000],
  /** The share of churn connections whose network is cut once while they live (they reconnect). */
  churnCutAndReconnect: 0.25,
  /** Of those cuts, the share made while an invocation is in flight. */
  cutDuringInvoke: 0.5,
  /** How long a cut network stays cut before it is restored, uniformly between these. */
  cutLengthMs: [100, 1_500],
  /** The share of churn connections that end abruptly (cut, then stop) rather than cleanly. */
  churnAbruptEnd: 0.4,
  /** The share of WebSockets churn connections that skip negotiation. */
  skipNegotiation: 0.5,
  /** Stable clients per stable group, churn slots per churn group. */
  stablePerGroup: 50,
  churnPerGroup: 10,
  /** Clients per process: stable clients, churn slots. */
  stablePerProcess: 150,
  slotsPerProcess: 200,
  /** How long a churn process lives on average before it is killed. */
  churnProcessLifetimeMs: 50_000,
};

const RECONNECT_DELAYS_MS = [0, 200, 500, 1_000, 2_000, 2_000, 5_000, 5_000, 10_000];
const CONNECT_WAVE = 50; // stable clients connecting at once, per process
const REPORT_INTERVAL_MS = 250;
const START_RAMP_MS = 10_000; // over which the churn slots make their first connections
const RESPAWN_RAMP_MS = 3_000; // the same in a process that replaces a killed one
const FENCE_DEADLINE_MS = 60_000;
const CHILD_DEADLINE_MS = 60_000;

const uniform = ([low, high]) => low + Math.random() * (high - low);
const exponential = (mean) => -Math.log(1 - Math.random()) * mean;
const pick = (values) => values[Math.floor(Math.random() * values.length)];
const errorText = (error) => (error instanceof Error ? error.message : String(error));
const isSet = (bits, bit) => (bits[bit >> 3] & (1 << (bit & 7))) !== 0;

/**
 * The payload of message `seq` of `sender`: derived from both, of varying length, with two-,
 * three- and four-byte UTF-8 characters, so that a corrupted, truncated or swapped message shows.
 */
function payloadOf(sender, seq) {
  return `${sender}/${seq}/${"ü€𝄞".repeat(seq % 23)}${"x".repeat((seq * 7) % 61)}`;
}

/** Sleeps `ms`, or less once `signal` aborts; never rejects. */
function sleep(ms, signal) {
  return delay(ms, undefined, { signal }).catch(() => {});
}

/** The longest event-loop delay of this process: a starved client process shows here. */
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();
const maxLoopDelayMs = () => Math.round(loopDelay.max / 1e6);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
};

// ---------------------------------------------------------------------------------------------
// A connection's network, which the test can cut

/**
 * The network of one HubConnection, through the official client's hooks. cut() ends its
 * WebSocket (terminate(): the socket is destroyed, no close frame) or destroys its event stream's
 * socket at once, and fails every HTTP request until restore(): pending long polls and sends
 * fail, and so does the DELETE a long-polling client sends when it stops, so the server hears
 * nothing more from this connection.
 */
class Network {
  constructor() {
    this.isCut = false;
    /** How to end each open WebSocket and event stream at once, called by cut(). */
    this.closers = new Set();
    /** Rejecters of HTTP requests in flight, called by cut(). */
    this.inFlight = new Set();
  }

  cut() {
    this.isCut = true;
    for (const close of this.closers) {
      close();
    }
    this.closers.clear();
    for (const reject of this.inFlight) {
      reject(new Error("network cut"));
    }
    this.inFlight.clear();
  }

  restore() {
    this.isCut = false;
  }

  /** Registers what ends a WebSocket or event stream until `emitter` emits `closeEvent`. */
  track(emitter, closeEvent, close) {
    if (this.isCut) {
      process.nextTick(close);
      return;
    }
    this.closers.add(close);
    emitter.once(closeEvent, () => this.closers.delete(close));
  }

  /** Options for withUrl. */
  urlOptions() {
    const network = this;
    class CuttableHttpClient extends signalR.DefaultHttpClient {
      send(request) {
        if (network.isCut) {
          return Promise.reject(new Error("network cut"));
        }
        return new Promise((resolve, reject) => {
          network.inFlight.add(reject);
          super.send(request).then(resolve, (error) => reject(withCause(error)))
            .finally(() => network.inFlight.delete(reject));
        });
      }
    }
    class CuttableWebSocket extends NodeWebSocket {
      constructor(url, protocols, options) {
        super(url, protocols, options);
        network.track(this, "close", () => this.terminate());
      }
    }
    class CuttableEventSource extends NodeEventSource {
      constructor(url, init) {
        super(url, {
          ...init,
          createConnection: (options) => {
            const socket = net.createConnection(options);
            network.track(socket, "close", () => socket.destroy());
            return socket;
          },
        });
      }
    }
    return {
      httpClient: new CuttableHttpClient(signalR.NullLogger.instance),
      WebSocket: CuttableWebSocket,
      EventSource: CuttableEventSource,
    };
  }
}

/** Fetch's "fetch failed" with its cause (ECONNRESET, ...), which the client's message drops. */
function withCause(error) {
  if (error?.name === "TypeError" && error.cause) {
    return new Error(`${error.message}: ${error.cause.code ?? error.cause.message ?? error.cause}`);
  }
  return error;
}

/** A HubConnection to the soak hub over `transport` (a name of HttpTransportType). */
function connection(baseUrl, transport, { network, reconnect = false, skipNegotiation = false,
  logLevel = signalR.LogLevel.None } = {}) {
  const options = {
    ...(network ? network.urlOptions() : {}),
    transport: signalR.HttpTransportType[transport],
    skipNegotiation,
  };
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}${HUB_PATH}`, options)
    .configureLogging(logLevel);
  if (reconnect) {
    builder = builder.withAutomaticReconnect(RECONNECT_DELAYS_MS);
  }
  return builder.build();
}

/** Failures, counted by kind, with the first few of each kind described. */
class Failures {
  constructor() {
    this.counts = {};
    this.examples = [];
  }

  add(kind, detail) {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    if (this.counts[kind] <= 5) {
      this.examples.push(`${kind}: ${detail}`);
    }
  }

  /** Adds the failures another process reported (a plain object with counts and examples). */
  merge(other) {
    for (const [kind, count] of Object.entries(other.counts)) {
      this.counts[kind] = (this.counts[kind] ?? 0) + count;
    }
    this.examples.push(...other.examples.slice(0, 10));
  }

  get total() {
    return Object.values(this.counts).reduce((sum, count) => sum + count, 0);
  }
}

/** Sends a message to the parent process and resolves once it is handed over. */
function tell(message) {
  return new Promise((resolve) => {
    if (!process.connected) {
      resolve();
      return;
    }
    process.send(message, () => resolve());
  });
}

/** A child process's start: its config, a handler for later messages, and exit with the parent. */
function childStart(onMessage) {
  // If the coordinator dies, this process must not live on.
  process.on("disconnect", () => process.exit(3));
  // One listener from the start: a message right behind the config must not slip past.
  return new Promise((resolve) => {
    let configured = false;
    process.on("message", (message) => {
      if (configured) {
        onMessage(message);
      } else {
        configured = true;
        resolve(message);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Stable process: stable clients, their sends and their checks

/**
 * What the stable clients of this process received: per sender, per seq, the message's target
 * and one bit per local recipient of that target (set on arrival). The checks use it instead of
 * a map per recipient and sender, so that memory does not grow with the number of churn
 * connections a client hears from.
 */
class Ledger {
  constructor(localCounts) {
    this.localCounts = localCounts; // target -> number of this process's stable recipients
    this.senders = new Map(); // sender -> { messages: sparse array by seq, maxSeq }
  }

  /** The record of a message, created on first sight. */
  message(sender, seq, target) {
    let stream = this.senders.get(sender);
    if (!stream) {
      stream = { messages: [], maxSeq: 0 };
      this.senders.set(sender, stream);
    }
    let message = stream.messages[seq];
    if (!message) {
      message = { target, bits: new Uint8Array(Math.ceil(this.localCounts.get(target) / 8)) };
      stream.messages[seq] = message;
      stream.maxSeq = Math.max(stream.maxSeq, seq);
    }
    return { stream, message };
  }
}

async function stableProcess() {
  const finish = new AbortController();
  setMaxListeners(0, finish.signal); // every sleeping sender listens to it
  let onFence = null;
  let onCheck = null;
  let onStop = null;
  let onGo = null;
  const config = await childStart((message) => {
    if (message.type === "go") {
      onGo();
    } else if (message.type === "finish") {
      finish.abort();
    } else if (message.type === "fence") {
      onFence(message);
    } else if (message.type === "check") {
      onCheck(message.acks);
    } else if (message.type === "stop") {
      onStop();
    }
  });
  const { baseUrl } = config;
  const failures = new Failures();
  const stats = { received: 0, sent: 0, acked: 0 };
  let acks = [];

  // Local bit positions: among this process's clients for "*", among its members of each group.
  const localCounts = new Map([[EVERYONE, config.clients.length]]);
  const clients = config.clients.map((spec, local) => {
    const position = localCounts.get(spec.group) ?? 0;
    localCounts.set(spec.group, position + 1);
    return { ...spec, bits: new Map([[EVERYONE, local], [spec.group, position]]) };
  });
  const ledger = new Ledger(localCounts);
  let fence = null;
  let ending = false;

  function receive(client, sender, seq, target, payload) {
    stats.received += 1;
    const where = `stable #${client.index} over ${client.transport}`;
    if (payload !== payloadOf(sender, seq)) {
      failures.add("corrupt payload", `${where}: ${sender}#${seq} to ${target}`);
      return;
    }
    const bit = client.bits.get(target);
    if (bit === undefined) {
      failures.add("message for a group never joined", `${where}: ${sender}#${seq} to ${target}`);
      return;
    }
    const { stream, message } = ledger.message(sender, seq, target);
    if (message.target !== target) {
      failures.add("one message, two targets",
        `${where}: ${sender}#${seq} to ${target} and to ${message.target}`);
      return;
    }
    if (isSet(message.bits, bit)) {
      failures.add("duplicate", `${where}: ${sender}#${seq} to ${target}`);
    }
    message.bits[bit >> 3] |= 1 << (bit & 7);
    // Order: no later message of this sender to this client may have arrived before this one.
    for (let later = seq + 1; later <= stream.maxSeq; later += 1) {
      const other = stream.messages[later];
      const otherBit = other && client.bits.get(other.target);
      if (otherBit !== undefined && isSet(other.bits, otherBit)) {
        failures.add("out of order", `${where}: ${sender}#${seq} to ${target} after #${later}`);
        break;
      }
    }
    if (fence && sender === fence.sender && seq === fence.seq) {
      client.fenced();
    }
  }

  async function connect(client) {
    client.hub = connection(baseUrl, client.transport, { logLevel: signalR.LogLevel.Warning });
    client.fenceArrived = new Promise((resolve) => { client.fenced = resolve; });
    client.hub.on("Msg", (...args) => receive(client, ...args));
    client.hub.onclose((error) => {
      if (!ending) {
        failures.add("stable connection lost",
          `#${client.index} over ${client.transport}: ${errorText(error)}`);
      }
    });
    await client.hub.start();
    client.id = await client.hub.invoke("ConnectionId");
    if (client.id !== client.hub.connectionId) {
      failures.add("connection id differs", `stable #${client.index}: negotiated `
        + `${client.hub.connectionId}, hub says ${client.id}`);
    }
    await client.hub.invoke("Join", client.group);
  }

  // In waves, so that hundreds of handshakes do not arrive in the same millisecond.
  for (let i = 0; i < clients.length; i += CONNECT_WAVE) {
    const wave = clients.slice(i, i + CONNECT_WAVE);
    const results = await Promise.allSettled(wave.map(connect));
    for (const [j, result] of results.entries()) {
      if (result.status === "rejected") {
        failures.add("stable start failed",
          `#${wave[j].index} over ${wave[j].transport}: ${errorText(result.reason)}`);
      }
    }
  }
  const go = new Promise((resolve) => { onGo = resolve; });
  await tell({ type: "ready", failures, stats });
  await go;

  const reporter = setInterval(() => {
    tell({ type: "acks", acks, stats, failures, maxLoopDelayMs: maxLoopDelayMs(), cpuMs: cpuMs() });
    acks = [];
  }, REPORT_INTERVAL_MS);

  async function sender(client) {
    let seq = 0;
    while (!finish.signal.aborted) {
      await sleep(exponential(MIX.stableSendIntervalMs), finish.signal);
      if (finish.signal.aborted) {
        break;
      }
      seq += 1;
      stats.sent += 1;
      try {
        await client.hub.invoke("Send", client.group, seq, payloadOf(client.id, seq));
        stats.acked += 1;
        acks.push([client.id, seq, client.group]);
      } catch (error) {
        failures.add("stable invocation failed", `#${client.index}: ${errorText(error)}`);
      }
    }
  }
  await Promise.all(clients.map(sender));
  clearInterval(reporter);

  // The fence: armed before it is sent, since it may arrive before its sender hears back.
  const fenceMessage = await new Promise((resolve) => {
    onFence = resolve;
    tell({ type: "stopped", acks, stats, failures, maxLoopDelayMs: maxLoopDelayMs(), cpuMs: cpuMs() });
    acks = [];
  });
  fence = fenceMessage;
  await tell({ type: "armed" });
  const fenced = await Promise.race([
    Promise.all(clients.map((client) => client.fenceArrived)).then(() => true),
    delay(FENCE_DEADLINE_MS, false)]);
  if (!fenced) {
    failures.add("fence missing", `a stable client did not get the fence within `
      + `${FENCE_DEADLINE_MS / 1000} s`);
  }
  const ackList = await new Promise((resolve) => {
    onCheck = resolve;
    tell({ type: "fenced" });
  });

  // Completeness: every acknowledged message reached each local recipient of its target.
  const acked = new Set();
  let checkedDeliveries = 0;
  for (const [senderId, seq, target] of ackList) {
    acked.add(`${senderId}#${seq}`);
    const expected = localCounts.get(target) ?? 0;
    if (expected === 0) {
      continue;
    }
    checkedDeliveries += expected;
    const message = ledger.senders.get(senderId)?.messages[seq];
    let got = 0;
    for (let bit = 0; message && bit < expected; bit += 1) {
      got += isSet(message.bits, bit) ? 1 : 0;
    }
    if (got < expected) {
      const missing = clients.find((client) => client.bits.has(target)
        && !(message && isSet(message.bits, client.bits.get(target))));
      failures.add("acknowledged message missing", `${senderId}#${seq} to ${target}: ${expected
        - got} of ${expected} recipients here lack it, e.g. #${missing.index} over `
        + `${missing.transport}`);
    }
  }
  // Unacknowledged messages that arrived anyway (their sender was cut or killed mid-invoke).
  let unackedDelivered = 0;
  for (const [senderId, stream] of ledger.senders) {
    stream.messages.forEach((message, seq) => {
      if (!acked.has(`${senderId}#${seq}`)) {
        for (let bit = 0; bit < localCounts.get(message.target); bit += 1) {
          unackedDelivered += isSet(message.bits, bit) ? 1 : 0;
        }
      }
    });
  }

  const stop = new Promise((resolve) => { onStop = resolve; });
  await tell({ type: "checked", checkedDeliveries, unackedDelivered });
  await stop;
  ending = true;
  await Promise.race([Promise.allSettled(clients.map((client) => client.hub.stop())),
    delay(30_000)]);
  await tell({ type: "done", stats, failures, maxLoopDelayMs: maxLoopDelayMs(), cpuMs: cpuMs() });
  process.exit(0); // without waiting for the timers of deadlines that did not come
}

// ---------------------------------------------------------------------------------------------
// Churn process: churn slots in a process that may be killed at any moment

/**
 * What one churn connection got, for the checks that need no acknowledgement: per sender, the
 * last seq (seqs must strictly increase), and the groups it ever joined.
 */
class Receipts {
  constructor() {
    this.lastSeq = new Map();
    this.joined = new Set();
  }

  /** Checks one message; returns [failure kind, detail], or null. */
  check(sender, seq, target, payload) {
    if (payload !== payloadOf(sender, seq)) {
      return ["corrupt payload", `${sender}#${seq} to ${target}`];
    }
    if (target !== EVERYONE && !this.joined.has(target)) {
      return ["message for a group never joined", `${sender}#${seq} to ${target}`];
    }
    const last = this.lastSeq.get(sender) ?? 0;
    if (seq <= last) {
      return [seq === last ? "duplicate" : "out of order",
        `${sender}#${seq} to ${target} after #${last}`];
    }
    this.lastSeq.set(sender, seq);
    return null;
  }
}

async function churnProcess() {
  const finish = new AbortController();
  setMaxListeners(0, finish.signal); // every sleeping slot listens to it
  const config = await childStart((message) => {
    if (message.type === "finish") {
      finish.abort();
    }
  });
  const { baseUrl, slots, stableGroups, churnGroups } = config;
  const stats = {
    opened: 0, reconnects: 0, cleanStops: 0, abruptEnds: 0, cuts: 0, cutsDuringInvoke: 0,
    joins: 0, leaves: 0, sent: 0, acked: 0, received: 0, live: 0,
    openedWebSockets: 0, openedServerSentEvents: 0, openedLongPolling: 0,
  };
  const failures = new Failures();
  let acks = [];
  const report = (type) => {
    const message = { type, stats, acks, failures, maxLoopDelayMs: maxLoopDelayMs(), cpuMs: cpuMs() };
    acks = [];
    return tell(message);
  };
  const reporter = setInterval(() => report("acks"), REPORT_INTERVAL_MS);

  // Of a churn connection's sends, the share to everyone: about 80 % of actions are sends.
  const broadcastShare = MIX.broadcastsPerSecond * (MIX.churnActionIntervalMs / 1000)
    / (0.8 * config.totalSlots);
  const stableGroupNames = Array.from({ length: stableGroups }, (_, i) => `s${i}`);
  const churnGroupNames = Array.from({ length: churnGroups }, (_, i) => `c${i}`);
  const anyGroup = () => (Math.random() < MIX.churnJoinsStableGroup
    ? pick(stableGroupNames) : pick(churnGroupNames));

  /** One connection of a slot, from start() to its end, reconnects included. */
  async function life(slot) {
    const network = new Network();
    const skipNegotiation = slot.transport === "WebSockets"
      && Math.random() < MIX.skipNegotiation;
    const hub = connection(baseUrl, slot.transport, { network, reconnect: true, skipNegotiation });
    // Receipts per server connection: a reconnect is a new connection with a new id.
    let receipts = new Receipts();
    let id = null; // this connection's id, from the server; null while (re)connecting
    const groups = new Set();
    let ending = false; // stop() or an abrupt end is under way
    let cutPending = false; // the network was cut and the connection has not come back yet
    let back = () => {}; // called when the connection is back after a cut, or closed
    const seqs = new Map(); // sender id -> last seq used

    hub.on("Msg", (sender, seq, target, payload) => {
      stats.received += 1;
      const failure = receipts.check(sender, seq, target, payload);
      if (failure) {
        failures.add(failure[0], `churn ${slot.transport}: ${failure[1]}`);
      }
    });
    hub.onreconnecting((error) => {
      id = null;
      if (!cutPending && !ending) {
        failures.add("churn connection lost without a cut",
          `${slot.transport}: ${errorText(error)}`);
      }
    });
    hub.onclose((error) => {
      if (!cutPending && !ending) {
        failures.add("churn connection closed without a cut",
          `${slot.transport}: ${errorText(error)}`);
      }
      back();
    });

    const sending = () => hub.state === signalR.HubConnectionState.Connected && id !== null;
    /** Asks the server for this connection's id (skipNegotiation leaves the client without). */
    async function identify() {
      const answer = await hub.invoke("ConnectionId");
      if (!skipNegotiation && answer !== hub.connectionId) {
        failures.add("connection id differs",
          `${slot.transport}: negotiated ${hub.connectionId}, hub says ${answer}`);
      }
      return answer;
    }
    async function join(group) {
      receipts.joined.add(group); // before the server adds it: messages may precede the answer
      groups.add(group);
      await hub.invoke("Join", group);
      stats.joins += 1;
    }
    hub.onreconnected(async () => {
      stats.reconnects += 1;
      stats.opened += 1;
      stats[`opened${slot.transport}`] += 1;
      cutPending = false;
      receipts = new Receipts();
      try {
        const current = await identify();
        for (const group of groups) {
          await join(group);
        }
        id = current;
      } catch (error) {
        if (!cutPending && !ending) {
          failures.add("churn join failed", `${slot.transport}: ${errorText(error)}`);
        }
      }
      back();
    });

    /** Sends one message; returns the invocation (it may fail after a cut). */
    function send() {
      const sender = id;
      const seq = (seqs.get(sender) ?? 0) + 1;
      seqs.set(sender, seq);
      const roll = Math.random();
      let target;
      if (roll < broadcastShare) {
        target = EVERYONE;
      } else if (roll < broadcastShare + MIX.churnToStableGroup) {
        target = pick(stableGroupNames);
      } else {
        const joinedChurn = [...groups].filter((g) => g.startsWith("c"));
        target = joinedChurn.length > 0 && Math.random() < 0.8
          ? pick(joinedChurn) : pick(churnGroupNames);
      }
      stats.sent += 1;
      const invocation = target === EVERYONE
        ? hub.invoke("Broadcast", seq, payloadOf(sender, seq))
        : hub.invoke("Send", target, seq, payloadOf(sender, seq));
      return invocation.then(() => {
        stats.acked += 1;
        if (target === EVERYONE || target.startsWith("s")) {
          acks.push([sender, seq, target]);
        }
      });
    }

    async function act() {
      const roll = Math.random();
      if (roll < MIX.churnJoin) {
        await join(anyGroup());
      } else if (roll < MIX.churnJoin + MIX.churnLeave && groups.size > 0) {
        const group = pick([...groups]);
        groups.delete(group);
        await hub.invoke("Leave", group);
        stats.leaves += 1;
      } else {
        await send();
      }
    }

    /** Cuts the network, restores it, and returns once the client has reconnected. */
    async function cutAndRestore(duringInvoke) {
      stats.cuts += 1;
      cutPending = true;
      const reconnected = new Promise((resolve) => { back = resolve; });
      if (duringInvoke) {
        stats.cutsDuringInvoke += 1;
        const invocation = send().catch(() => {}); // may or may not reach the server
        network.cut();
        await invocation;
      } else {
        network.cut();
      }
      await sleep(uniform(MIX.cutLengthMs)); // not cut short by finishing: a real outage
      network.restore();
      const timedOut = await Promise.race([reconnected.then(() => false),
        delay(CHILD_DEADLINE_MS, true)]);
      if (timedOut) {
        failures.add("no reconnect after a cut", `${slot.transport}: state ${hub.state}`);
      }
    }

    try {
      await hub.start();
    } catch (error) {
      failures.add("churn start failed", `${slot.transport}: ${errorText(error)}`);
      await sleep(1_000, finish.signal);
      return;
    }
    stats.opened += 1;
    stats[`opened${slot.transport}`] += 1;
    stats.live += 1;
    try {
      id = await identify();
      const initialGroups = 1 + Math.floor(Math.random() * 2);
      for (let i = 0; i < initialGroups; i += 1) {
        await join(anyGroup());
      }
      const lifetime = uniform(MIX.churnLifetimeMs);
      let end = Date.now() + lifetime;
      let cutAt = Math.random() < MIX.churnCutAndReconnect
        ? Date.now() + lifetime * uniform([0.1, 0.6]) : Infinity;
      while (!finish.signal.aborted && Date.now() < end) {
        await sleep(exponential(MIX.churnActionIntervalMs), finish.signal);
        if (finish.signal.aborted || !sending()) {
          continue; // a reconnect is under way
        }
        if (Date.now() >= cutAt) {
          cutAt = Infinity;
          const outageStart = Date.now();
          await cutAndRestore(Math.random() < MIX.cutDuringInvoke);
          end += Date.now() - outageStart; // the outage does not count as lifetime
          continue;
        }
        try {
          await act();
        } catch (error) {
          if (!cutPending && !ending) {
            failures.add("churn invocation failed", `${slot.transport}: ${errorText(error)}`);
          }
        }
      }
    } catch (error) {
      if (!cutPending && !ending) {
        failures.add("churn join failed", `${slot.transport}: ${errorText(error)}`);
      }
    }
    ending = true;
    if (!finish.signal.aborted && Math.random() < MIX.churnAbruptEnd) {
      stats.abruptEnds += 1;
      network.cut();
    } else {
      stats.cleanStops += 1;
    }
    await hub.stop();
    stats.live -= 1;
  }

  async function slotLoop(slot) {
    // Spread the first connections over some seconds, as a restarted process's clients would
    // come back: not all in the same millisecond, which a fresh process cannot serve.
    await sleep(Math.random() * config.rampMs, finish.signal);
    while (!finish.signal.aborted) {
      await life(slot);
    }
  }

  await Promise.all(slots.map(slotLoop));
  clearInterval(reporter);
  await report("done");
  process.exit(0); // without waiting for the timers of deadlines that did not come
}

// ---------------------------------------------------------------------------------------------
// Coordinator: the child processes, the fence, the report

/** A child process: this file with `mode`, talking over IPC. */
class Child {
  constructor(mode, config, onMessage) {
    this.process = fork(fileURLToPath(import.meta.url), [mode],
      { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.last = null; // its latest message with stats (sent every 250 ms, and at its end)
    // "close", not "exit": it comes after the last IPC message, so the final report is in.
    this.exited = new Promise((resolve) => this.process.once("close", (code, signal) =>
      resolve(signal ?? code)));
    this.waiters = new Map(); // message type -> resolve
    this.process.on("message", (message) => {
      if (message.stats) {
        this.last = message;
      }
      onMessage(message);
      this.waiters.get(message.type)?.(message);
    });
    this.process.send(config);
  }

  send(message) {
    if (this.process.connected) {
      this.process.send(message);
    }
  }

  /** Resolves with the next message of `type`, or with null if the process exits first. */
  next(type) {
    return Promise.race([new Promise((resolve) => this.waiters.set(type, resolve)),
      this.exited.then(() => null)]);
  }
}

/** Resolves with `promise`'s value, or with `fallback` after `ms`. */
function within(promise, ms, fallback) {
  return Promise.race([promise, delay(ms, fallback)]);
}

async function coordinator() {
  const [baseUrl, durationArg, clientsArg, reportFile] = process.argv.slice(2);
  const durationMs = Number(durationArg) * 1000;
  const clients = Number(clientsArg);
  if (!baseUrl || !reportFile || !(durationMs > 0) || !(clients >= 30)) {
    console.error("Usage: node soak.mjs <baseUrl> <durationSeconds> <clients> <reportFile>");
    return 2;
  }
  const started = Date.now();
  const log = (text) => console.log(`[soak ${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);
  const failures = new Failures();

  const stableCount = Math.round(clients * 0.4);
  const churnSlots = clients - stableCount;
  const stableGroups = Math.max(3, Math.ceil(stableCount / MIX.stablePerGroup));
  const churnGroups = Math.max(3, Math.ceil(churnSlots / MIX.churnPerGroup));
  const stableProcesses = Math.max(1, Math.ceil(stableCount / MIX.stablePerProcess));
  const churnProcesses = Math.max(2, Math.ceil(churnSlots / MIX.slotsPerProcess));
  const stableGroupNames = Array.from({ length: stableGroups }, (_, i) => `s${i}`);
  const churnGroupNames = Array.from({ length: churnGroups }, (_, i) => `c${i}`);

  const churn = []; // the current churn process of each index
  const churnEnded = []; // every churn process that has exited, killed or not
  // Every acknowledged message to stable clients (a group of theirs, or everyone).
  const acks = [];
  const collect = (message) => {
    if (message.acks) {
      acks.push(...message.acks);
    }
  };

  // Stable processes: transports and groups round robin, so each group has every transport.
  log(`connecting ${stableCount} stable clients in ${stableGroups} groups, `
    + `${stableProcesses} processes`);
  const stable = Array.from({ length: stableProcesses }, (_, p) => {
    const specs = [];
    for (let i = p; i < stableCount; i += stableProcesses) {
      specs.push({ index: i, transport: TRANSPORTS[i % 3], group: stableGroupNames[i % stableGroups] });
    }
    const child = new Child("--stable", { baseUrl, clients: specs }, collect);
    child.exited.then((how) => {
      if (child.last?.type !== "done") {
        failures.add("process died", `stable process ${p} ended by ${how}`);
      }
    });
    return child;
  });
  const ready = await Promise.all(stable.map((child) => child.next("ready")));
  for (const message of ready) {
    if (message === null) {
      failures.add("process died", "a stable process exited before it was ready");
    } else {
      failures.merge(message.failures);
    }
  }
  // The fencer: a connection of this process, which sends the fence and nothing else.
  const fencer = connection(baseUrl, "WebSockets", { logLevel: signalR.LogLevel.Warning });
  fencer.on("Msg", () => {});
  await fencer.start();
  if (failures.total > 0) {
    return finishWith(1, {});
  }
  log("stable clients connected and joined");
  stable.forEach((child) => child.send({ type: "go" }));

  // Churn processes: each with every transport; one is killed every few seconds and replaced.
  const finishing = new AbortController();
  let kills = 0;
  let killedConnections = 0;
  function spawnChurn(index, rampMs) {
    const slots = [];
    for (let s = index; s < churnSlots; s += churnProcesses) {
      slots.push({ slot: s, transport: TRANSPORTS[s % 3] });
    }
    const child = new Child("--churn",
      { baseUrl, slots, stableGroups, churnGroups, totalSlots: churnSlots, rampMs }, collect);
    churn[index] = child;
    child.exited.then((how) => {
      churnEnded.push(child);
      if (child.killed) {
        if (!finishing.signal.aborted) {
          spawnChurn(index, RESPAWN_RAMP_MS);
        }
      } else if (child.last?.type !== "done") {
        failures.add("process died", `churn process ${index} ended by ${how}`);
      }
    });
    if (finishing.signal.aborted) {
      child.send({ type: "finish" });
    }
  }
  log(`starting ${churnSlots} churn slots in ${churnGroups} groups, ${churnProcesses} processes`);
  // A gentle start: the processes one after another, each spreading its first connections.
  for (let i = 0; i < churnProcesses; i += 1) {
    spawnChurn(i, START_RAMP_MS);
    await delay(START_RAMP_MS / churnProcesses);
  }
  let nextVictim = 0;
  const killer = setInterval(() => {
    const victim = churn[nextVictim];
    nextVictim = (nextVictim + 1) % churnProcesses;
    if (victim && !victim.killed) {
      victim.killed = true;
      kills += 1;
      killedConnections += victim.last?.stats.live ?? 0;
      victim.process.kill("SIGKILL");
    }
  }, MIX.churnProcessLifetimeMs / churnProcesses);

  const progress = setInterval(() => {
    const sum = (children, key) => children.reduce((total, c) => total + (c?.last?.stats[key] ?? 0), 0);
    const lag = (children) => Math.max(...children.map((c) => c?.last?.maxLoopDelayMs ?? 0));
    log(`stable received ${sum(stable, "received")}, churn live ${sum(churn, "live")}, `
      + `kills ${kills}, failures ${failures.total}, longest event-loop delay: stable `
      + `${lag(stable)} ms, churn ${lag(churn)} ms`);
  }, 10_000);

  await delay(Math.max(0, durationMs - START_RAMP_MS)); // the ramp counts: traffic flows
  log("finishing: senders stop, churn processes stop their connections and exit");
  clearInterval(killer);
  finishing.abort();
  stable.forEach((child) => child.send({ type: "finish" }));
  churn.forEach((child) => child.send({ type: "finish" }));
  const stopped = within(Promise.all(stable.map((child) => child.next("stopped"))),
    CHILD_DEADLINE_MS, null);
  // A churn process killed just before "finish" is not replaced; wait for whichever is last.
  const churnDone = Promise.all(churn.map(async (_, index) => {
    for (let current = churn[index]; ; current = churn[index]) {
      await current.exited;
      if (churn[index] === current) {
        return;
      }
    }
  }));
  if (await within(churnDone.then(() => true), CHILD_DEADLINE_MS, false) === false) {
    failures.add("churn processes did not finish", `within ${CHILD_DEADLINE_MS / 1000} s`);
    churn.forEach((child) => child.process.kill("SIGKILL"));
  }
  const stoppedMessages = await stopped;
  if (!stoppedMessages || stoppedMessages.includes(null)) {
    failures.add("stable senders did not stop", `within ${CHILD_DEADLINE_MS / 1000} s`);
    return finishWith(1, {});
  }
  clearInterval(progress);

  // The fence, armed everywhere before it is sent.
  log(`all ${acks.length} acknowledgements to stable clients in; sending the fence`);
  const fence = { type: "fence", sender: fencer.connectionId, seq: 1 };
  const armed = stable.map((child) => child.next("armed"));
  stable.forEach((child) => child.send(fence));
  await Promise.all(armed);
  const fenced = stable.map((child) => child.next("fenced"));
  await fencer.invoke("Broadcast", fence.seq, payloadOf(fence.sender, fence.seq));
  acks.push([fence.sender, fence.seq, EVERYONE]);
  await Promise.all(fenced);
  log("the fence arrived; checking");
  const checked = stable.map((child) => child.next("checked"));
  stable.forEach((child) => child.send({ type: "check", acks }));
  const checks = await Promise.all(checked);
  const done = stable.map((child) => child.next("done"));
  stable.forEach((child) => child.send({ type: "stop" }));
  await within(Promise.all(done), 30_000, null);
  await fencer.stop();
  await within(Promise.all(stable.map((child) => child.exited)), 10_000, null);

  const sum = (children, key) => children.reduce((total, c) => total + (c.last?.stats[key] ?? 0), 0);
  for (const child of [...stable, ...churnEnded]) {
    if (child.last) {
      failures.merge(child.last.failures);
    }
  }
  const valid = checks.filter((check) => check !== null);
  const counts = {
    clients,
    stableClients: stableCount,
    churnSlots,
    stableProcesses,
    churnProcesses,
    churnProcessKills: kills,
    connectionsOpened: stableCount + sum(churnEnded, "opened") + 1,
    connectionsOpenedByTransport: Object.fromEntries(TRANSPORTS.map((transport, t) => [transport,
      Math.floor((stableCount + 2 - t) / 3) + sum(churnEnded, `opened${transport}`)
        + (transport === "WebSockets" ? 1 : 0)])), // the fencer
    reconnects: sum(churnEnded, "reconnects"),
    cleanStops: stableCount + sum(churnEnded, "cleanStops") + 1,
    abruptDisconnects: sum(churnEnded, "cuts") + sum(churnEnded, "abruptEnds") + killedConnections,
    networkCuts: sum(churnEnded, "cuts"),
    cutsDuringInvoke: sum(churnEnded, "cutsDuringInvoke"),
    abruptEnds: sum(churnEnded, "abruptEnds"),
    killedConnections,
    joins: stableCount + sum(churnEnded, "joins"),
    leaves: sum(churnEnded, "leaves"),
    messagesSent: sum(stable, "sent") + sum(churnEnded, "sent") + 1,
    messagesAcknowledged: sum(stable, "acked") + sum(churnEnded, "acked") + 1,
    acknowledgedToStableClients: acks.length,
    deliveriesChecked: valid.reduce((total, check) => total + check.checkedDeliveries, 0),
    stableDeliveries: sum(stable, "received"),
    churnDeliveries: sum(churnEnded, "received"),
    unacknowledgedDeliveries: valid.reduce((total, c) => total + c.unackedDelivered, 0),
    longestEventLoopDelayMs: Math.max(...[...stable, ...churnEnded]
      .map((child) => child.last?.maxLoopDelayMs ?? 0)),
    clientCpuSeconds: Math.round([...stable, ...churnEnded]
      .reduce((total, child) => total + (child.last?.cpuMs ?? 0), cpuMs()) / 1000),
    stableCpuSeconds: Math.round(stable.reduce((t, c) => t + (c.last?.cpuMs ?? 0), 0) / 1000),
  };
  return finishWith(failures.total === 0 ? 0 : 1, counts);

  function finishWith(code, counts) {
    const result = {
      ...counts,
      stableGroups: stableGroupNames,
      churnGroups: churnGroupNames,
      failureCount: failures.total,
      failureCounts: failures.counts,
      failures: failures.examples,
      seconds: (Date.now() - started) / 1000,
    };
    writeFileSync(reportFile, JSON.stringify(result, null, 2));
    log(`result: ${JSON.stringify({ ...counts, failureCounts: failures.counts })}`);
    if (code !== 0) {
      console.error(`FAIL: ${failures.total} failures`);
      for (const example of failures.examples) {
        console.error(`  ${example}`);
      }
      [...stable, ...churn].forEach((child) => child.process.kill("SIGKILL"));
    }
    return code;
  }
}

// ---------------------------------------------------------------------------------------------
// Warm-up: every hub method over every transport once, every connection stopped cleanly

async function warmUp() {
  const baseUrl = process.argv[3];
  for (const transport of TRANSPORTS) {
    const hub = connection(baseUrl, transport, { logLevel: signalR.LogLevel.Warning });
    const received = [];
    hub.on("Msg", (sender, seq, target, payload) => {
      received.push({ sender, seq, target, payload });
    });
    await hub.start();
    const id = await hub.invoke("ConnectionId");
    await hub.invoke("Join", "warm-up");
    await hub.invoke("Send", "warm-up", 1, payloadOf(id, 1));
    await hub.invoke("Broadcast", 2, payloadOf(id, 2));
    await hub.invoke("Leave", "warm-up");
    await hub.invoke("Send", "warm-up", 3, payloadOf(id, 3)); // to nobody
    await hub.invoke("Broadcast", 4, payloadOf(id, 4)); // a fence: everything before is in
    await new Promise((resolve) => {
      const check = setInterval(() => {
        if (received.some((message) => message.sender === id && message.seq === 4)) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    const mine = received.filter((message) => message.sender === id);
    const expected = [[1, "warm-up"], [2, EVERYONE], [4, EVERYONE]];
    if (JSON.stringify(mine.map((m) => [m.seq, m.target])) !== JSON.stringify(expected)
        || mine.some((m) => m.payload !== payloadOf(id, m.seq))) {
      throw new Error(`${transport}: received ${JSON.stringify(mine)}`);
    }
    await hub.stop();
    console.log(`warm-up over ${transport}: ok`);
  }
  return 0;
}

const modes = { "--stable": stableProcess, "--churn": churnProcess };
const mode = modes[process.argv[2]];
if (process.argv[2] === "--warm-up") {
  warmUp().then((code) => process.exit(code), (error) => {
    console.error("warm-up failed:", error);
    process.exit(1);
  });
} else if (mode) {
  mode().catch((error) => {
    console.error(`${process.argv[2]} process failed:`, error);
    process.exit(1);
  });
} else {
  coordinator().then((code) => process.exit(code), (error) => {
    console.error("soak failed:", error);
    process.exit(1);
  });
}
