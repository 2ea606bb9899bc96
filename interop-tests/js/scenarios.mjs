// Interop scenarios: the official SignalR JavaScript client against a Signet server.
//
//   node scenarios.mjs <scenario> <baseUrl> <transport> [<protocol>]
//
// <baseUrl> is the server root (e.g. http://127.0.0.1:8080); <transport> is a name of
// signalR.HttpTransportType (WebSockets, ServerSentEvents, LongPolling); <protocol> is "json"
// (the default) or "messagepack" (@microsoft/signalr-protocol-msgpack). Exits 0 when the
// scenario passes, 1 with the failure printed otherwise. JsClientInteropTest runs every scenario
// against the server variant it needs (InteropServer), once per transport and protocol.

import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

const [scenarioName, baseUrl, transportName, protocolName = "json"] = process.argv.slice(2);
const SCENARIO_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const URL_SAFE_ID = /^[A-Za-z0-9_-]{22,}$/;
const CLOSED_WITH_ERROR = "Server returned an error on close: Connection closed with an error.";

/** Every connection a scenario builds, so that each is stopped however the scenario ends. */
const connections = new Set();

/**
 * A connection (not started) to a hub of the server under test, over the chosen transport.
 * `urlOptions` adds to the options of `withUrl`, e.g. `{ accessTokenFactory }`.
 */
