// Interop scenarios: the official SignalR JavaScript client against a Signet server.
//
//   node scenarios.mjs <scenario> <baseUrl> <transport>
//
// <baseUrl> is the server root (e.g. http://127.0.0.1:8080); <transport> is a name of
// signalR.HttpTransportType (WebSockets, ServerSentEvents, LongPolling). Exits 0 when the
// scenario passes, 1 with the failure printed otherwise. JsClientInteropTest runs every scenario
// against the server variant it needs (InteropServer), once per transport.

import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { setTimeout as delay } from "node:timers/promises";
import * as signalR from "@microsoft/signalr";

const [scenarioName, baseUrl, transportName] = process.argv.slice(2);
const SCENARIO_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const URL_SAFE_ID = /^[A-Za-z0-9_-]{22,}$/;
const CLOSED_WITH_ERROR = "Server returned an error on close: Connection closed with an error.";

/** Every connection a scenario builds, so that each is stopped however the scenario ends. */
const connections = new Set();

/** A connection (not started) to a hub of the server under test, over the chosen transport. */
function connect(hubPath, configure = (builder) => builder) {
  // "Any" lets the client negotiate and fall back on its own, as an application would.
  const options = transportName === "Any"
    ? {} : { transport: signalR.HttpTransportType[transportName] };
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}${hubPath}`, options)
    .configureLogging(signalR.LogLevel.Warning);
  const connection = configure(builder).build();
  connections.add(connection);
  return connection;
}

/** A started connection. */
async function started(hubPath = "/testhub", configure = undefined) {
  const connection = connect(hubPath, configure);
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

const scenarios = {
  negotiate, connectionId, invokeWithValue, sendIsOrdered, broadcastInOrder, groups,
  callerOthersClient, hubContextFromRest, errors, detailedErrors, closeWithErrorFromOnConnected,
  abortFromHub, clientStop, keepAlive, clientTimeout, messageSizeLimit, chatExample,
  fallbackToServerSentEvents, fallbackToLongPolling, websocketsPreferredWhenOffered,
  disabledTransportRefused,
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
