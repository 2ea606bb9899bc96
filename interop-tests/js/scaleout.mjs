// Scale-out scenarios: the official SignalR JavaScript client against several Signet nodes that
// share one Redis, each serving ClusterHub at /cluster (interop-tests/.../scaleout).
//
//   node scaleout.mjs <scenario> <baseUrl,baseUrl,...> <transport> [<protocol>]
//
// The base URLs are the nodes' roots (at least three); <transport> is a name of
// signalR.HttpTransportType; <protocol> is "json" (the default) or "messagepack"
// (@microsoft/signalr-protocol-msgpack), the protocol of the scenario's clients, or of its home
// client where it mixes both. Exits 0 when the scenario passes, 1 with the failure printed
// otherwise. JsScaleOutInteropTest runs every scenario once per transport and protocol against
// one cluster, one after the other, so names (groups, users) are made unique per run where others
// could see.

import assert from "node:assert/strict";
import {
  RoundRobin, carriesClose, client, closing, eventually, fenced, nextTurn, nodes, otherProtocol,
  protocolName, run, sorted, startAll, tag, transportName,
} from "./scaleout-support.mjs";

const invocationFailed = (target) =>
  `An unexpected error occurred invoking '${target}' on the server.`;

// ---------------------------------------------------------------------------------------------
// Scenarios

/**
 * Every kind of send, from a sender on one node to clients on all three; then again from a
 * sender on another node. The expected recipients follow from who is where, in which group,
 * as which user; every client must get exactly its messages, in order, and nothing else.
 */
async function sendKinds() {
  const clients = await startAll([["s", 0], ["p", 0], ["q", 1], ["r", 2]]
    .map(([name, node]) => client(name, node, { user: `${name}-${tag}` })));
  const groups = { [`g1-${tag}`]: ["p", "q"], [`g2-${tag}`]: ["r", "s"] };
  const named = Object.fromEntries(clients.map((c) => [c.name, c]));
  for (const [group, members] of Object.entries(groups)) {
    for (const member of members) {
      await named[member].connection.invoke("Join", group);
    }
  }
  const [g1, g2] = Object.keys(groups);
  const members = (group) => groups[group].map((name) => named[name]);
  const except = (list, ...left) => list.filter((c) => !left.includes(c));

  for (const sender of [named.s, named.r]) {
    const at = (k) => clients[(clients.indexOf(sender) + k) % clients.length];
    const [x, y, z] = [at(1), at(2), at(3)];
    const sends = [
      ["ToAll", [], clients],
      ["ToAllExcept", [x.id], except(clients, x)],
      ["ToOthers", [], except(clients, sender)],
      ["ToClient", [y.id], [y]],
      ["ToClient", ["no-such-connection"], []],
      ["ToClients", [[x.id, z.id]], [x, z]],
      ["ToGroup", [g1], members(g1)],
      ["ToGroup", [`nobody-${tag}`], []],
      ["ToGroups", [[g1, g2]], [...members(g1), ...members(g2)]],
      ["ToGroupExcept", [g1, members(g1)[0].id], members(g1).slice(1)],
      ["ToOthersInGroup", [g1], except(members(g1), sender)],
      ["ToOthersInGroup", [g2], except(members(g2), sender)],
      ["ToUser", [y.user], [y]],
      ["ToUser", [y.user.toUpperCase()], []], // user ids are case-sensitive
      ["ToUsers", [[x.user, z.user, `nobody-${tag}`]], [x, z]],
    ];
    const expected = new Map(clients.map((c) => [c, []]));
    for (const [i, [method, args, audience]] of sends.entries()) {
      const text = `${method}-${i}-from-${sender.name}`;
      await sender.connection.invoke(method, ...args, text);
      const kind = method[2].toLowerCase() + method.slice(3);
      audience.forEach((c) => expected.get(c).push(`${kind}:${text}`));
    }
    const received = await fenced([sender], clients);
    clients.forEach((c, i) => assert.deepEqual(received[i], expected.get(c),
      `what ${c.name} (node ${c.node}) got from ${sender.name} (node ${sender.node})`));
  }
}

