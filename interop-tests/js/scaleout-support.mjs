// The harness of the scale-out scenarios (scaleout.mjs): the command line, clients of the nodes
// in either hub protocol, an inbox of ClusterHub messages, fences, polling with a deadline, the
// round robin that spreads one connection's requests over the nodes through the official client's
// own hooks (httpClient, EventSource, WebSocket options), and the runner.

import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

// ---------------------------------------------------------------------------------------------
// The command line and the clients

const [scenarioName, baseUrlList, transportName, protocolName = "json"] = process.argv.slice(2);
export { transportName, protocolName };
/** The hub protocols a client may speak, by the name its handshake gives. */
const PROTOCOLS = ["json", "messagepack"];
export const nodes = (baseUrlList ?? "").split(",").filter((url) => url);
const SCENARIO_TIMEOUT_MS = 45_000;
const STOP_TIMEOUT_MS = 5_000;

/** Every connection a scenario builds, so that each is stopped however the scenario ends. */
const connections = new Set();

/** A short tag that keeps this run's groups and users apart from other runs'. */
export const tag = randomUUID().slice(0, 8);

/** The protocol of the command line's two that is not `protocol`. */
export const otherProtocol = (protocol) => PROTOCOLS.find((p) => p !== protocol);

/**
 * A client of the node at `node` (an index into the base URLs), not started, with an inbox.
 * `user` authenticates it as that user (access token `token-<user>`); none: anonymous.
 * `protocol` is "json" or "messagepack" (@microsoft/signalr-protocol-msgpack); by default the
 * command line's.
 */