function connect(hubPath, configure = (builder) => builder, urlOptions = {}) {
  // "Any" lets the client negotiate and fall back on its own, as an application would.
  const options = transportName === "Any"
    ? { ...urlOptions } : { ...urlOptions, transport: signalR.HttpTransportType[transportName] };
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}${hubPath}`, options)
    .configureLogging(signalR.LogLevel.Warning);
  if (protocolName === "messagepack") {
    builder = builder.withHubProtocol(new MessagePackHubProtocol());
  }
  const connection = configure(builder).build();
  connections.add(connection);
  return connection;
}

/** A started connection. */
async function started(hubPath = "/testhub", configure = undefined, urlOptions = undefined) {
  const connection = connect(hubPath, configure, urlOptions);
  await connection.start();
  return connection;
}

/** `count` started connections to the test hub. */
function startedMany(count) {
  return Promise.all(Array.from({ length: count }, () => started()));
}

/**
 * How a connection ends, as text, whichever comes first: "closed without error",
 * "closed: <message>" or "reconnecting: <message>". Register it before the end can happen.
 */
function ending(connection) {
  return new Promise((resolve) => {
    const describe = (event) => (error) =>
      resolve(error ? `${event}: ${error.message}` : `${event} without error`);
    connection.onclose(describe("closed"));
    connection.onreconnecting(describe("reconnecting"));
  });
}

/** Records the calls of one client method (one argument: its value; several: an array). */
class Inbox {
  constructor(connection, method = "Receive") {
    this.messages = [];
    this.waiters = [];
    connection.on(method, (...args) => {
      this.messages.push(args.length === 1 ? args[0] : args);
      this.waiters = this.waiters.filter((satisfied) => !satisfied());
    });
  }

  /** Resolves with a copy of the messages once one equals `expected` (or satisfies it). */
  until(expected) {
    const matches = typeof expected === "function"
      ? expected : (message) => isDeepStrictEqual(message, expected);
    return new Promise((resolve) => {
      const satisfied = () => {
        if (!this.messages.some(matches)) {
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
}

/** The `Left(id, error)` message an inbox of "Left" receives when connection `id` ends. */
async function departureOf(leftInbox, id) {
  const isDeparture = (message) => message[0] === id;
  return (await leftInbox.until(isDeparture)).find(isDeparture);
}

/** Asserts that an invocation fails with exactly `message`. */
function rejectsWith(invocation, message) {
  return assert.rejects(invocation, (error) => {
    assert.equal(error.message, message);
    return true;
  });
}

const failedToInvoke = (target) => `Failed to invoke '${target}' due to an error on the server.`;
const methodDoesNotExist = (target) =>
  `${failedToInvoke(target)} HubException: Method does not exist.`;
const invocationFailed = (target) =>
  `An unexpected error occurred invoking '${target}' on the server.`;

// ---------------------------------------------------------------------------------------------
// Scenarios

async function negotiate() {
  const url = `${baseUrl}/testhub/negotiate`;
  const response = await fetch(`${url}?negotiateVersion=1`, { method: "POST" });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /^application\/json/);
  const body = await response.json();
  assert.equal(body.negotiateVersion, 1);
  assert.match(body.connectionId, URL_SAFE_ID);
  assert.match(body.connectionToken, URL_SAFE_ID);
  assert.notEqual(body.connectionToken, body.connectionId);
  // Both official clients take a ProtocolVersion property for the old ASP.NET SignalR and fail.
  assert.deepEqual(Object.keys(body).filter((k) => k.toLowerCase() === "protocolversion"), []);
  const formats = Object.fromEntries(
    body.availableTransports.map((t) => [t.transport, t.transferFormats]));
  assert.deepEqual(formats.WebSockets, ["Text", "Binary"]);
  const expectedFormats = transportName === "ServerSentEvents" ? ["Text"] : ["Text", "Binary"];
  assert.deepEqual(formats[transportName], expectedFormats, `${transportName} is offered`);

  const again = await (await fetch(`${url}?negotiateVersion=1`, { method: "POST" })).json();
  assert.notEqual(again.connectionId, body.connectionId, "each negotiate is a new connection");
  assert.notEqual(again.connectionToken, body.connectionToken);

  assert.equal((await fetch(`${url}?negotiateVersion=1`)).status, 405, "GET negotiate");

  const nonInteger = await fetch(`${url}?negotiateVersion=abc`, { method: "POST" });
  assert.equal(nonInteger.status, 200);
  assert.deepEqual(await nonInteger.json(),
    { error: "The client requested a non-integer protocol version." });

  // Version 0 (no negotiateVersion): the connectionId doubles as the token.
  const v0 = await fetch(url, { method: "POST" });
  assert.equal(v0.status, 200);
  const v0Body = await v0.json();
  assert.equal(v0Body.negotiateVersion, 0);
  assert.match(v0Body.connectionId, URL_SAFE_ID);
  assert.equal("connectionToken" in v0Body, false, "no connectionToken in version 0");

  // A version above the server's is answered with the server's (1); query keys ignore case.
  const newer = await (await fetch(`${url}?NegotiateVersion=7`, { method: "POST" })).json();
  assert.equal(newer.negotiateVersion, 1);
  assert.match(newer.connectionToken, URL_SAFE_ID);
}

async function connectionId() {
  const [a, b] = await startedMany(2);
  assert.match(a.connectionId, URL_SAFE_ID);
  assert.equal(await a.invoke("ConnectionId"), a.connectionId);
  assert.equal(await b.invoke("ConnectionId"), b.connectionId);
  assert.notEqual(a.connectionId, b.connectionId);
}

async function invokeWithValue() {
  const connection = await started();
  const text = "héllo wörld ✓ 🚀";
  assert.equal(await connection.invoke("Echo", text), text);
  assert.equal(await connection.invoke("Add", 2, 3), 5);
  const ada = { name: "Ada", age: 36 };
  const grace = { name: "Grace", age: 85 };
  assert.deepEqual(await connection.invoke("Person", "Ada", 36), ada);
  assert.deepEqual(
    await connection.invoke("Oldest", ada, [{ name: "Alan", age: 41 }, grace]), grace);
  // ASP.NET Core binds property names case-insensitively.
  assert.deepEqual(await connection.invoke("Oldest", { Name: "Ada", AGE: 36 }, []), ada);
  // A void method completes with an explicit null result, as .NET sends it.
  assert.equal(await connection.invoke("Remember", "x"), null);
  assert.equal(await connection.invoke("DelayedEcho", "later"), "later");
}

async function sendIsOrdered() {
  const connection = await started();
  const values = Array.from({ length: 20 }, (_, i) => `value-${i}`);
  await Promise.all(values.map((value) => connection.send("Remember", value)));
  // Fire-and-forget calls that fail get no answer and leave the connection up.
  await connection.send("ThrowSecret");
  await connection.send("NoSuchMethod");
  // One connection's messages run in order, so the invocation sees every earlier send.
  assert.deepEqual(await connection.invoke("Recall"), values);
}

async function broadcastInOrder() {
  const clients = await startedMany(3);
  const inboxes = clients.map((client) => new Inbox(client));
  const expected = Array.from({ length: 50 }, (_, i) => `broadcast-${i}`);
  await Promise.all(expected.map((message) => clients[0].send("SendToAll", message)));
  for (const [i, inbox] of inboxes.entries()) {
    assert.deepEqual(await inbox.until(expected.at(-1)), expected, `client ${i}`);
  }
}

// Absence is proven without waiting: a fence sent to everyone after the other messages reaches
// each client after whatever was queued for it before, so once a client has the fence, its inbox
// is final.
async function groups() {
  const [a, b, c] = await startedMany(3);
  const [inboxA, inboxB, inboxC] = [a, b, c].map((client) => new Inbox(client));
  await a.invoke("JoinGroup", "g");
  await b.invoke("JoinGroup", "g");
  await a.invoke("SendToGroup", "g", "to-group");
  await a.invoke("SendToOthersInGroup", "g", "to-others-in-group");
  await a.invoke("SendToGroupExcept", "g", b.connectionId, "to-group-except-b");
  await b.invoke("LeaveGroup", "g");
  await a.invoke("SendToGroup", "g", "after-b-left");
  await a.invoke("SendToAll", "fence");
  assert.deepEqual(await inboxA.until("fence"),
    ["to-group", "to-group-except-b", "after-b-left", "fence"]);
  assert.deepEqual(await inboxB.until("fence"), ["to-group", "to-others-in-group", "fence"]);
  assert.deepEqual(await inboxC.until("fence"), ["fence"], "a non-member gets no group message");
}

async function callerOthersClient() {
  const [a, b, c] = await startedMany(3);
  const [inboxA, inboxB, inboxC] = [a, b, c].map((client) => new Inbox(client));
  await a.invoke("SendToCaller", "to-caller");
  await a.invoke("SendToOthers", "to-others");
  await a.invoke("SendToClient", c.connectionId, "to-c");
  // An unknown connection id is skipped silently, as in ASP.NET Core.
  assert.equal(await a.invoke("SendToClient", "no-such-connection", "lost"), null);
  await a.invoke("SendToAll", "fence"); // see groups() for why a fence proves absence
  assert.deepEqual(await inboxA.until("fence"), ["to-caller", "fence"]);
  assert.deepEqual(await inboxB.until("fence"), ["to-others", "fence"]);
  assert.deepEqual(await inboxC.until("fence"), ["to-others", "to-c", "fence"]);
}

// Typed client proxies (ClientProxy.as): sends under the Java name and under @HubMethodName, and
// a client result, all reaching the handlers the client registered in PascalCase.
async function typedClients() {
  const [a, b] = await startedMany(2);
  const [inboxA, inboxB] = [a, b].map((client) => new Inbox(client));
  await a.invoke("SendTypedToAll", "typed-to-all");
  await a.invoke("SendTypedToOthers", "typed-to-others");
  await a.invoke("SendToAll", "fence"); // see groups() for why a fence proves absence
  assert.deepEqual(await inboxA.until("fence"), ["typed-to-all", "fence"]);
  assert.deepEqual(await inboxB.until("fence"), ["typed-to-all", "typed-to-others", "fence"]);
  const answerer = answering("/results", (question) => `typed answer to ${question}`);
  await answerer.start();
  assert.equal(await answerer.invoke("GetCallerMessageTyped", "q"), "typed answer to q");
}

async function hubContextFromRest() {
  const inboxes = (await startedMany(2)).map((client) => new Inbox(client));
  const response = await fetch(`${baseUrl}/api/broadcast?message=from-rest`, { method: "POST" });
  assert.equal(response.status, 204);
  for (const inbox of inboxes) {
    assert.deepEqual(await inbox.until("from-rest"), ["from-rest"]);
  }
}

async function errors() {
  const connection = await started();
  await rejectsWith(connection.invoke("ThrowHubException", "nope"),
    `${invocationFailed("ThrowHubException")} HubException: nope`);
  await rejectsWith(connection.invoke("ThrowSecret"), invocationFailed("ThrowSecret"));
  // The target is quoted exactly as the client sent it.
  await rejectsWith(connection.invoke("nOsUcHmEtHoD"), methodDoesNotExist("nOsUcHmEtHoD"));
  await rejectsWith(connection.invoke("Add", 1), failedToInvoke("Add"));
  await rejectsWith(connection.invoke("Add", 1, 2, 3), failedToInvoke("Add"));
  // System.Text.Json binds no strings to numbers, no fractions to ints, no null to an int.
  for (const wrong of [["two", 3], ["2", 3], [2.5, 3], [null, 3], [{ a: 1 }, 3]]) {
    await rejectsWith(connection.invoke("Add", ...wrong), failedToInvoke("Add"));
  }
  await rejectsWith(connection.invoke("Echo", 5), failedToInvoke("Echo"));
  assert.equal(await connection.invoke("ADD", 2, 3), 5, "names match case-insensitively");
  assert.equal(await connection.invoke("add", 2, 3), 5);
  assert.equal(await connection.invoke("Shout", "hi"), "HI");
  await rejectsWith(connection.invoke("ToUpperCase", "hi"), methodDoesNotExist("ToUpperCase"));
  await rejectsWith(connection.invoke("Hidden"), methodDoesNotExist("Hidden"));
  // Lifecycle methods and the methods of Object are not hub methods.
  for (const target of ["OnConnected", "OnDisconnected", "ToString", "HashCode", "GetClass"]) {
    const args = target === "OnDisconnected" ? [null] : [];
    await rejectsWith(connection.invoke(target, ...args), methodDoesNotExist(target));
  }
  assert.equal(await connection.invoke("Echo", "still connected"), "still connected");
}

async function detailedErrors() {
  const connection = await started();
  await rejectsWith(connection.invoke("ThrowSecret"),
    `${invocationFailed("ThrowSecret")} IllegalStateException: secret`);
  await rejectsWith(connection.invoke("ThrowHubException", "nope"),
    `${invocationFailed("ThrowHubException")} HubException: nope`);
  await rejectsWith(connection.invoke("Add", 1), `${failedToInvoke("Add")} InvalidDataException: `
    + "Invocation provides 1 argument(s) but target expects 2.");
  await rejectsWith(connection.invoke("Add", "two", 3), `${failedToInvoke("Add")} `
    + "InvalidDataException: Error binding arguments. Make sure that the types of the provided "
    + "values match the types of the hub method being invoked.");
  await rejectsWith(connection.invoke("Missing"), methodDoesNotExist("Missing"));
}

async function closeWithErrorFromOnConnected() {
  const connection = connect("/rejecting");
  const ended = ending(connection);
  const expected = "Server returned an error on close: "
    + "Connection closed with an error. HubException: go away";
  // The server completes the handshake, then runs onConnected and sends its Close. If the Close
  // is processed before start() returns, start() rejects with the error (and onclose does not
  // fire); otherwise start() resolves and onclose receives it. Both are the client's behaviour.
  try {
    await connection.start();
  } catch (error) {
    assert.equal(error instanceof Error ? error.message : `non-Error rejection: ${error}`,
      expected);
    return;
  }
  assert.equal(await ended, `closed: ${expected}`);
}

/** The transport a started connection uses (the client does not say; Node keeps class names). */
function transportOf(connection) {
  const names = {
    WebSocketTransport: "WebSockets",
    ServerSentEventsTransport: "ServerSentEvents",
    LongPollingTransport: "LongPolling",
  };
  return names[connection.connection.transport.constructor.name];
}

async function fallbackToServerSentEvents() {
  // The client asks for every transport; the server offers no WebSockets at this endpoint.
  const connection = await started("/no-websockets");
  assert.equal(transportOf(connection), "ServerSentEvents");
  assert.equal(await connection.invoke("Echo", "over SSE"), "over SSE");
}

async function fallbackToLongPolling() {
  const connection = await started("/long-polling-only");
  assert.equal(transportOf(connection), "LongPolling");
  assert.equal(await connection.invoke("Echo", "over long polling"), "over long polling");
}

async function websocketsPreferredWhenOffered() {
  const connection = await started("/testhub");
  assert.equal(transportOf(connection), "WebSockets");
}

async function messagePackSkipsServerSentEvents() {
  // The endpoint offers SSE and long polling; SSE is text only, so a MessagePack client skips it.
  const connection = await started("/no-websockets");
  assert.equal(transportOf(connection), "LongPolling");
  assert.equal(await connection.invoke("Echo", "in MessagePack"), "in MessagePack");
}

async function messagePackRefusedOverServerSentEvents() {
  const connection = connect("/testhub");
  await assert.rejects(connection.start(), (error) => {
    assert.match(error.message, /'ServerSentEvents' does not support Binary/);
    return true;
  });
}

async function jsonAndMessagePackShareABroadcast() {
  // One client of each protocol in one group: the server serialises the message once per
  // protocol, and both get the same values.
  const build = (protocol) => (builder) => protocol ? builder.withHubProtocol(protocol) : builder;
  const json = await started("/testhub", build(null));
  const binary = await started("/testhub", build(new MessagePackHubProtocol()));
  const group = `mixed-${randomUUID()}`;
  await json.invoke("JoinGroup", group);
  await binary.invoke("JoinGroup", group);
  const inboxes = [new Inbox(json), new Inbox(binary)];
  const fromJson = { text: "héllo 😀", count: 3, nested: [1, 2.5, null, true] };
  const fromBinary = { text: "from MessagePack", count: -70000, nested: ["x", [1], { a: 1 }] };
  await json.invoke("SendSampleToGroup", group, fromJson);
  await binary.invoke("SendSampleToGroup", group, fromBinary);
  for (const inbox of inboxes) {
    assert.deepEqual(await inbox.until((message) => message?.text === fromBinary.text),
        [fromJson, fromBinary]);
  }
}

async function disabledTransportRefused() {
  // Forcing a transport the endpoint does not offer fails the start, as with ASP.NET Core.
  const connection = connect("/long-polling-only");
  await assert.rejects(connection.start(), (error) => {
    assert.match(error.message, /None of the transports supported by the client are supported by the server|Unable to connect/);
    return true;
  });
}

async function abortFromHub() {
  const observer = await started();
  const left = new Inbox(observer, "Left");
  const connection = await started("/testhub", (b) => b.withAutomaticReconnect());
  const id = connection.connectionId;
  const ended = ending(connection);
  // send, not invoke: the connection may close before a completion could arrive.
  await connection.send("AbortConnection");
  // A Close without allowReconnect: no reconnect, even with automatic reconnect configured.
  assert.equal(await ended, "closed without error");
  assert.equal(connection.state, signalR.HubConnectionState.Disconnected);
  assert.deepEqual(await departureOf(left, id), [id, null], "onDisconnected(null) ran");
}

async function clientStop() {
  const observer = await started();
  const left = new Inbox(observer, "Left");
  const connection = await started();
  const id = connection.connectionId;
  const ended = ending(connection);
  await connection.stop();
  assert.equal(await ended, "closed without error");
  // The client's Close is a graceful end: the server runs onDisconnected without an error.
  assert.deepEqual(await departureOf(left, id), [id, null], "onDisconnected(null) ran");
}

async function keepAlive() {
  const connection = await started("/testhub", (b) => b.withServerTimeout(4_000));
  let ended = null;
  ending(connection).then((how) => { ended = how; });
  // Waiting is the point here: 10 s of silence from the client is 2.5 client server-timeouts,
  // survived only if the server pings (every second on this server).
  await delay(10_000);
  assert.equal(ended, null, "the connection stayed up");
  assert.equal(connection.state, signalR.HubConnectionState.Connected);
  assert.equal(await connection.invoke("Echo", "still here"), "still here");
}

async function clientTimeout() {
  // The client pings once right after the handshake (arming the server's timer), then not again.
  const silent = (b) => b.withKeepAliveInterval(60_000).withServerTimeout(60_000);
  const plain = connect("/testhub", silent);
  const reconnecting = connect("/testhub", (b) => silent(b).withAutomaticReconnect());
  const ends = [ending(plain), ending(reconnecting)];
  await Promise.all([plain.start(), reconnecting.start()]);
  assert.equal(await ends[0], `closed: ${CLOSED_WITH_ERROR}`);
  // A client timeout allows a reconnect (allowReconnect: true), as in ASP.NET Core.
  assert.equal(await ends[1], `reconnecting: ${CLOSED_WITH_ERROR}`);
}

async function messageSizeLimit() {
  const connection = await started();
  const ended = ending(connection);
  // Over the default limit of 32 KB: the server closes the connection; the pending invocation
  // fails with the connection's error.
  await rejectsWith(connection.invoke("Echo", "x".repeat(40 * 1024)), CLOSED_WITH_ERROR);
  assert.equal(await ended, `closed: ${CLOSED_WITH_ERROR}`);

  const fresh = await started();
  const underLimit = "y".repeat(20 * 1024);
  assert.equal(await fresh.invoke("Echo", underLimit), underLimit);
}

async function chatExample() {
  const [alice, bob] = await Promise.all([started("/chatHub"), started("/chatHub")]);
  const inboxes = [alice, bob].map((client) => new Inbox(client, "ReceiveMessage"));
  assert.equal(await alice.invoke("SendMessage", "alice", "hi"), null);
  for (const inbox of inboxes) {
    assert.deepEqual(await inbox.until(["alice", "hi"]), [["alice", "hi"]]);
  }
}

// ---------------------------------------------------------------------------------------------
// Streaming (StreamingHub at /streaming)

const STREAMING_FAILED = "An error occurred on the server while streaming results.";

/** 0, 1, ..., count - 1. */
const range = (count) => Array.from({ length: count }, (_, i) => i);

/** How a stream ends: its items, and its error's message (null when it completed). */
function outcomeOf(stream) {
  return new Promise((resolve) => {
    const items = [];
    stream.subscribe({
      next: (item) => items.push(item),
      complete: () => resolve({ items, error: null }),
      error: (error) => resolve({ items, error: error.message }),
    });
  });
}

/** Subscribes to a stream; resolves with the subscription once `count` items have arrived. */
function afterItems(stream, count) {
  return new Promise((resolve, reject) => {
    const items = [];
    const subscription = stream.subscribe({
      next: (item) => {
        items.push(item);
        if (items.length === count) {
          resolve({ subscription, items: [...items] });
        }
      },
      complete: () => reject(new Error(`the stream completed after ${items.length} items`)),
      error: reject,
    });
  });
}

async function streamItemsInOrder() {
  const connection = await started("/streaming");
  // The same items from each kind of producer a hub method may return.
  for (const method of ["Counter", "CounterStream", "CounterIterator"]) {
    assert.deepEqual(await outcomeOf(connection.stream(method, 100)),
      { items: range(100), error: null }, method);
  }
  assert.deepEqual(await outcomeOf(connection.stream("Counter", 0)), { items: [], error: null });
  // Backpressure: the server asks for the next item only once it queued the previous one. (The
  // report is sent before the stream's Completion, so it has arrived when the stream ends.)
  const demand = new Inbox(connection, "LargestDemand");
  assert.deepEqual(await outcomeOf(connection.stream("CounterReportingDemand", 100)),
    { items: range(100), error: null });
  assert.deepEqual(demand.messages, [1]);
  // Streams of one connection run side by side, each in order.
  const together = await Promise.all(["Counter", "CounterStream", "CounterIterator"]
    .map((method) => outcomeOf(connection.stream(method, 50))));
  for (const outcome of together) {
    assert.deepEqual(outcome, { items: range(50), error: null });
  }
}

async function streamCancel() {
  const connection = await started("/streaming");
  const stopped = new Inbox(connection, "ProducerStopped");
  // A Flow.Publisher learns of the cancel through its subscription; a Stream is closed.
  for (const method of ["Endless", "EndlessStream"]) {
    const key = `${method}-${randomUUID()}`;
    const { subscription, items } = await afterItems(connection.stream(method, key), 5);
    assert.deepEqual(items, range(5), method);
    // A running stream does not hold the connection's invocation slot.
    assert.equal(await connection.invoke("Echo", "meanwhile"), "meanwhile");
    subscription.dispose(); // sends CancelInvocation
    await stopped.until(key);
  }
  assert.deepEqual(await outcomeOf(connection.stream("Counter", 3)),
    { items: range(3), error: null }, "the connection streams on after a cancel");
}

async function streamCancelWhileAnInvocationWaits() {
  const connection = await started("/streaming");
  const key = `Endless-${randomUUID()}`;
  const { subscription } = await afterItems(connection.stream("Endless", key), 1);
  // This call waits for the cancel sent after it. ASP.NET Core reads on while a call is pending
  // (only the next invocation waits for a free slot: ChannelBasedSemaphore.RunAsync), so the
  // cancel gets through and the call completes.
  const reply = connection.invoke("WhenProducerStopped", key);
  subscription.dispose();
  assert.equal(await reply, "stopped");
}

async function streamStopsWithItsConnection() {
  const observer = await started("/streaming");
  const stopped = new Inbox(observer, "ProducerStopped");
  const streamer = await started("/streaming");
  const methods = ["Endless", "EndlessStream"];
  const keys = methods.map((method) => `${method}-${randomUUID()}`);
  await Promise.all(methods.map((method, i) => afterItems(streamer.stream(method, keys[i]), 1)));
  await streamer.stop();
  // The connection's end cancels the producers of its streams.
  for (const key of keys) {
    await stopped.until(key);
  }
}

async function streamErrors() {
  const connection = await started("/streaming");
  // Items sent before the failure stay delivered; a HubException's text reaches the client.
  assert.deepEqual(await outcomeOf(connection.stream("FailingCounter", 3, "producer broke")),
    { items: range(3), error: `${STREAMING_FAILED} HubException: producer broke` });
  // Any other exception is not shown to clients (no detailed errors on this server).
  assert.deepEqual(await outcomeOf(connection.stream("FailingStream", 2)),
    { items: range(2), error: STREAMING_FAILED });
  assert.deepEqual(await outcomeOf(connection.stream("ThrowBeforeStreaming", "no stream")),
    { items: [], error: `${invocationFailed("ThrowBeforeStreaming")} HubException: no stream` });
  assert.deepEqual(await outcomeOf(connection.stream("Nothing")), {
    items: [],
    error: "The value returned by the streaming method 'Nothing' is not a ChannelReader<> or "
      + "IAsyncEnumerable<>.",
  });
  assert.equal(await connection.invoke("Echo", "still connected"), "still connected");
}

async function streamMisuse() {
  const connection = await started("/streaming");
  await rejectsWith(connection.invoke("Counter", 3), "The client attempted to invoke the "
    + "streaming 'Counter' method with a non-streaming invocation.");
  assert.deepEqual(await outcomeOf(connection.stream("eCHO", "x")), {
    items: [],
    error: "The client attempted to invoke the non-streaming 'eCHO' method with a streaming "
      + "invocation.",
  });
  assert.deepEqual(await outcomeOf(connection.stream("NoSuchStream")),
    { items: [], error: methodDoesNotExist("NoSuchStream") });
  assert.equal(await connection.invoke("Echo", "still connected"), "still connected");
}

async function uploadInOrder() {
  const connection = await started("/streaming");
  const words = range(100).map((i) => `word-${i}`);
  const upload = new signalR.Subject();
  const collected = connection.invoke("Collect", upload);
  words.forEach((word) => upload.next(word));
  upload.complete();
  // Ten times the server's upload buffer (10 items): it paused reading and lost nothing.
  assert.deepEqual(await collected, words);

  const numbers = new signalR.Subject();
  const sum = connection.invoke("Sum", numbers);
  range(101).forEach((n) => numbers.next(n));
  numbers.complete();
  assert.equal(await sum, 5050);

  // Both directions in one call: the hub streams the upload straight back.
  const echoIn = new signalR.Subject();
  const echoed = outcomeOf(connection.stream("EchoUpload", echoIn));
  words.slice(0, 30).forEach((word) => echoIn.next(word));
  echoIn.complete();
  assert.deepEqual(await echoed, { items: words.slice(0, 30), error: null });
}

async function uploadErrors() {
  const connection = await started("/streaming");
  const failing = new signalR.Subject();
  const described = connection.invoke("DescribeUpload", failing);
  failing.next("a");
  failing.next("b");
  failing.error(new Error("client gave up"));
  // The hub reads the items, then the client's error text as a HubException.
  assert.equal(await described, "a,b; failed: io.signet.hub.HubException: client gave up");

  const completing = new signalR.Subject();
  const completed = connection.invoke("DescribeUpload", completing);
  completing.next("c");
  completing.complete();
  assert.equal(await completed, "c; completed");

  await rejectsWith(connection.invoke("Sum"), `${invocationFailed("Sum")} `
    + "HubException: Client sent 0 stream(s), Hub method expects 1.");
  await rejectsWith(connection.invoke("Echo", "x", new signalR.Subject()),
    `${invocationFailed("Echo")} HubException: Client sent 1 stream(s), Hub method expects 0.`);
  assert.equal(await connection.invoke("Echo", "still connected"), "still connected");
}

// ---------------------------------------------------------------------------------------------
// Client results (ClientResultsHub at /results, /results-short-timeout, /results-serial)

/** A connection (not started) whose GetMessage handler is `handler`. */
function answering(hubPath, handler) {
  const connection = connect(hubPath);
  connection.on("GetMessage", handler);
  return connection;
}

/** One event-loop turn: lets settled promises run their continuations (no waiting for time). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function clientResultValue() {
  const sync = answering("/results", (question) => `sync answer to ${question}`);
  const async = answering("/results", async (question) => `async answer to ${question}`);
  const nothing = answering("/results", () => null);
  await Promise.all([sync.start(), async.start(), nothing.start()]);
  assert.equal(await sync.invoke("GetCallerMessage", "q1"), "sync answer to q1");
  assert.equal(await sync.invoke("DescribeCallerAnswer", "q2"), "answered: sync answer to q2");
  assert.equal(await async.invoke("GetCallerMessage", "q3"), "async answer to q3");
  // null is a result like any other.
  assert.equal(await nothing.invoke("GetCallerMessage", "q4"), null);
  assert.equal(await nothing.invoke("DescribeCallerAnswer", "q5"), "answered: null");
}

async function clientResultErrors() {
  const throwing = answering("/results", () => {
    throw new Error("boom");
  });
  const withoutHandler = connect("/results");
  await Promise.all([throwing.start(), withoutHandler.start()]);
  // The client's error text reaches the hub as a HubException (as in ASP.NET Core), and from
  // there the caller, when the hub lets it through.
  await rejectsWith(throwing.invoke("GetCallerMessage", "q"),
    `${invocationFailed("GetCallerMessage")} HubException: Error: boom`);
  assert.equal(await throwing.invoke("DescribeCallerAnswer", "q"),
    "failed: io.signet.hub.HubException: Error: boom");
  await rejectsWith(withoutHandler.invoke("GetCallerMessage", "q"),
    `${invocationFailed("GetCallerMessage")} HubException: Client didn't provide a result.`);
  assert.equal(await withoutHandler.invoke("DescribeCallerAnswer", "q"),
    "failed: io.signet.hub.HubException: Client didn't provide a result.");
}