/** A group with members on every node; members added and removed by id from other nodes. */
async function groupsAcrossNodes() {
  const [a, b, c, d] = await startAll([client("a", 0), client("b", 1), client("c", 2),
    client("d", 0)]);
  const all = [a, b, c, d];
  const group = `g-${tag}`;
  const check = async (senders, expected) => {
    const received = await fenced(senders, all);
    all.forEach((x, i) => assert.deepEqual(received[i], expected[x.name] ?? [], `${x.name}`));
  };

  await a.connection.invoke("AddToGroup", b.id, group); // node 0 adds a connection of node 1
  await a.connection.invoke("AddToGroup", c.id, group); // ... and one of node 2
  await a.connection.invoke("Join", group);
  await d.connection.invoke("ToGroup", group, "1"); // from a non-member
  await check([d], { a: ["group:1"], b: ["group:1"], c: ["group:1"] });
  await c.connection.invoke("ToOthersInGroup", group, "2");
  await check([c], { a: ["othersInGroup:2"], b: ["othersInGroup:2"] });

  await c.connection.invoke("RemoveFromGroup", b.id, group); // node 2 removes one of node 1
  await d.connection.invoke("ToGroup", group, "3");
  await check([d], { a: ["group:3"], c: ["group:3"] });

  // Node 1 removes node 0's only member, so node 0 stops listening to the group; adding twice
  // is adding once.
  await b.connection.invoke("RemoveFromGroup", a.id, group);
  await d.connection.invoke("AddToGroup", b.id, group);
  await d.connection.invoke("AddToGroup", b.id, group);
  await d.connection.invoke("ToGroup", group, "4");
  await check([d], { b: ["group:4"], c: ["group:4"] });

  // Added back from another node, a member hears the very next send: the add waits until the
  // member's node listens.
  await c.connection.invoke("AddToGroup", a.id, group);
  await b.connection.invoke("ToGroup", group, "5");
  await check([b], { a: ["group:5"], b: ["group:5"], c: ["group:5"] });

  // Unknown connections: a no-op, as on one node.
  assert.equal(await a.connection.invoke("AddToGroup", "no-such-connection", group), null);
  assert.equal(await a.connection.invoke("RemoveFromGroup", "no-such-connection", group), null);
}

/** One user connected on two nodes gets each of its sends on both. */
async function userOnTwoNodes() {
  const [alice1, alice2, bob, anonymous] = await startAll([
    client("alice1", 0, { user: "alice" }), client("alice2", 1, { user: "alice" }),
    client("bob", 2, { user: "bob" }), client("anonymous", 0)]);
  const all = [alice1, alice2, bob, anonymous];

  await bob.connection.invoke("ToUser", "alice", "for alice");
  await Promise.all([alice1, alice2].map((x) => x.inbox.until("user:for alice")));
  await alice2.connection.invoke("ToUser", "bob", "for bob");
  await bob.inbox.until("user:for bob");
  await anonymous.connection.invoke("ToUsers", ["alice", "bob"], "for both");
  await Promise.all([alice1, alice2, bob].map((x) => x.inbox.until("users:for both")));
  await alice1.connection.invoke("ToUser", "Alice", "ids are case-sensitive");
  const received = await fenced([bob, alice2, anonymous, alice1], all);
  assert.deepEqual(received, [
    ["user:for alice", "users:for both"], ["user:for alice", "users:for both"],
    ["user:for bob", "users:for both"], []]);

  // With one of its connections gone, the user is still reached on the other node.
  await alice1.connection.stop();
  await bob.connection.invoke("ToUser", "alice", "still there");
  const [onNode1] = await fenced([bob], [alice2]);
  assert.deepEqual(onNode1, ["user:still there"]);
}

/** Client results asked of connections on other nodes: values, nulls, errors, departures. */
async function clientResults() {
  const answering = (name, node, handler) => {
    const c = client(name, node);
    c.connection.on("Answer", handler);
    return c;
  };
  let asked;
  const wasAsked = new Promise((resolve) => { asked = resolve; });
  const [a, b, c, thrower, silent, nothing, leaver] = await startAll([
    answering("a", 0, (q) => `a answers ${q}`),
    answering("b", 1, (q) => `b answers ${q}`),
    answering("c", 2, async (q) => { await nextTurn(); return `c answers ${q}`; }),
    answering("thrower", 1, () => { throw new Error("boom"); }),
    client("silent", 2), // no handler for Answer
    answering("nothing", 1, () => null),
    answering("leaver", 2, () => { asked(); return new Promise(() => {}); }), // never answers
  ]);

  assert.equal(await a.connection.invoke("Ask", b.id, "q1"), "b answers q1");
  assert.equal(await b.connection.invoke("Ask", c.id, "q2"), "c answers q2");
  assert.equal(await c.connection.invoke("Ask", a.id, "q3"), "a answers q3");
  // Many at once: each answer finds its own question.
  const questions = Array.from({ length: 20 }, (_, i) => `p${i}`);
  assert.deepEqual(await Promise.all(questions.map((q) => a.connection.invoke("Ask", c.id, q))),
    questions.map((q) => `c answers ${q}`));
  assert.equal(await a.connection.invoke("DescribeAnswer", nothing.id, "q"), "answered: null");

  // The client's error text reaches the hub as a HubException, as on one node.
  await assert.rejects(a.connection.invoke("Ask", thrower.id, "q"), (error) => {
    assert.equal(error.message, `${invocationFailed("Ask")} HubException: Error: boom`);
    return true;
  });
  assert.equal(await a.connection.invoke("DescribeAnswer", thrower.id, "q"),
    "failed: io.signet.hub.HubException: Error: boom");
  assert.equal(await a.connection.invoke("DescribeAnswer", silent.id, "q"),
    "failed: io.signet.hub.HubException: Client didn't provide a result.");
  assert.equal(await a.connection.invoke("DescribeAnswer", "no-such-connection", "q"),
    "failed: java.io.IOException: Connection 'no-such-connection' does not exist.");

  const pending = a.connection.invoke("DescribeAnswer", leaver.id, "q");
  await wasAsked;
  await leaver.connection.stop();
  assert.equal(await pending,
    `failed: java.io.IOException: Connection '${leaver.id}' disconnected.`);
  assert.equal(await a.connection.invoke("Ask", b.id, "after"), "b answers after");
}

