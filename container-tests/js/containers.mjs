// The official SignalR JavaScript client against Signet installed in a servlet container.
//
//   node containers.mjs session|vanish|hold|call <hubUrl> <transport>,<transport>,...
//
// <transport> is a name of signalR.HttpTransportType (WebSockets, ServerSentEvents, LongPolling).
//
// session: over each transport in turn, two clients call a method, get a broadcast, one joins a
//   group and gets the other's message to it, one streams a few items, and both stop. Prints
//   "ok <transport>" per transport.
// vanish: one client per transport connects, "ready" is printed, and the script waits to be
//   killed, as a client whose process or network dies goes away without a word.
// hold: one client per transport, each with automatic reconnect, connects, "ready" is printed,
//   and each waits for the server to end it. Prints "closed <transport> <how>" per client: "with
//   reconnect allowed" when the server's Close allowed reconnecting (the client starts to
//   reconnect, and the script stops it), else "without error" or "with error: <message>"; exits 0
//   once every client got a Close that allows reconnecting, 1 otherwise.
// call: over each transport in turn, one client calls Echo("hello"), prints "echo <transport>
//   <result>" or "echo <transport> failed: <message>" when the server answers with an error,
//   and stops.
//
// Exits 1 with the failure printed on anything unexpected. ContainerContractTest runs it.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import * as signalR from "@microsoft/signalr";

const [mode, hubUrl, transportList] = process.argv.slice(2);
const transports = (transportList ?? "").split(",").filter((name) => name.length > 0);
const STEP_TIMEOUT_MS = 10_000;
const HOLD_TIMEOUT_MS = 20_000;

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}

if (!hubUrl || transports.length === 0
    || transports.some((name) => signalR.HttpTransportType[name] === undefined)) {
  fail(`usage: node containers.mjs session|vanish|hold|call <hubUrl> <transport>,... (got ${process.argv.slice(2)})`);
}

function connection(transport) {
  return new signalR.HubConnectionBuilder()
    .withUrl(hubUrl, { transport: signalR.HttpTransportType[transport] })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

async function started(transport) {
  const c = connection(transport);
  await c.start();
  return c;
}

/** `promise`, or a failure naming `what` if it takes longer than a step may. */
function within(what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the arguments of the first call of client method `method` matching `accept`. */
function received(c, method, accept) {
  return new Promise((resolve) => {
    const handler = (...args) => {
      if (accept(...args)) {
        c.off(method, handler);
        resolve(args);
      }
    };
    c.on(method, handler);
  });
}

async function talk(transport) {
  const [a, b] = await within(`${transport}: start`, Promise.all([started(transport), started(transport)]));
  assert.equal(await within(`${transport}: echo`, a.invoke("Echo", "hello")), "hello");

  const text = `broadcast ${randomUUID()}`;
  const bothGotIt = Promise.all([a, b].map((c) => received(c, "Broadcast", (m) => m === text)));
  await within(`${transport}: broadcast`, a.invoke("Broadcast", text));
  await within(`${transport}: broadcast received`, bothGotIt);

  const group = `group ${randomUUID()}`;
  await within(`${transport}: join group`, b.invoke("JoinGroup", group));
  const groupText = `to the group ${randomUUID()}`;
  const bGotIt = received(b, "GroupMessage", (g, m) => g === group && m === groupText);
  await within(`${transport}: group send`, a.invoke("SendToGroup", group, groupText));
  assert.deepEqual(await within(`${transport}: group message received`, bGotIt), [group, groupText]);

  const items = [];
  await within(`${transport}: stream`, new Promise((resolve, reject) => {
    a.stream("Counter", 3).subscribe({ next: (item) => items.push(item), complete: resolve, error: reject });
  }));
  assert.deepEqual(items, [0, 1, 2]);

  await within(`${transport}: stop`, Promise.all([a.stop(), b.stop()]));
  console.log(`ok ${transport}`);
}

async function session() {
  for (const transport of transports) {
    await talk(transport);
  }
}

async function vanish() {
  await within("start", Promise.all(transports.map(started)));
  console.log("ready");
  setInterval(() => {}, 60_000); // keeps the process alive until it is killed
}

async function hold() {
  const clients = await within("start", Promise.all(transports.map((transport) =>
    new signalR.HubConnectionBuilder()
      .withUrl(hubUrl, { transport: signalR.HttpTransportType[transport] })
      // One attempt, a minute away: the script stops each client long before it.
      .withAutomaticReconnect([60_000])
      .configureLogging(signalR.LogLevel.Warning)
      .build())
    .map(async (c) => {
      await c.start();
      return c;
    })));
  const endings = clients.map((c, i) => new Promise((resolve) => {
    let ended = false; // the script's own stop() closes a reconnecting client once more
    const end = (how, allowed) => {
      if (ended) {
        return;
      }
      ended = true;
      console.log(`closed ${transports[i]} ${how}`);
      resolve(allowed);
    };
    // Only a Close that allows reconnecting, without an error, ends here.
    c.onreconnecting((error) =>
      end(error ? `with error: ${error.message}` : "with reconnect allowed", !error));
    c.onclose((error) => end(error ? `with error: ${error.message}` : "without error", false));
  }));
  console.log("ready");
  const timer = setTimeout(() => fail("the server did not close every client"), HOLD_TIMEOUT_MS);
  const allowed = await Promise.all(endings);
  clearTimeout(timer);
  await Promise.all(clients.map((c) => c.stop()));
  process.exit(allowed.every(Boolean) ? 0 : 1);
}

async function call() {
  for (const transport of transports) {
    const c = await within(`${transport}: start`, started(transport));
    let outcome;
    try {
      outcome = await within(`${transport}: echo`, c.invoke("Echo", "hello"));
    } catch (error) {
      if (error.message.startsWith("timed out")) {
        throw error;
      }
      outcome = `failed: ${error.message}`;
    }
    console.log(`echo ${transport} ${outcome}`);
    await within(`${transport}: stop`, c.stop());
  }
}

try {
  if (mode === "session") {
    await session();
  } else if (mode === "vanish") {
    await vanish();
  } else if (mode === "hold") {
    await hold();
  } else if (mode === "call") {
    await call();
  } else {
    fail(`unknown mode ${mode}`);
  }
} catch (error) {
  fail(error?.stack ?? String(error));
}