export function client(name, node, { user, urlOptions = {}, protocol = protocolName } = {}) {
  const options = { ...urlOptions, transport: signalR.HttpTransportType[transportName] };
  if (user) {
    options.accessTokenFactory = () => `token-${user}`;
  }
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${nodes[node]}/cluster`, options)
    .configureLogging(signalR.LogLevel.Warning);
  if (protocol === "messagepack") {
    builder = builder.withHubProtocol(new MessagePackHubProtocol());
  }
  const connection = builder.build();
  connections.add(connection);
  return { name, node, user, protocol, connection, inbox: new Inbox(connection) };
}

/** Starts every client, then reads the connection id each got. */
export async function startAll(clients) {
  await Promise.all(clients.map((c) => c.connection.start()));
  for (const c of clients) {
    c.id = c.connection.connectionId;
  }
  return clients;
}

/** Resolves with "closed without error" or "closed: <message>" once the connection ends. */
export function closing(connection) {
  return new Promise((resolve) => connection.onclose((error) =>
    resolve(error ? `closed: ${error.message}` : "closed without error")));
}

/** One event-loop turn: lets I/O started in this turn go out (no waiting for time). */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------
// Receiving and waiting

/** How long presence may take to show a change (it is written to Redis in the background). */
const PRESENCE_DEADLINE_MS = 10_000;
const PRESENCE_POLL_MS = 50;

/**
 * The `Message(kind, text)` calls one connection receives, as "kind:text", in arrival order, and
 * its `Sample(label, value)` calls, as "sample:label" there and each value under its label in
 * `samples`. Register it before the connection starts, so that nothing sent right after the start
 * is missed.
 */
class Inbox {
  constructor(connection) {
    this.messages = [];
    /** label -> every value that arrived with it, in arrival order. */
    this.samples = new Map();
    this.waiters = [];
    connection.on("Message", (kind, text) => this.add(`${kind}:${text}`));
    connection.on("Sample", (label, value) => {
      this.samples.set(label, [...(this.samples.get(label) ?? []), value]);
      this.add(`sample:${label}`);
    });
  }

  add(message) {
    this.messages.push(message);
    this.waiters = this.waiters.filter((satisfied) => !satisfied());
  }

  /** Resolves once every message of `expected` has arrived, with a copy of the inbox. */
  until(...expected) {
    return new Promise((resolve) => {
      const satisfied = () => {
        if (!expected.every((message) => this.messages.includes(message))) {
          return false;
        }
        resolve([...this.messages]);
        return true;
      };
      if (!satisfied()) {
        this.waiters.push(satisfied);
      }
    });
  }

  /**
   * Waits for every one of `fences`, then removes everything up to the last of them from the
   * inbox and returns it without the fences: what arrived before them, in order.
   */
  async takeThrough(fences) {
    await this.until(...fences);
    const end = Math.max(...fences.map((fence) => this.messages.indexOf(fence)));
    const taken = this.messages.splice(0, end + 1);
    return taken.filter((message) => !fences.includes(message));
  }
}

/**
 * Proves that nothing more is on its way to `clients` from what `senders` sent so far, without
 * waiting for time. Each sender sends a fence to everyone; a node publishes on one Redis
 * connection and receives on one, and delivers to its own connections at once, so a fence
 * reaches each client after everything its sender sent before. Returns, per client, what it
 * received before the fences (see Inbox.takeThrough).
 */
export async function fenced(senders, clients) {
  const fences = [];
  for (const sender of senders) {
    const text = `fence-${randomUUID()}`;
    fences.push(`all:${text}`);
    await sender.connection.invoke("ToAll", text);
  }
  return Promise.all(clients.map((client) => client.inbox.takeThrough(fences)));
}

/** Sorted, so that sets from the server compare whatever their order. */
export const sorted = (values) => [...values].sort();

/**
 * Asks `probe` until it returns `expected` (deep equality), failing with the last answer once
 * the deadline has passed. Presence is eventually consistent, so a fixed sleep would either be
 * too short on a slow machine or waste time on a fast one.
 */
export async function eventually(what, probe, expected) {
  const deadline = Date.now() + PRESENCE_DEADLINE_MS;
  for (;;) {
    const actual = await probe();
    if (isDeepStrictEqual(actual, expected)) {
      return;
    }
    if (Date.now() > deadline) {
      assert.deepEqual(actual, expected, `${what} within ${PRESENCE_DEADLINE_MS / 1000} s`);
    }
    await delay(PRESENCE_POLL_MS);
  }
}

// ---------------------------------------------------------------------------------------------
// No sticky sessions: one connection's requests spread over every node

// The client picks `ws` and `eventsource` with its own require when it runs in Node (see
// HttpConnection in @microsoft/signalr/dist/cjs), so the wrappers extend exactly those.
const clientEntry = fileURLToPath(import.meta.resolve("@microsoft/signalr"));
const requireFromClient = createRequire(clientEntry);
const NodeWebSocket = requireFromClient("ws");
const NodeEventSource = requireFromClient("eventsource");

/**
 * Sends every HTTP request of one connection to a node of its own choosing, and records where
 * each went and what it answered. Each kind of request takes the nodes in turn: negotiate goes
 * to node 0, the request that opens the transport (first poll, SSE stream, WebSocket upgrade)
 * and later polls go to 1, 2, 0, 1, ..., sends (POST) and DELETE go to 0, 1, 2, .... Turns per
 * kind rather than one turn for all, because polls and sends alternate in a busy long-polling
 * connection: one shared turn could lock polls onto one node and sends onto another.
 */
export class RoundRobin {
  constructor(baseUrls) {
    this.hosts = baseUrls.map((url) => new URL(url).host);
    this.turns = { negotiate: 0, get: 1, send: 0, delete: 0 };
    this.opened = false;
    /**
     * Every request, in the order made: { kind, node, status, body }; the body of a send is
     * text in JSON, an ArrayBuffer in MessagePack (see carriesClose).
     */
    this.requests = [];
    /** The sends (POSTs) still waiting for their answer. */
    this.sending = new Set();
  }

  /** The node the next request of `kind` will go to. */
  nextNode(kind) {
    return this.turns[RoundRobin.turnOf(kind)] % this.hosts.length;
  }

  /** Opening the transport and polling share a turn: both are the connection's GETs. */
  static turnOf(kind) {
    return kind === "connect" || kind === "poll" ? "get" : kind;
  }

  /** `url` pointed at the next node for `kind`, and the record of the request. */
  route(kind, url) {
    const node = this.nextNode(kind);
    this.turns[RoundRobin.turnOf(kind)] += 1;
    const routed = new URL(url);
    routed.host = this.hosts[node];
    const request = { kind, node, status: undefined, body: undefined };
    this.requests.push(request);
    return { url: routed.toString(), request };
  }

  /** The request that opens the transport is a connect; every later GET is a poll. */
  getKind() {
    const kind = this.opened ? "poll" : "connect";
    this.opened = true;
    return kind;
  }

  /** What an HTTP request of the client is: negotiate, connect, poll, send or delete. */
  kindOf(request) {
    if (new URL(request.url).pathname.endsWith("/negotiate")) {
      return "negotiate";
    }
    if (request.method === "GET") {
      return this.getKind();
    }
    return request.method === "DELETE" ? "delete" : "send";
  }

  /**
   * Resolves once no send is waiting for its answer, and the client has taken each answer in:
   * one event-loop turn later, when its send loop (TransportSendQueue) waits for work again.
   */
  async sendsSettled() {
    while (this.sending.size > 0) {
      await Promise.allSettled([...this.sending]);
    }
    await nextTurn();
  }

  /** How many requests of each kind went to each node, e.g. "send@0 x34, send@1 x33". */
  describe() {
    const counts = new Map();
    for (const { kind, node } of this.requests) {
      counts.set(`${kind}@${node}`, (counts.get(`${kind}@${node}`) ?? 0) + 1);
    }
    return [...counts].map(([where, count]) => `${where} x${count}`).join(", ");
  }

  /** The nodes that requests of `kind` went to, in order. */
  nodesOf(kind) {
    return this.requests.filter((request) => request.kind === kind).map((r) => r.node);
  }

  /**
   * Options for `withUrl`: the official client's pluggable HTTP client, EventSource and
   * WebSocket, each pointing its request at the node the round robin picks.
   */
  urlOptions(logger = signalR.NullLogger.instance) {
    const robin = this;
    class RoutedHttpClient extends signalR.DefaultHttpClient {
      async send(request) {
        const kind = robin.kindOf(request);
        const routed = robin.route(kind, request.url);
        request.url = routed.url;
        routed.request.body = request.content;
        const response = super.send(request);
        if (kind === "send") {
          robin.sending.add(response);
          response.finally(() => robin.sending.delete(response)).catch(() => {});
        }
        routed.request.status = (await response).statusCode;
        return response;
      }
    }
    class RoutedEventSource extends NodeEventSource {
      constructor(url, init) {
        super(robin.route(robin.getKind(), url).url, init);
      }
    }
    class RoutedWebSocket extends NodeWebSocket {
      constructor(url, protocols, options) {
        super(robin.route(robin.getKind(), url).url, protocols, options);
      }
    }
    return {
      httpClient: new RoutedHttpClient(logger),
      EventSource: RoutedEventSource,
      WebSocket: RoutedWebSocket,
    };
  }
}

/**
 * Whether the body of a send carries a Close message: JSON text, or MessagePack frames, which the
 * client's own protocol reads back. (The handshake is JSON text in both protocols, so a
 * MessagePack connection's first send is text too.)
 */
export function carriesClose(body) {
  if (typeof body === "string") {
    return /"type":7/.test(body);
  }
  if (body instanceof ArrayBuffer) {
    return new MessagePackHubProtocol().parseMessages(body, signalR.NullLogger.instance)
      .some((message) => message.type === signalR.MessageType.Close);
  }
  throw new TypeError(`not the body of a send: ${body}`);
}

// ---------------------------------------------------------------------------------------------
// Runner

async function stopAll() {
  const stops = Promise.allSettled([...connections].map((connection) => connection.stop()));
  await Promise.race([stops, delay(STOP_TIMEOUT_MS)]);
}

/**
 * Runs the scenario named on the command line with the others' usage on error, and stops every
 * connection however it ends. Resolves with the process's exit code.
 */
export async function run(scenarios) {
  const scenario = Object.hasOwn(scenarios, scenarioName) ? scenarios[scenarioName] : undefined;
  if (!scenario || nodes.length < 3
      || typeof signalR.HttpTransportType[transportName] !== "number"
      || !PROTOCOLS.includes(protocolName)) {
    console.error("Usage: node scaleout.mjs <scenario> <baseUrl,baseUrl,baseUrl...> <transport>"
      + " [<protocol>]\n"
      + `Scenarios: ${Object.keys(scenarios).join(", ")}\n`
      + "Transports: WebSockets, ServerSentEvents, LongPolling\n"
      + "Protocols: json (the default), messagepack");
    return 2;
  }
  const timeout = new AbortController();
  const timedOut = delay(SCENARIO_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
    throw new Error(`timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`);
  }, () => {});
  try {
    await Promise.race([scenario(), timedOut]);
    console.log(`PASS ${scenarioName} over ${transportName} in ${protocolName}`);
    return 0;
  } catch (error) {
    console.error(`FAIL ${scenarioName} over ${transportName} in ${protocolName}:`, error);
    return 1;
  } finally {
    timeout.abort();
    await stopAll();
  }
}