/** Long runs of sends to a connection on another node arrive complete and in order. */
async function sequenceInOrder() {
  const [a, b, c] = await startAll([client("a", 0), client("b", 1), client("c", 2)]);
  const count = 200;
  const expected = [...Array.from({ length: count }, (_, i) => `sequence:${i}`), "client:end"];
  // Two runs at once, node 0 to node 1 and node 1 to node 2, each followed by its end marker.
  const sequenceTo = async (sender, target) => {
    await sender.connection.invoke("Sequence", target.id, count);
    await sender.connection.invoke("ToClient", target.id, "end");
    return target.inbox.until("client:end");
  };
  const [atB, atC] = await Promise.all([sequenceTo(a, b), sequenceTo(b, c)]);
  assert.deepEqual(atB, expected, "node 0 to node 1");
  assert.deepEqual(atC, expected, "node 1 to node 2");
}

/** Presence across nodes: group members and users, and users going offline. */
async function presence() {
  const [u1, u2] = [`u1-${tag}`, `u2-${tag}`];
  const [x, y, z, anonymous] = await startAll([client("x", 0, { user: u1 }),
    client("y", 1, { user: u1 }), client("z", 2, { user: u2 }), client("anonymous", 1)]);
  const group = `g-${tag}`;
  await x.connection.invoke("Join", group);
  await y.connection.invoke("Join", group);
  await x.connection.invoke("AddToGroup", z.id, group);
  await z.connection.invoke("AddToGroup", anonymous.id, group);
  const ask = (asker, method, arg) => async () => {
    const answer = await asker.connection.invoke(method, arg);
    return Array.isArray(answer) ? sorted(answer) : answer;
  };
  // Every node sees the same: ask from each.
  for (const asker of [x, y, z]) {
    await eventually(`group connections seen from ${asker.name}`,
      ask(asker, "GroupConnections", group), sorted([x.id, y.id, z.id, anonymous.id]));
    await eventually(`group users seen from ${asker.name}`,
      ask(asker, "GroupUsers", group), sorted([u1, u2]));
    await eventually(`connections of u1 seen from ${asker.name}`,
      ask(asker, "UserConnections", u1), sorted([x.id, y.id]));
    assert.equal(await asker.connection.invoke("IsUserOnline", u1), true);
  }
  assert.deepEqual(await z.connection.invoke("UserConnections", `nobody-${tag}`), []);
  assert.equal(await z.connection.invoke("IsUserOnline", `nobody-${tag}`), false);

  await y.connection.invoke("Leave", group);
  await eventually("group connections after y left", ask(z, "GroupConnections", group),
    sorted([x.id, z.id, anonymous.id]));
  await eventually("group users after y left", ask(z, "GroupUsers", group), sorted([u1, u2]));

  await x.connection.stop();
  await eventually("connections of u1 after x stopped", ask(z, "UserConnections", u1), [y.id]);
  assert.equal(await z.connection.invoke("IsUserOnline", u1), true, "y is still connected");
  await y.connection.stop();
  await eventually("u1 online after both stopped", ask(z, "IsUserOnline", u1), false);
  await eventually("group users after u1 left", ask(z, "GroupUsers", group), [u2]);
  await eventually("group connections after x stopped", ask(anonymous, "GroupConnections", group),
    sorted([z.id, anonymous.id]));
  await eventually("connections of u1 at the end", ask(anonymous, "UserConnections", u1), []);
}

