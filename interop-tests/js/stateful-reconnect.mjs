// Stateful reconnect with the official SignalR JavaScript client against a Signet server.
//
//   node stateful-reconnect.mjs <proxyUrl> <controlUrl> [json|messagepack] [window|other-node]
//
// <proxyUrl> reaches the server through a TCP proxy that the test cuts on request
// (<controlUrl>/cut: every connection through it reset, no close frame); <controlUrl> is the
// server's own /control servlet (StatefulReconnectInteropTest). The client speaks JSON (the
// default) or MessagePack (@microsoft/signalr-protocol-msgpack). While numbered messages flow both
// ways, the WebSocket is cut three times: the client resumes on the same connection each time,
// and every message arrives exactly once, in order. Then, with "window" (the default), the proxy
// holds the client's attempt to resume until the server's window has passed; with "other-node"
// (two nodes over Redis), the proxy sends the attempt to the node that does not hold the
// connection. Either way the client is refused, its automatic reconnect gets a new connection,
// and the old one ends once, after the window. Exits 0 when all of it holds, 1 with the failure
// otherwise.

import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

const [proxyUrl, controlUrl, protocol = "json", ending = "window"] = process.argv.slice(2);
const TIMEOUT_MS = 45_000;
/** Numbers the client sends, and ticks the server sends, while the socket is cut. */
const COUNT = 300;
/** After which of its own messages the client has the socket cut. */
const CUTS = new Set([50, 150, 250]);

const range = (count) => Array.from({ length: count }, (_, i) => i + 1);

async function control(action) {
  const response = await fetch(`${controlUrl}/${action}`, { method: "POST" });
  assert.equal(response.status, 200, `control ${action}`);
  return response.text();
}

async function events(connectionId, wait = false) {
  const path = wait ? "await-disconnected" : "events";
  const response = await fetch(`${controlUrl}/${path}?id=${encodeURIComponent(connectionId)}`);
  assert.equal(response.status, 200);
  return response.json();
}

/** Resolves once `messages` holds `count` entries (checked as each one arrives). */
function untilCount(messages, count, onArrival) {
  return new Promise((resolve) => {
    const check = () => {
      if (messages.length >= count) {
        resolve();
        return true;
      }
      return false;
    };
    if (!check()) {
      onArrival.push(check);
    }
  });
}

async function scenario() {
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${proxyUrl}/stateful`, { transport: signalR.HttpTransportType.WebSockets });
  if (protocol === "messagepack") {
    builder = builder.withHubProtocol(new MessagePackHubProtocol());
  }
  const connection = builder
    .withStatefulReconnect()
    .withAutomaticReconnect([0, 0, 0])
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const ticks = [];
  const waiting = [];
  connection.on("Tick", (number) => {
    ticks.push(number);
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (waiting[i]()) {
        waiting.splice(i, 1);
      }
    }
  });
  const told = [];
  connection.on("Told", (message) => told.push(message));
  let reconnecting = 0;
  connection.onreconnecting(() => reconnecting++);

  try {
    await connection.start();
    const id = connection.connectionId;
    await connection.invoke("Join", "g");
    await connection.invoke("Keep", "kept value");

    // Both ways at once: the server ticks every 5 ms while the client sends its numbers.
    await connection.send("StartTicks", COUNT);
    let cuts = 0;
    for (const number of range(COUNT)) {
      await connection.send("Record", number);
      if (CUTS.has(number)) {
        cuts += Number(await control("cut"));
        // The answer comes once the client has resumed: the call waits in its buffer until then.
        assert.equal(await connection.invoke("Echo", `after cut ${number}`), `after cut ${number}`);
      }
      await delay(2);
    }
    assert.ok(cuts >= CUTS.size, `the proxy cut a connection each time (${cuts} cut)`);
    await untilCount(ticks, COUNT, waiting);

    assert.deepEqual(await connection.invoke("Received"), range(COUNT),
      "the server got every number once, in order");
    assert.equal(connection.connectionId, id, "the same connection after every cut");
    assert.equal(await connection.invoke("Kept"), "kept value", "items() kept");
    await connection.invoke("TellGroup", "g", "still in the group");
    assert.deepEqual(told, ["still in the group"], "the group kept");
    assert.deepEqual(ticks, range(COUNT), "the client got every tick once, in order");
    assert.deepEqual(await events(id), ["connected"], "no onDisconnected, no second onConnected");
    assert.equal(reconnecting, 0, "resumed, never a reconnect");

    const reconnected = new Promise((resolve) => connection.onreconnected(resolve));
    let newId;
    if (ending === "other-node") {
      // The attempt to resume reaches the node that does not hold the connection, which cannot
      // take a WebSocket over: the client is refused and reconnects afresh, there; the owner
      // gives up on the connection after the window.
      await control("retarget");
      await control("cut");
      newId = await reconnected;
      assert.deepEqual(await events(id, true), ["connected", "disconnected null"],
        "the window's end on the owner is a normal end, once");
    } else {
      // Past the window: the proxy holds the client's attempt to resume until the server has
      // given up on the connection; the client is then refused and reconnects afresh.
      await control("hold");
      await control("cut");
      assert.deepEqual(await events(id, true), ["connected", "disconnected null"],
        "the window's end is a normal end, once");
      await control("release");
      newId = await reconnected;
    }
    assert.notEqual(newId, id, "a new connection after the window");
    assert.equal(await connection.invoke("Echo", "new"), "new");
    assert.deepEqual(await events(newId), ["connected"]);
    assert.deepEqual(await events(id), ["connected", "disconnected null"]);
  } finally {
    await Promise.race([connection.stop(), delay(5_000)]);
  }
}

async function main() {
  if (!proxyUrl || !controlUrl) {
    console.error("Usage: node stateful-reconnect.mjs <proxyUrl> <controlUrl> "
      + "[json|messagepack] [window|other-node]");
    return 2;
  }
  const timeout = new AbortController();
  const timedOut = delay(TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
    throw new Error(`timed out after ${TIMEOUT_MS / 1000} s`);
  }, () => {});
  try {
    await Promise.race([scenario(), timedOut]);
    console.log(`PASS stateful reconnect (${protocol}, ${ending})`);
    return 0;
  } catch (error) {
    console.error(`FAIL stateful reconnect (${protocol}, ${ending}):`, error);
    return 1;
  } finally {
    timeout.abort();
  }
}

process.exit(await main());