async function clientResultTimeout() {
  let answerLate;
  const connection = answering("/results-short-timeout",
    () => new Promise((resolve) => { answerLate = resolve; }));
  await connection.start();
  // Waiting is the point: the handler does not answer, so the server's 1 s timeout fires.
  // (The exception's message is free text; its type is the contract.)
  assert.match(await connection.invoke("DescribeCallerAnswer", "q"),
    /^failed: java\.util\.concurrent\.TimeoutException(:|$)/);
  // An answer after the timeout is ignored; the connection carries on. (The late Completion is
  // queued before the next invocation once its continuation has run.)
  answerLate("too late");
  await nextTurn();
  assert.equal(await connection.invoke("ConnectionId"), connection.connectionId);
}

async function clientResultFromAnotherClient() {
  const asker = await started("/results");
  const answerer = answering("/results", (question) => `B answers ${question}`);
  await answerer.start();
  assert.equal(await asker.invoke("DescribeClientAnswer", answerer.connectionId, "q"),
    "answered: B answers q");
  assert.equal(await asker.invoke("DescribeClientAnswer", "no-such-connection", "q"),
    "failed: java.io.IOException: Connection 'no-such-connection' does not exist.");
}

async function clientResultDisconnected() {
  const asker = await started("/results");
  let asked;
  const wasAsked = new Promise((resolve) => { asked = resolve; });
  const leaver = answering("/results", () => {
    asked();
    return new Promise(() => {}); // never answers
  });
  await leaver.start();
  const id = leaver.connectionId;
  const answer = asker.invoke("DescribeClientAnswer", id, "q");
  await wasAsked;
  await leaver.stop();
  assert.equal(await answer, `failed: java.io.IOException: Connection '${id}' disconnected.`);
}