/**
 * No sticky sessions: each request of one connection goes to a node of its own (RoundRobin),
 * through the client's own hooks; the node that got the transport's first request serves it
 * and the others forward. Nothing may be lost, duplicated or reordered, and stop() ends it.
 */
async function noStickySessions() {
  const OWNER = 1; // RoundRobin sends the request that opens the transport to node 1
  const robin = new RoundRobin(nodes);
  const roaming = client("roaming", 0, { urlOptions: robin.urlOptions() });
  const ended = closing(roaming.connection);
  const [observer] = await startAll([client("observer", 2)]);
  await startAll([roaming]);
  const group = `g-${tag}`;
  await roaming.connection.invoke("Join", group);

  const texts = Array.from({ length: 100 }, (_, i) => `echo-${i}`);
  for (const text of texts) {
    assert.equal(await roaming.connection.invoke("Echo", text), text);
  }
  // Concurrent calls too: their answers each find their own invocation.
  assert.deepEqual(await Promise.all(texts.map((t) => roaming.connection.invoke("Echo", t))),
    texts);

  const sequence = Array.from({ length: 100 }, (_, i) => `sequence:${i}`);
  await roaming.connection.invoke("Sequence", roaming.id, 100); // sent on the serving node
  await observer.connection.invoke("Sequence", roaming.id, 100); // from another, through Redis
  await observer.connection.invoke("ToGroup", group, "to-group");
  const [received] = await fenced([roaming, observer], [roaming]);
  assert.deepEqual(received, [...sequence, ...sequence, "group:to-group"]);

  // The client sends a Close on stop() only if no POST is out then (see stopWithSendInFlight);
  // a forwarded POST's answer can come after the result it carried, so wait for it here. Over
  // SSE the Close is what ends the connection: let it go to a node that must forward it.
  await robin.sendsSettled();
  while (transportName === "ServerSentEvents" && robin.nextNode("send") === OWNER) {
    assert.equal(await roaming.connection.invoke("Echo", "turn"), "turn");
    await robin.sendsSettled();
  }
  const beforeStop = robin.requests.length;
  await roaming.connection.stop();
  assert.equal(await ended, "closed without error");
  // The serving node ended the connection, whichever node heard of the stop.
  await eventually("group connections after the stop",
    async () => observer.connection.invoke("GroupConnections", group), []);

  const requests = robin.requests;
  console.log(`requests: ${robin.describe()}`); // shown when the case fails
  assert.deepEqual(robin.nodesOf("negotiate"), [0]);
  assert.deepEqual(robin.nodesOf("connect"), [OWNER], "the transport is opened on node 1");
  // (After stop(), a Close that reaches the owner after the DELETE is refused, rightly.)
  const failed = requests.slice(0, beforeStop).filter((r) => r.status >= 300);
  assert.deepEqual(failed, [], "no request failed");
  const allNodes = nodes.map((_, i) => i);
  if (transportName === "WebSockets") {
    assert.deepEqual(requests.map((r) => r.kind), ["negotiate", "connect"]);
    return;
  }
  // Every node took sends (and polls), so most were forwarded to node 1.
  assert.deepEqual(sorted(new Set(robin.nodesOf("send"))), allNodes, "nodes that took sends");
  // The client batches what is sent while a POST is out; sequential calls wait for each other.
  assert.ok(robin.nodesOf("send").length > texts.length, "each sequential call was a POST");
  if (transportName === "LongPolling") {
    assert.deepEqual(sorted(new Set(robin.nodesOf("poll"))), allNodes, "nodes that took polls");
    // The DELETE went to node 0, which forwarded it to node 1, which ended the connection.
    assert.deepEqual(robin.nodesOf("delete"), [0]);
    assert.equal(requests.find((r) => r.kind === "delete").status, 202, "DELETE answered");
  } else {
    assert.deepEqual(robin.nodesOf("poll"), [], "SSE has one stream");
    assert.deepEqual(robin.nodesOf("delete"), [], "SSE ends by closing its stream");
    const closes = requests.slice(beforeStop)
      .filter((r) => r.kind === "send" && carriesClose(r.body));
    assert.equal(closes.length, 1, "the client sent its Close");
    assert.notEqual(closes[0].node, OWNER, "the Close went to a node that forwarded it");
    assert.equal(closes[0].status, 200);
  }
}

/**
 * A client that stops while one of its sends is still out. The official client then drops the
 * Close it would send (TransportSendQueue.stop rejects what is still buffered) and only ends its
 * transport: closes the socket, closes the SSE stream, or sends DELETE. The server must notice
 * the end by itself, as ASP.NET Core does at once (RequestAborted); presence shows whether it has.
 */
