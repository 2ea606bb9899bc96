// The official SignalR JavaScript client against Spring Boot applications served by the starter.
//
//   node starter.mjs <scenario> <baseUrl> <transport> [<token>]
//
// <transport> is a name of signalR.HttpTransportType ("-" for scenarios that use each). Exits 0 when the scenario passes, 1 with
// the failure printed otherwise. The Java tests start the applications and run the scenarios.

import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";

const [scenarioName, baseUrl, transportName, token] = process.argv.slice(2);
const SCENARIO_TIMEOUT_MS = 30_000;

function connect(hubPath, urlOptions = {}) {
  return new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}${hubPath}`,
      { ...urlOptions, transport: signalR.HttpTransportType[transportName] })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

/** Resolves with the first `method` message's arguments on `connection`. */
function next(connection, method) {
  return new Promise((resolve) => connection.on(method, (...args) => resolve(args)));
}

/**
 * Overlapping WhoServes calls on each connection: each is served by an instance of its own that
 * sees its own connection's context.
 */
async function assertOneInstancePerCall(connections) {
  const calls = [];
  for (const connection of connections) {
    for (let i = 0; i < 6; i++) {
      calls.push(connection.invoke("WhoServes", 200)
        .then((served) => ({ served, connectionId: connection.connectionId })));
    }
  }
  const answers = await Promise.all(calls);
  for (const { served, connectionId } of answers) {
    assert.equal(served.connectionId, connectionId, "each call sees its own connection");
  }
  const instances = new Set(answers.map(({ served }) => served.instance));
  assert.equal(instances.size, answers.length,
    `one instance per call: ${answers.map(({ served }) => served.instance)}`);
}

const scenarios = {
  /**
   * GreetingApplication: a call answered by an injected service, the application's HubFilter
   * bean refusing another, arguments bound and results written with the application's
   * snake_case ObjectMapper, a new hub instance for every call, however many overlap, each with
   * its own connection's context, and a broadcast from a REST controller through HubContext.
   */
  async served() {
    const first = connect("/greet");
    const second = connect("/greet");
    await Promise.all([first.start(), second.start()]);
    try {
      assert.deepEqual(await first.invoke("Greet", "ada"),
        { user_name: "ada", text: "Hello, ada" });
      await assert.rejects(first.invoke("Greet", "mallory"),
        /HubException: No greetings for mallory/);
      const greeting = { user_name: "bo", text: "bound in snake_case" };
      assert.deepEqual(await first.invoke("Echo", greeting), greeting);

      await assertOneInstancePerCall([first, second]);

      const received = [next(first, "Broadcast"), next(second, "Broadcast")];
      const text = `hello over ${transportName}`;
      const response = await fetch(
        `${baseUrl}/api/broadcast?text=${encodeURIComponent(text)}`, { method: "POST" });
      assert.equal(response.status, 200);
      assert.deepEqual(await Promise.all(received), [[text], [text]]);

      // LimitedHub allows long polling only (signet.hubs.limited.transports).
      const limited = connect("/limited");
      if (transportName === "LongPolling") {
        await limited.start();
        assert.deepEqual(await limited.invoke("Greet", "bo"),
          { user_name: "bo", text: "Hello, bo" });
        await limited.stop();
      } else {
        await assert.rejects(limited.start());
      }
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  },

  /**
   * ProxiedApplication: hubs behind a scoped proxy and an AOP proxy are served like any other, a
   * new instance per call with its own connection's context.
   */
  async proxied() {
    for (const path of ["/scoped", "/traced"]) {
      const connections = [connect(path), connect(path)];
      await Promise.all(connections.map((connection) => connection.start()));
      try {
        await assertOneInstancePerCall(connections);
      } finally {
        await Promise.all(connections.map((connection) => connection.stop()));
      }
    }
  },

  /**
   * SecuredApplication: refused without a token, served with one, as the token's user, whose id
   * comes from the application's UserIdProvider.
   */
  async secured() {
    const negotiate = await fetch(`${baseUrl}/secure/negotiate?negotiateVersion=1`,
      { method: "POST" });
    assert.equal(negotiate.status, 401, "negotiate without a token");
    await assert.rejects(connect("/secure").start(), /401/);
    await assert.rejects(connect("/secure", { accessTokenFactory: () => "not.a.token" }).start(),
      /401/);

    const connection = connect("/secure", { accessTokenFactory: () => token });
    await connection.start();
    try {
      assert.deepEqual(await connection.invoke("WhoAmI"), {
        name: "alice", userId: "user:alice", roles: ["admin", "reader"],
        authentication: "JwtAuthenticationToken",
      });
      assert.equal(await connection.invoke("AdminOnly"), "granted");
    } finally {
      await connection.stop();
    }
  },

  /**
   * Stays connected over WebSockets, Server-Sent Events and long polling, says "connected", and
   * passes when each connection is closed by the server's Close (onclose without an error) as
   * the application shuts down.
   */
  async shutdown() {
    const connections = ["WebSockets", "ServerSentEvents", "LongPolling"].map((transport) =>
      new signalR.HubConnectionBuilder()
        .withUrl(`${baseUrl}/greet`, { transport: signalR.HttpTransportType[transport] })
        .configureLogging(signalR.LogLevel.Warning)
        .build());
    const closed = connections.map((connection) =>
      new Promise((resolve) => connection.onclose((error) => resolve(error))));
    await Promise.all(connections.map((connection) => connection.start()));
    console.log("connected");
    const errors = await Promise.all(closed);
    assert.deepEqual(errors.map(String), ["undefined", "undefined", "undefined"],
      "closed by the server's Close");
    console.log("closed");
  },

  /**
   * GreetingApplication in a process of its own, which the test stops with SIGTERM: one client
   * per transport, each with automatic reconnect, connects and prints "connected". The server's
   * Close must allow reconnecting, which such a client shows by starting to reconnect (a Close
   * that does not allow it closes the connection instead); each then stops.
   */
  async terminate() {
    const transports = ["WebSockets", "ServerSentEvents", "LongPolling"];
    const connections = transports.map((transport) =>
      new signalR.HubConnectionBuilder()
        .withUrl(`${baseUrl}/greet`, { transport: signalR.HttpTransportType[transport] })
        // One attempt, a minute away: the scenario ends long before it.
        .withAutomaticReconnect([60_000])
        .configureLogging(signalR.LogLevel.Warning)
        .build());
    const endings = connections.map((connection, i) => new Promise((resolve) => {
      connection.onreconnecting((error) =>
        resolve(`reconnecting ${transports[i]} ${error ? `with error: ${error}` : "without error"}`));
      connection.onclose((error) => resolve(`closed ${transports[i]} ${error ?? "without error"}`));
    }));
    await Promise.all(connections.map((connection) => connection.start()));
    console.log("connected");
    const outcomes = await Promise.all(endings);
    outcomes.forEach((outcome) => console.log(outcome));
    assert.deepEqual(outcomes, transports.map((t) => `reconnecting ${t} without error`),
      "each client told by the server's Close that it may reconnect");
    await Promise.all(connections.map((connection) => connection.stop()));
  },
};

const scenario = scenarios[scenarioName];
if (!scenario) {
  console.error(`unknown scenario ${scenarioName}`);
  process.exit(2);
}
const timeout = setTimeout(() => {
  console.error(
    `${scenarioName} over ${transportName} did not finish in ${SCENARIO_TIMEOUT_MS} ms`);
  process.exit(1);
}, SCENARIO_TIMEOUT_MS);
try {
  await scenario();
  clearTimeout(timeout);
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