async function clientResultFromRest() {
  const connection = answering("/results", (question) => `REST asked ${question}`);
  await connection.start();
  const ask = (id, question) => fetch(`${baseUrl}/api/ask?connectionId=${encodeURIComponent(id)}`
    + `&question=${encodeURIComponent(question)}`);
  const response = await ask(connection.connectionId, "why?");
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "REST asked why?");
  const unknown = await ask("no-such-connection", "q");
  assert.equal(unknown.status, 502);
  assert.equal(await unknown.text(), "Connection 'no-such-connection' does not exist.");
}

async function clientResultWithOneInvocationSlot() {
  // As in ASP.NET Core 8: with the default single invocation slot per client, a hub method can
  // await its caller's result, since the client's answer is read while the call runs.
  const asked = [];
  const connection = answering("/results-serial", (question) => {
    asked.push(question);
    return `answer to ${question}`;
  });
  await connection.start();
  assert.equal(await connection.invoke("GetCallerMessage", "q"), "answer to q");
  assert.equal(await connection.invoke("DescribeCallerAnswer", "r"), "answered: answer to r");
  assert.deepEqual(asked, ["q", "r"]);
}

async function clientResultRefusedInOnConnected() {
  const asked = [];
  const connection = answering("/results-on-connected", (question) => {
    asked.push(question);
    return "answered anyway";
  });
  await connection.start();
  // ASP.NET Core refuses at once (InvalidOperationException; IllegalStateException in Java) and
  // never asks the client: an invocation would have arrived before this call's answer.
  assert.equal(await connection.invoke("OnConnectedOutcome"),
    "failed: java.lang.IllegalStateException");
  assert.deepEqual(asked, []);
}