async function stopWithSendInFlight() {
  const user = `leaving-${tag}`;
  const recorder = new RoundRobin([nodes[1]]); // every request to node 1, each recorded
  const leaving = client("leaving", 1, { user, urlOptions: recorder.urlOptions() });
  const [watcher] = await startAll([client("watcher", 2)]);
  await startAll([leaving]);
  const online = () => watcher.connection.invoke("IsUserOnline", user);
  await eventually("the user online", online, true);

  const inFlight = leaving.connection.send("Echo", "in flight").catch(() => {});
  await nextTurn(); // the send's POST is out before stop() queues the Close behind it
  await leaving.connection.stop();
  await inFlight;
  if (transportName !== "WebSockets") {
    const closes = recorder.requests.filter((r) => r.kind === "send" && carriesClose(r.body));
    assert.deepEqual(closes, [], "the premise: the client sent no Close");
  }
  await eventually("the user offline after the stop", online, false);
}

/**
 * A value of every kind both protocols carry, distinct per send: text beyond ASCII (and
 * characters JSON must escape), integers past 32 bits, fractions, booleans, null, and objects and
 * arrays nested in each other, empty ones too.
 */
function sample(label, i) {
  return {
    label,
    text: `héllo wörld ✓ 日本語 😀 #${i}`,
    escapes: "quote \" backslash \\ newline \n tab \t nul \u0000 record separator \u001e",
    empty: "",
    count: i,
    negative: -70000 - i,
    past32Bits: 2 ** 40 + i,
    largestSafe: Number.MAX_SAFE_INTEGER - i,
    smallestSafe: Number.MIN_SAFE_INTEGER + i,
    fraction: 2.5 + i,
    tiny: -1.25e-7,
    huge: 1e300,
    yes: true,
    no: false,
    nothing: null,
    list: [1, "two", null, [3, [4, []]], { five: 5 }, false],
    emptyList: [],
    emptyObject: {},
    nested: { "ключ": { "键": [null, { "値": `ünïcode ${label}` }] } },
  };
}

/**
 * Clients of both protocols in one group spanning the nodes: one of the command line's protocol
 * on node 0, one of the other on node 1 and one of the other on node 0 (so the home client's
 * node has clients of both). Each of them sends a sample to the group with a hub method, and each
 * node pushes one through its HubContext (node 2 has no member, so its push only travels through
 * Redis). Every member gets every sample exactly once, with its values as sent; a client outside
 * the group gets none.
 */
async function protocolsMixedInOneGroup() {
  const other = otherProtocol(protocolName);
  const [home, remote, neighbour, outsider] = await startAll([client("home", 0),
    client("remote", 1, { protocol: other }), client("neighbour", 0, { protocol: other }),
    client("outsider", 2)]);
  const members = [home, remote, neighbour];
  const group = `g-${tag}`;
  for (const member of members) {
    await member.connection.invoke("Join", group);
  }

  const sent = new Map();
  const next = (from) => {
    const label = `${from}-${sent.size}`;
    sent.set(label, sample(label, sent.size));
    return [label, sent.get(label)];
  };
  for (const sender of members) {
    const [label, value] = next(`call from ${sender.protocol} on node ${sender.node}`);
    await sender.connection.invoke("SampleToGroup", group, label, value);
  }
  for (const [node, url] of nodes.entries()) {
    const [label, value] = next(`push on node ${node}`);
    const query = new URLSearchParams({ group, label });
    const response = await fetch(`${url}/api/sample-to-group?${query}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(value),
    });
    assert.equal(response.status, 204, `push on node ${node}: ${await response.text()}`);
  }

  // A fence from each node that sent: sends from different nodes may arrive in any order.
  const received = await fenced([home, remote, outsider], [...members, outsider]);
  const labels = sorted([...sent.keys()]);
  for (const [i, member] of members.entries()) {
    const what = `${member.name} (${member.protocol} on node ${member.node})`;
    assert.deepEqual(sorted(received[i]), labels.map((label) => `sample:${label}`), what);
    for (const [label, value] of sent) {
      assert.deepEqual(member.inbox.samples.get(label), [value], `${label} at ${what}`);
    }
  }
  assert.deepEqual(received[members.length], [], "what the outsider got");
}

const scenarios = {
  sendKinds, groupsAcrossNodes, userOnTwoNodes, clientResults, sequenceInOrder, presence,
  noStickySessions, stopWithSendInFlight, protocolsMixedInOneGroup,
};

process.exit(await run(scenarios));