// ---------------------------------------------------------------------------------------------
// Authentication (SecureHub at /secure; tokens in InteropServer.USERS)

const withToken = (token) => ({ accessTokenFactory: () => token });
const startedAs = (token) => started("/secure", undefined, withToken(token));

async function authenticatedUser() {
  // Node's client sends the token as a header, and as access_token in the query for SSE.
  const alice = await startedAs("token-alice");
  assert.deepEqual(await alice.invoke("WhoAmI"), { name: "alice", userIdentifier: "alice" });

  const negotiate = (headers, query = "") => fetch(
    `${baseUrl}/secure/negotiate?negotiateVersion=1${query}`, { method: "POST", headers });
  assert.equal((await negotiate({ Authorization: "Bearer token-alice" })).status, 200);
  // Browsers put the token in the query for WebSockets and SSE only; negotiate needs the header.
  assert.equal((await negotiate({}, "&access_token=token-alice")).status, 401);
  const anonymous = await negotiate({});
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get("www-authenticate"), "Bearer");
  assert.equal((await negotiate({ Authorization: "Bearer token-mallory" })).status, 401);
}

async function unauthenticatedRefused() {
  for (const options of [{}, withToken("token-mallory")]) {
    const connection = connect("/secure", undefined, options);
    await assert.rejects(connection.start(), (error) => {
      assert.match(error.message, /Status code '401'/);
      return true;
    });
    assert.equal(connection.state, signalR.HubConnectionState.Disconnected);
  }
  // A hub without @Authorize takes anonymous clients, whatever token they bring.
  const open = await started("/testhub", undefined, withToken("token-mallory"));
  assert.equal(await open.invoke("Echo", "anonymous"), "anonymous");
}

async function roleRequired() {
  const [alice, carol] = await Promise.all([startedAs("token-alice"),
    startedAs("token-admin-carol")]);
  await rejectsWith(alice.invoke("AdminSecret"),
    "Failed to invoke 'AdminSecret' because user is unauthorized");
  await rejectsWith(alice.invoke("adminSECRET"),
    "Failed to invoke 'adminSECRET' because user is unauthorized");
  assert.equal(await carol.invoke("AdminSecret"), "for admins only");
  assert.deepEqual(await carol.invoke("WhoAmI"), { name: "carol", userIdentifier: "carol" });
  assert.deepEqual(await alice.invoke("WhoAmI"), { name: "alice", userIdentifier: "alice" },
    "a refused call leaves the connection up");
}

async function sendToUser() {
  const [alice1, alice2, bob] = await Promise.all(
    ["token-alice", "token-alice", "token-bob"].map(startedAs));
  const [inbox1, inbox2, inboxBob] = [alice1, alice2, bob].map((client) => new Inbox(client));
  await bob.invoke("SendToUser", "alice", "for alice");
  await alice1.invoke("SendToUser", "bob", "for bob");
  await alice1.invoke("SendToUser", "Alice", "user ids are case-sensitive");
  await alice1.invoke("SendToUser", "nobody", "lost");
  await alice1.invoke("SendToAll", "fence"); // see groups() for why a fence proves absence
  assert.deepEqual(await inbox1.until("fence"), ["for alice", "fence"]);
  assert.deepEqual(await inbox2.until("fence"), ["for alice", "fence"]);
  assert.deepEqual(await inboxBob.until("fence"), ["for bob", "fence"]);
}

// ---------------------------------------------------------------------------------------------
// Hub filters (FilteredHub at /filtered, InteropServer.Variant.FILTERS)

async function filterRejects() {
  const connection = await started("/filtered");
  await rejectsWith(connection.invoke("Record", "forbidden"),
    `${invocationFailed("Record")} HubException: rejected by filter`);
  await connection.send("Record", "forbidden"); // no answer for a non-blocking call
  await connection.invoke("Record", "allowed");
  // The hub method never ran for the refused calls.
  assert.deepEqual(await connection.invoke("Recorded"), ["allowed"]);
}

async function filterOrder() {
  const connection = await started("/filtered");
  // Global filters run first, then the hub's own, each in the order added (as in ASP.NET Core).
  assert.deepEqual(await connection.invoke("FiltersSeen", []),
    ["global", "hub-first", "hub-second"]);
  assert.deepEqual(await connection.invoke("Lifetime"),
    ["global", "hub-first", "hub-second", "hub"]);
}

async function filterSeesHubExceptions() {
  const connection = await started("/filtered");
  await rejectsWith(connection.invoke("Fail", "kaput"),
    `${invocationFailed("Fail")} HubException: filter saw IllegalStateException: kaput`);
}

const scenarios = {
  negotiate, connectionId, invokeWithValue, sendIsOrdered, broadcastInOrder, groups,
  callerOthersClient, typedClients, hubContextFromRest, errors, detailedErrors,
  closeWithErrorFromOnConnected,
  abortFromHub, clientStop, keepAlive, clientTimeout, messageSizeLimit, chatExample,
  fallbackToServerSentEvents, fallbackToLongPolling, websocketsPreferredWhenOffered,
  disabledTransportRefused, messagePackSkipsServerSentEvents,
  messagePackRefusedOverServerSentEvents, jsonAndMessagePackShareABroadcast, streamItemsInOrder, streamCancel, streamCancelWhileAnInvocationWaits,
  streamStopsWithItsConnection,
  streamErrors, streamMisuse, uploadInOrder, uploadErrors, clientResultValue, clientResultErrors,
  clientResultTimeout, clientResultFromAnotherClient, clientResultDisconnected,
  clientResultFromRest, clientResultWithOneInvocationSlot, clientResultRefusedInOnConnected,
  authenticatedUser,
  unauthenticatedRefused, roleRequired, sendToUser, filterRejects, filterOrder,
  filterSeesHubExceptions,
};

// ---------------------------------------------------------------------------------------------
// Runner

async function stopAll() {
  const stops = Promise.allSettled([...connections].map((connection) => connection.stop()));
  await Promise.race([stops, delay(STOP_TIMEOUT_MS)]);
}

async function main() {
  const scenario = Object.hasOwn(scenarios, scenarioName) ? scenarios[scenarioName] : undefined;
  const knownTransport = transportName === "Any"
    || typeof signalR.HttpTransportType[transportName] === "number";
  if (!scenario || !baseUrl || !knownTransport) {
    console.error("Usage: node scenarios.mjs <scenario> <baseUrl> <transport>\n"
      + `Scenarios: ${Object.keys(scenarios).join(", ")}\n`
      + "Transports: WebSockets, ServerSentEvents, LongPolling, Any (the client chooses)");
    return 2;
  }
  const timeout = new AbortController();
  const timedOut = delay(SCENARIO_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
    throw new Error(`timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`);
  }, () => {});
  try {
    await Promise.race([scenario(), timedOut]);
    console.log(`PASS ${scenarioName} over ${transportName}`);
    return 0;
  } catch (error) {
    console.error(`FAIL ${scenarioName} over ${transportName}:`, error);
    return 1;
  } finally {
    timeout.abort();
    await stopAll();
  }
}

process.exit(await main());
