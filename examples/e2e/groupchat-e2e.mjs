// The group chat example in a real browser: people sign in, chat in groups, and the page survives
// server restarts. GroupChatBrowserTest runs one scenario per call
// (the steps a person takes are in people.mjs):
//
//   node groupchat-e2e.mjs <baseUrl> <scenario> <screenshotDir> [transport]
//
// Scenarios: chat, composer, membership and presence (the transport forced with ?transport=,
// default negotiated), history, reconnect, unauthorized, phone, scroll, account, simple (the
// simple chat), and cluster, whose <baseUrl> names two servers joined through Redis,
// comma-separated. Exits 0 when the scenario passes, 1 with the failure printed otherwise.
// Screenshots go to <screenshotDir>, pass or fail.
//
// Restarts: the script prints "SIGNET-E2E stop" or "SIGNET-E2E start" on a line of its own and
// waits for the test to answer "stopped" or "started" on standard input; the test stops the server
// or starts a new one on the same port and data directory.
//
// Chromium is the system one (env CHROMIUM_PATH, default /usr/bin/chromium): Playwright's own
// browser downloads are not available everywhere this runs, and no test needs them.

import assert from "node:assert/strict";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";
import {
  allSent, apiUser, awaitFocus, awaitLive, awaitOnline, checkState, closePage, browserErrors,
  browserFailure, createGroup, expectingErrors, fitsTheScreen, messagesOnceThere, openDrawer,
  openGroup, openPage, PHONE, recordPushes, recordReceived, saveScreenshots, screenshot, send,
  setUp, signIn, slowNetwork, SMALL_PHONE, step,
} from "./people.mjs";

const SCENARIOS = ["chat", "history", "reconnect", "unauthorized", "cluster", "composer",
  "phone", "scroll", "membership", "account", "presence", "simple"];
const OVERALL_TIMEOUT_MS = 150_000;
// After a restart the client retries after 0, 1, 1, 2, 2 s, then every 5 s.
const RECONNECT_TIMEOUT_MS = 40_000;
const CLOSE_TIMEOUT_MS = 5_000;

const CHROMIUM_ARGS = [
  "--no-sandbox", // CI runs as root in a container, where the sandbox cannot start
  "--disable-gpu",
  "--disable-dev-shm-usage", // /dev/shm is tiny in containers
  // No calls home: the only traffic should be to the server under test.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const [baseArg, scenario, screenshotDir, transport] = process.argv.slice(2);
if (!baseArg || !SCENARIOS.includes(scenario) || !screenshotDir) {
  console.error("usage: node groupchat-e2e.mjs <baseUrl> "
    + `<${SCENARIOS.join("|")}> <screenshotDir> [WebSockets|ServerSentEvents|LongPolling]`);
  process.exit(2);
}
// The cluster scenario's second server, if any; every other page uses the first.
const [baseUrl, secondUrl] = baseArg.split(",").map((url) => url.replace(/\/+$/, ""));
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
setUp({
  baseUrl, transport, screenshotDir,
  shotPrefix: `groupchat-${scenario}${transport ? `-${transport}` : ""}`,
});

// ---- the test's side: stopping and starting the server

const answers = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function server(command) {
  console.log(`SIGNET-E2E ${command}`);
  const answer = await answers.next();
  const expected = command === "stop" ? "stopped" : "started";
  if (answer.done || answer.value.trim() !== expected) {
    throw new Error(`the test answered ${JSON.stringify(answer.value)} to ${command}`);
  }
}

// ---- the scenarios

/** Alice and Bob chat in Team; Carol, in Other, receives none of it, not even over the wire. */
async function chat(browser) {
  const alice = await openPage(browser, "alice");
  const bob = await openPage(browser, "bob");
  // Carol's page always uses WebSockets, so that every push to it can be read off the wire.
  const carol = await openPage(browser, "carol", "WebSockets");
  const carolPushes = recordPushes(carol);
  await signIn(alice, "alice");
  await createGroup(alice, "alice", "Team");
  await signIn(bob, "bob");
  await openGroup(bob, "bob", "Team");
  await signIn(carol, "carol");
  await createGroup(carol, "carol", "Other");
  console.log(`alice and bob follow Team over ${await alice.textContent("#transport")}`);

  // Non-ASCII and markup check the UTF-8 round trip and that messages stay plain text.
  const first = "Grüße from alice";
  const second = "<b>not bold</b> & back from bob";
  await send(alice, "alice", first);
  assert.deepEqual(await messagesOnceThere(bob, "bob", 1), [["alice", first, false]]);
  await send(bob, "bob", second);
  assert.deepEqual(await messagesOnceThere(alice, "alice", 2),
    [["alice", first, true], ["bob", second, false]], "alice's view");
  assert.deepEqual(await messagesOnceThere(bob, "bob", 2),
    [["alice", first, false], ["bob", second, true]], "bob's view");
  await checkState(alice, "alice-chat");
  console.log("alice and bob see both messages, their own marked as theirs");
  await carolSeesNothing(alice, carol, carolPushes);
}

/** Carol follows Other: the hub refuses her Team, and none of Team's messages reach her. */
async function carolSeesNothing(alice, carol, carolPushes) {
  // The hub refuses to let Carol listen to a group she has not joined.
  const teamId = await alice.evaluate(() => document.getElementById("messages").dataset.group);
  const refusal = await carol.evaluate((id) => hub.connection.invoke("JoinGroup", id)
    .then(() => "joined", (error) => error.message), teamId);
  assert.match(refusal, /You are not a member of group \d+; join it first/);

  // The fence: a message to Carol's group, sent after Team's. Pushes to one connection keep their
  // order, so once it is there, anything of Team's would be there too.
  const dave = await apiUser("dave");
  const other = (await dave("GET", "/groups")).find((group) => group.name === "Other");
  await dave("POST", `/groups/${other.id}/members`);
  await dave("POST", `/groups/${other.id}/messages`, { text: "fence from dave" });
  assert.deepEqual(await messagesOnceThere(carol, "carol", 1), [["dave", "fence from dave", false]],
    "carol's view");
  assert.deepEqual(carolPushes, ["fence from dave"], "ReceiveMessage pushes to carol");
  console.log("carol, in Other, received nothing of Team's");
}

/** Messages are in the database: after a restart, a reloaded page shows them. */
async function historyScenario(browser) {
  const alice = await openPage(browser, "alice");
  const bob = await openPage(browser, "bob");
  await signIn(alice, "alice");
  await createGroup(alice, "alice", "Keepers");
  await signIn(bob, "bob");
  await openGroup(bob, "bob", "Keepers");
  await send(alice, "alice", "before the restart, 1");
  await send(bob, "bob", "before the restart, 2");
  await messagesOnceThere(alice, "alice", 2);

  await expectingErrors(async () => {
    await server("stop");
    await server("start");
    // The token is still good: the generated secret is kept in the data directory too.
    await step("alice reloads", () => alice.reload());
    await awaitLive(alice, "alice", "Keepers");
  });
  const expected = [["alice", "before the restart, 1", true], ["bob", "before the restart, 2",
    false]];
  assert.deepEqual(await messagesOnceThere(alice, "alice", 2), expected, "history after restart");
  const carol = await openPage(browser, "carol");
  await signIn(carol, "carol");
  await openGroup(carol, "carol", "Keepers");
  assert.deepEqual(await messagesOnceThere(carol, "carol", 2),
    expected.map(([user, text]) => [user, text, false]), "history for a new member");
  console.log("history survived the restart");
  await expectingErrors(() => awaitLive(bob, "bob", "Keepers", ["reconnected"]));
}

/** The page stays open through a restart, reconnects by itself and rejoins its group. */
async function reconnect(browser) {
  const alice = await openPage(browser, "alice");
  const bob = await openPage(browser, "bob");
  await signIn(alice, "alice");
  await createGroup(alice, "alice", "Live");
  await signIn(bob, "bob");
  await openGroup(bob, "bob", "Live");
  await send(bob, "bob", "before the restart");
  await messagesOnceThere(alice, "alice", 1);
  // The simple chat, too, comes back by itself.
  const carol = await openPage(browser, "carol-simple", undefined, { path: "/" });
  await step("carol's simple chat connects",
    () => carol.locator('#status[data-state="connected"]').waitFor());
  // Gone if the page were reloaded: what follows happens in this very document.
  await alice.evaluate(() => { window.sameDocument = true; });

  await expectingErrors(async () => {
    await server("stop");
    await step("alice's page shows it is reconnecting",
      () => alice.locator('#status[data-state="reconnecting"]').waitFor());
    assert.equal(await alice.textContent("#status"), "Reconnecting…");
    assert.equal(await alice.textContent("#transport"), "none");
    await checkState(alice, "alice-reconnecting");
    await step("carol's simple chat shows it is reconnecting", () => carol.locator(
      '#status[data-state="reconnecting"], #status[data-state="disconnected"]').waitFor());
    await carol.fill("#user", "carol");
    await carol.fill("#message", "back again");
    assert.match(await carol.textContent("#banner"), /^(Connection lost|The server cannot be)/);
    assert.equal(await carol.isDisabled("#send"), true, "Send while the server is away");
    await carol.keyboard.press("Enter");
    assert.equal(await carol.inputValue("#message"), "back again", "the text kept");
    await checkState(carol, "carol-simple-reconnecting");
    await server("start");
    for (const [page, name] of [[alice, "alice"], [bob, "bob"]]) {
      await step(`${name}'s page reconnects`,
        () => page.locator('#status[data-state="reconnected"]')
          .waitFor({ timeout: RECONNECT_TIMEOUT_MS }));
      await awaitLive(page, name, "Live", ["reconnected"]);
    }
    await step("carol's simple chat reconnects",
      () => carol.locator('#status[data-state="connected"]')
        .waitFor({ timeout: RECONNECT_TIMEOUT_MS }));
  });
  assert.equal(await carol.isHidden("#banner"), true, "the banner once reconnected");
  await carol.focus("#message");
  await carol.keyboard.press("Enter");
  await step("carol's message after the restart is sent",
    () => carol.waitForFunction(() => document.querySelector("#messages li.pending") === null
      && document.querySelectorAll("#messages li").length === 1));
  // Only a push can bring this: alice's page caught up on history before it said "reconnected".
  await send(bob, "bob", "after the restart");
  assert.deepEqual(await messagesOnceThere(alice, "alice", 2),
    [["bob", "before the restart", false], ["bob", "after the restart", false]]);
  assert.equal(await alice.evaluate(() => window.sameDocument), true, "alice's page was reloaded");
  console.log("alice's page reconnected by itself, rejoined Live and got the new message live");
}

/** Without a valid token the API and the hub answer 401, and the page asks to sign in. */
async function unauthorized(browser) {
  const forged = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYWxsb3J5In0."
    + "c2lnbmVkIHdpdGggYW5vdGhlciBzZWNyZXQ";
  for (const [label, headers] of [["no token", {}],
    ["a forged token", { Authorization: `Bearer ${forged}` }]]) {
    const groups = await fetch(`${baseUrl}/api/groups`, { headers });
    assert.equal(groups.status, 401, `GET /api/groups with ${label}`);
    assert.match((await groups.json()).error, /sign in/i);
    const negotiate = await fetch(`${baseUrl}/hubs/groupchat/negotiate?negotiateVersion=1`,
      { method: "POST", headers });
    assert.equal(negotiate.status, 401, `negotiate with ${label}`);
  }
  const query = await fetch(
    `${baseUrl}/hubs/groupchat/negotiate?negotiateVersion=1&access_token=${forged}`,
    { method: "POST" });
  assert.equal(query.status, 401, "negotiate with a forged access_token");
  console.log("the API and the hub refuse requests without a valid token");

  const visitor = await openPage(browser, "visitor");
  const hubRequests = [];
  visitor.on("request", (request) => {
    if (request.url().includes("/hubs/")) hubRequests.push(request.url());
  });
  await step("the page shows the sign-in", () => visitor.locator("#signin").waitFor());
  await checkState(visitor, "visitor-sign-in");
  assert.equal(await visitor.isHidden("#chat"), true, "the chat is hidden");
  assert.equal(await visitor.getAttribute("#status", "data-state"), "signed-out");
  assert.deepEqual(hubRequests, [], "requests to the hub without a token");
  await injectedScriptIsBlocked(visitor);

  // From here on the browser logs the 401 answers as console errors: they are what is tested.
  await expectingErrors(() => unauthorizedPages(browser, forged));
  console.log("pages without a valid token show the sign-in");
}

/**
 * The page runs under the server's Content-Security-Policy: script that got into it as markup
 * does not run, and the browser reports it. (That the pages work under the policy, every scenario
 * shows: a violation is an error in the page, and fails the run.)
 */
async function injectedScriptIsBlocked(page) {
  const policy = (await fetch(`${baseUrl}/groupchat/`)).headers.get("content-security-policy");
  assert.match(policy ?? "", /(^|; )script-src 'self'(;|$)/, "the page's policy");
  await expectingErrors(async () => {
    const refused = page.waitForEvent("console", (message) => message.type() === "error"
      && message.text().includes("Content Security Policy"));
    const outcome = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener("securitypolicyviolation",
        (event) => resolve(`blocked by ${event.effectiveDirective}`), { once: true });
      const script = document.createElement("script");
      script.textContent = "window.injected = true;";
      document.body.append(script);
      if (window.injected) resolve("ran");
    }));
    assert.match(outcome, /^blocked by script-src/, "an injected inline script");
    await step("the browser reports the blocked script", () => refused);
  });
  assert.equal(await page.evaluate(() => window.injected), undefined, "the injected script ran");
  console.log("the page's policy blocks injected script");
}

async function unauthorizedPages(browser, forged) {
  // A page holding a token the server does not accept: negotiate answers 401, the page signs out.
  const stale = await openPage(browser, "stale");
  await stale.evaluate((token) => sessionStorage.setItem("signet-groupchat-session",
    JSON.stringify({ token, user: "mallory", expiresAt: "2999-01-01T00:00:00Z" })), forged);
  await stale.reload();
  await step("the page with a bad token returns to the sign-in",
    () => stale.locator("#signin").waitFor());
  assert.match(await stale.textContent("#signin-error"), /sign in again/i);
  assert.equal(await stale.evaluate(() => sessionStorage.length), 0, "the bad token is dropped");

  // Wrong password: refused, with the reason on the page.
  await apiUser("erin");
  await stale.fill("#signin-name", "erin");
  await stale.fill("#signin-password", "not her password");
  await stale.click("#signin-button");
  await step("a wrong password is refused",
    () => stale.waitForFunction(() => document.getElementById("signin-error").textContent
      === "Wrong password for erin."));
}

/**
 * Two servers made one by --redis: alice's page is on the first, bob's, on a phone, on the second.
 * What one of them does reaches the other's page live: a new group, messages both ways, and the
 * simple chat's messages.
 */
async function cluster(browser) {
  assert.ok(secondUrl, "the cluster scenario needs two servers: <url>,<url>");
  const alice = await openPage(browser, "alice");
  const bob = await openPage(browser, "bob", undefined, { base: secondUrl, viewport: PHONE });
  await signIn(alice, "alice");
  await signIn(bob, "bob");
  await step("bob's page connects", () => bob.locator('#status[data-state="connected"]').waitFor());
  await createGroup(alice, "alice", "Team");
  // No reload: the first server announced the group to every page, on every server.
  // In the drawer, closed on a phone.
  await step("bob's page lists Team by itself",
    () => bob.locator("#sidebar li", { hasText: "Team" }).waitFor({ state: "attached" }));
  await openGroup(bob, "bob", "Team");
  // Presence and typing are cluster-wide.
  await awaitOnline(alice, "alice", ["alice", "bob"]);
  await awaitOnline(bob, "bob", ["alice", "bob"]);
  await alice.focus("#message");
  await alice.keyboard.type("from the first");
  await typingShows(bob, "bob", "alice is typing…");
  await alice.fill("#message", "");
  await send(alice, "alice", "from the first server");
  assert.deepEqual(await messagesOnceThere(bob, "bob", 1),
    [["alice", "from the first server", false]]);
  await send(bob, "bob", "from the second server");
  assert.deepEqual(await messagesOnceThere(alice, "alice", 2),
    [["alice", "from the first server", true], ["bob", "from the second server", false]]);
  assert.equal(await bob.evaluate(() => document.documentElement.scrollWidth), PHONE.width,
    "the width of bob's page on a phone");
  console.log("alice on the first server and bob on the second chat in Team, live");

  const carol = await openPage(browser, "carol-simple", undefined, { path: "/" });
  const dave = await openPage(browser, "dave-simple", undefined,
    { base: secondUrl, path: "/", viewport: PHONE });
  for (const [page, name] of [[carol, "carol"], [dave, "dave"]]) {
    // The simple chat keeps no history: a page sees what is sent once it is connected.
    await step(`${name}'s simple chat connects`,
      () => page.locator('#status[data-state="connected"]').waitFor());
  }
  // Each message is sent once the previous one is on both pages, so both pages show one order.
  const expected = [];
  for (const [page, name, text] of [[dave, "dave", "hello from the second server"],
    [carol, "carol", "hello from the first server"]]) {
    await page.fill("#user", name);
    await page.fill("#message", text);
    await step(`${name} clicks Send`, () => page.click("#send"));
    expected.push(name + text);
    for (const [reader, readerName] of [[carol, "carol"], [dave, "dave"]]) {
      // Not .pending: the sender's own message shows at once as "sending…", until the hub has it.
      const items = reader.locator("#messages li:not(.pending)");
      await step(`${readerName} sees ${name}'s message`, () => items.nth(expected.length - 1)
        .waitFor());
      assert.deepEqual(await items.allTextContents(), expected, `${readerName}'s view`);
    }
  }
  console.log("the simple chat is one chat across the servers");
}

/** Twenty messages typed key by key, each sent with Enter as soon as it is typed. */
const TYPED = Array.from({ length: 20 }, (_, i) => `message ${i + 1}, typed key by key`);
const DRAFT = "and this draft, typed while they were on their way";

/** Types TYPED into the focused box, Enter after each, then DRAFT without Enter. */
async function typeTwentyMessages(page) {
  await page.focus("#message");
  for (const text of TYPED) {
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  }
  await page.keyboard.type(DRAFT);
}

/**
 * The composer never loses text nor doubles a message, in the group chat and the simple chat:
 * typing goes on while messages are sent, over a slow network too.
 */
async function composer(browser) {
  const alice = await openPage(browser, "alice");
  const bob = await openPage(browser, "bob");
  await signIn(alice, "alice");
  await createGroup(alice, "alice", "Typists");
  await signIn(bob, "bob");
  await openGroup(bob, "bob", "Typists");

  // Over WebSockets (the run that takes the longest otherwise), 400 ms each way for every request
  // of alice's page: answers come while she types on.
  if (transport === "WebSockets") await slowNetwork(alice, 400);
  await typeTwentyMessages(alice);
  await step("alice's messages are all sent", () => allSent(alice));
  assert.deepEqual(await messagesOnceThere(bob, "bob", 20),
    TYPED.map((text) => ["alice", text, false]), "bob's view of the 20 messages");
  assert.deepEqual(await messagesOnceThere(alice, "alice", 20),
    TYPED.map((text) => ["alice", text, true]), "alice's view of the 20 messages");
  assert.equal(await alice.inputValue("#message"), DRAFT, "what alice typed after the last Enter");
  await checkState(alice, "alice-twenty-sent");
  console.log("20 messages typed key by key arrived once each, in order; nothing typed was lost");

  // Three quick Enters send one message: the box is empty after the first.
  await alice.fill("#message", "only once");
  for (let i = 0; i < 3; i++) await alice.keyboard.press("Enter");
  await step("alice's message is sent", () => allSent(alice));
  // Shift+Enter starts a new line; the message keeps it.
  await alice.keyboard.type("two");
  await alice.keyboard.press("Shift+Enter");
  await alice.keyboard.type("lines");
  assert.equal(await alice.inputValue("#message"), "two\nlines");
  await alice.keyboard.press("Enter");
  await step("the two lines are sent", () => allSent(alice));
  const expected = [...TYPED, "only once", "two\nlines"].map((text) => ["alice", text, false]);
  assert.deepEqual(await messagesOnceThere(bob, "bob", 22), expected, "after three Enters");

  // Over the limit: the count says by how much, Send is off, Enter keeps the text.
  const long = "x".repeat(2010);
  await alice.fill("#message", long);
  assert.equal(await alice.textContent("#message-count"), "2,010 / 2,000 — 10 too many");
  assert.equal(await alice.isDisabled("#send"), true, "Send with 2,010 characters");
  await alice.keyboard.press("Enter");
  assert.equal(await alice.inputValue("#message"), long, "the text over the limit is kept");
  await checkState(alice, "alice-over-the-limit");
  await alice.fill("#message", "");

  await failedAndRetried(alice, bob, expected);
  await simpleChatComposer(browser);
}

/**
 * A send that fails shows "failed — retry" and is sent once when retried; one whose answer is
 * lost after the server saved it is confirmed by its push, and never saved twice.
 */
async function failedAndRetried(alice, bob, expected) {
  const messagesUrl = /\/api\/groups\/\d+\/messages$/;
  await expectingErrors(async () => {
    // Refused before it reaches the server.
    await alice.route(messagesUrl, (route) => route.request().method() === "POST"
      ? route.abort("connectionreset") : route.continue());
    await send(alice, "alice", "lost on the way").catch(() => {});
    await step("alice's message shows it failed",
      () => alice.locator('#messages li[data-state="failed"] .retry').waitFor());
    await checkState(alice, "alice-send-failed");
    await alice.unroute(messagesUrl);
    await alice.click('#messages li[data-state="failed"] .retry');
    // The Retry button goes as the message leaves again: the focus goes back to the box.
    await awaitFocus(alice, "alice", "#message", "clicking Retry");
    await step("the retried message is sent", () => allSent(alice));
    // Saved, but the answer never reaches the page: the push confirms it.
    let answerLost;
    const lost = new Promise((resolve) => { answerLost = resolve; });
    await alice.route(messagesUrl, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await route.fetch();
      await route.abort("connectionreset");
      return answerLost();
    });
    await alice.fill("#message", "answer lost");
    await alice.keyboard.press("Enter");
    await step("the message whose answer was lost is confirmed by its push",
      () => allSent(alice));
    // The push may come before the server's answer is dropped: the route is done with first.
    await step("the answer is dropped", () => lost);
    await alice.unroute(messagesUrl);
  });
  expected.push(["alice", "lost on the way", false], ["alice", "answer lost", false]);
  assert.deepEqual(await messagesOnceThere(bob, "bob", expected.length), expected,
    "bob's view after a retry");
  const history = await alice.evaluate(async () => {
    const id = document.getElementById("messages").dataset.group;
    return (await api("GET", `/groups/${id}/messages`)).map((dto) => dto.text);
  });
  assert.deepEqual(history, expected.map(([, text]) => text), "the history on the server");
  console.log("a failed send was retried once; a lost answer saved nothing twice");
}

/** The simple chat: 20 messages typed key by key, all sent, once each, in order. */
async function simpleChatComposer(browser) {
  const carol = await openPage(browser, "carol-simple", transport, { path: "/" });
  const dave = await openPage(browser, "dave-simple", transport, { path: "/" });
  for (const [page, name] of [[carol, "carol"], [dave, "dave"]]) {
    await step(`${name}'s simple chat connects`,
      () => page.locator('#status[data-state="connected"]').waitFor());
  }
  // Without a name the message waits in the box.
  await carol.fill("#message", "who am I?");
  await carol.keyboard.press("Enter");
  assert.equal(await carol.textContent("#send-error"), "Type your name first.");
  await checkState(carol, "carol-simple-no-name");
  assert.equal(await carol.inputValue("#message"), "who am I?");
  await carol.fill("#message", "");
  await carol.fill("#user", "carol");
  await typeTwentyMessages(carol);
  await step("carol's messages are all sent",
    () => carol.waitForFunction(() => document.querySelector("#messages li.pending") === null));
  const expected = TYPED.map((text) => `carol${text}`);
  for (const [page, name] of [[dave, "dave"], [carol, "carol"]]) {
    const items = page.locator("#messages li");
    await step(`${name} sees message 20`, () => items.nth(19).waitFor());
    assert.deepEqual(await items.allTextContents(), expected, `${name}'s simple chat`);
  }
  assert.equal(await carol.inputValue("#message"), DRAFT, "what carol typed after the last Enter");
  await checkState(carol, "carol-simple-twenty-sent");
  // The page asks to reconnect for ever: the policy's delay after many failures is still 5 s.
  assert.equal(await carol.evaluate(() => reconnectDelay(1000)), 5000);
  console.log("the simple chat: 20 typed messages arrived once each, in order; nothing was lost");
}

/**
 * Routes the simple chat's WebSocket through the test: `failing.next` set, the next PostMessage
 * does not reach the server, and the page is answered with a hub error for it instead, as when
 * the server refuses or fails the call.
 */
async function failablePostMessage(page, failing) {
  await page.routeWebSocket(/\/chatHub/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      const records = String(frame).split("\x1e").filter(Boolean);
      const kept = [];
      for (const record of records) {
        const message = JSON.parse(record);
        if (failing.next && message.type === 1 && message.target === "PostMessage") {
          failing.next = false;
          ws.send(`${JSON.stringify({ type: 3, invocationId: message.invocationId,
            error: "An unexpected error occurred invoking 'PostMessage' on the server." })}\x1e`);
        } else {
          kept.push(`${record}\x1e`);
        }
      }
      if (kept.length > 0) server.send(kept.join(""));
    });
  });
}

/** The simple chat's messages as "user" + "text", the page's own still pending left out. */
function simpleMessages(page) {
  return page.locator("#messages li:not(.pending)").allTextContents();
}

/**
 * The simple chat's composer and scrolling: the length limit, Shift+Enter, a failed send
 * retried, a PostMessage id sent twice shown once, the box pinned at the bottom, and a reader
 * scrolled up kept there with a new-messages pill.
 */
async function simple(browser) {
  const failing = { next: false };
  const carol = await openPage(browser, "carol-simple", "WebSockets",
    { path: "/", beforeLoad: (page) => failablePostMessage(page, failing) });
  const dave = await openPage(browser, "dave-simple", undefined, { path: "/", viewport: PHONE });
  for (const [page, name] of [[carol, "carol"], [dave, "dave"]]) {
    await step(`${name}'s simple chat connects`,
      () => page.locator('#status[data-state="connected"]').waitFor());
  }
  await carol.fill("#user", "carol");
  const expected = [];
  const daveSees = async (label) => {
    await step(`dave sees ${expected.length} messages`, () => dave.locator("#messages li")
      .nth(expected.length - 1).waitFor());
    assert.deepEqual(await simpleMessages(dave), expected, label);
  };

  // Over the limit: the count says by how much, Send is off, Enter keeps the text.
  const long = "x".repeat(510);
  await carol.fill("#message", long);
  assert.equal(await carol.textContent("#message-count"), "510 / 500 — 10 too many");
  assert.equal(await carol.isDisabled("#send"), true, "Send with 510 characters");
  await carol.keyboard.press("Enter");
  assert.equal(await carol.inputValue("#message"), long, "the text over the limit is kept");
  await checkState(carol, "carol-simple-over-the-limit");
  await carol.fill("#message", "");

  // Shift+Enter starts a new line; the message keeps it.
  await carol.focus("#message");
  await carol.keyboard.type("two");
  await carol.keyboard.press("Shift+Enter");
  await carol.keyboard.type("lines");
  assert.equal(await carol.inputValue("#message"), "two\nlines");
  await carol.keyboard.press("Enter");
  expected.push("caroltwo\nlines");
  await daveSees("dave's view of two lines");

  // A send that fails shows "failed — Retry"; retried, it arrives once.
  failing.next = true;
  await carol.fill("#message", "lost on the way");
  await carol.click("#send");
  await awaitFocus(carol, "carol", "#message", "clicking Send");
  await step("carol's message shows it failed",
    () => carol.locator('#messages li[data-state="failed"] .retry').waitFor());
  await checkState(carol, "carol-simple-send-failed");
  await carol.click('#messages li[data-state="failed"] .retry');
  await awaitFocus(carol, "carol", "#message", "clicking Retry");
  await step("the retried message is sent", () => carol.waitForFunction(
    () => document.querySelector("#messages li.pending") === null));
  expected.push("carollost on the way");
  await daveSees("dave's view after the retry");

  // A PostMessage sent again with the same id (its answer lost) is shown once.
  await carol.evaluate(async () => {
    await connection.invoke("PostMessage", "same-id-twice", "carol", "sent twice");
    await connection.invoke("PostMessage", "same-id-twice", "carol", "sent twice");
    await connection.invoke("PostMessage", "the-next-id", "carol", "and the next");
  });
  expected.push("carolsent twice", "caroland the next");
  await daveSees("dave's view of an id sent twice");
  console.log("the simple chat: limit, Shift+Enter, a failed send retried, an id sent twice");

  // Dave's box is pinned at the bottom; scrolled up, he is not moved and sees the pill.
  for (let i = 1; i <= 15; i++) {
    await carol.fill("#message", `filler ${i}`);
    await carol.keyboard.press("Enter");
    expected.push(`carolfiller ${i}`);
  }
  await daveSees("dave's view of the fillers");
  const fit = await fitsTheScreen(dave, "dave", "#send");
  assert.ok(fit.box.bottom > fit.height - 160, `Send at the bottom: ${JSON.stringify(fit)}`);
  await step("dave is kept at the end", () => dave.waitForFunction(() => {
    const s = document.getElementById("scroller");
    return s.scrollHeight > s.clientHeight && s.scrollHeight - s.scrollTop - s.clientHeight < 2;
  }));
  await dave.evaluate(() => { document.getElementById("scroller").scrollTop = 0; });
  await carol.fill("#message", "while dave reads old ones");
  await carol.keyboard.press("Enter");
  expected.push("carolwhile dave reads old ones");
  await step("dave sees the new-messages pill", () => dave.locator("#new-messages").waitFor());
  assert.equal(await dave.textContent("#new-messages"), "1 new message ↓");
  assert.deepEqual(await scrollPosition(dave), { top: 0, atBottom: false }, "dave was moved");
  await checkState(dave, "dave-simple-scrolled-up-pill");
  await dave.click("#new-messages");
  assert.equal((await scrollPosition(dave)).atBottom, true, "the pill brings dave to the end");
  assert.equal(await dave.isHidden("#new-messages"), true, "the pill goes");
  await awaitFocus(dave, "dave", "#message", "clicking the pill");
  await daveSees("dave's view at the end");
  console.log("the simple chat keeps its box at the bottom and a reader scrolled up where he is");
}

/** A word far longer than a phone is wide. */
const LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän".repeat(8);

/**
 * Both chats on phones, 375 and 360 px wide: one column, the groups in a drawer, nothing wider
 * than the screen even with a very long word, Send on screen and the message box at the bottom.
 */
async function phone(browser) {
  for (const viewport of [PHONE, SMALL_PHONE]) {
    const name = `erin-${viewport.width}`;
    const erin = await openPage(browser, name, undefined, { viewport });
    // The drawer is closed: the focus goes to the button that opens it.
    assert.equal(await signIn(erin, name), "#groups-toggle", `${name}'s focus after signing in`);
    await fitsTheScreen(erin, name, "#groups-toggle");
    assert.equal(await erin.isVisible("#sidebar"), false, "the drawer starts closed");
    await openDrawer(erin);
    assert.equal(await erin.isVisible('label[for="group-name"]'), true,
      "the new group's label on a phone");
    await checkState(erin, `${name}-drawer`);
    await createGroup(erin, name, `Phones ${viewport.width}`);
    await step("opening a group closes the drawer",
      () => erin.locator("#sidebar").waitFor({ state: "hidden" }));
    await send(erin, name, LONG_WORD);
    for (let i = 1; i <= 12; i++) await send(erin, name, `line ${i}`);
    const fit = await fitsTheScreen(erin, name, "#send");
    await fitsTheScreen(erin, name, 'label[for="message"]');
    // Pinned: the box stays at the bottom however many messages there are.
    assert.ok(fit.box.bottom > fit.height - 120, `Send at the bottom: ${JSON.stringify(fit)}`);
    // The long word's own message, wrapped within the screen.
    await fitsTheScreen(erin, name, "#messages li.message", LONG_WORD);
    await checkState(erin, `${name}-conversation`);

    const simple = await openPage(browser, `${name}-simple`, undefined, { viewport, path: "/" });
    await step("the simple chat connects",
      () => simple.locator('#status[data-state="connected"]').waitFor());
    await simple.fill("#user", name);
    await simple.fill("#message", LONG_WORD);
    await simple.keyboard.press("Enter");
    await step("the long word is sent",
      () => simple.waitForFunction(() => document.querySelector("#messages li.pending") === null
        && document.querySelectorAll("#messages li").length === 1));
    await fitsTheScreen(simple, `${name} (simple chat)`, "#send");
    await fitsTheScreen(simple, `${name} (simple chat)`, "#messages li", LONG_WORD);
    await checkState(simple, `${name}-simple`);
  }
  console.log("both chats fit 375 and 360 px screens, with Send on screen");
}

/** The scroller's position, and whether it is at the bottom. */
function scrollPosition(page) {
  return page.evaluate(() => {
    const scroller = document.getElementById("scroller");
    return { top: scroller.scrollTop,
      atBottom: scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 2 };
  });
}

/**
 * History in pages back to the first message, with a separator per day and a sender's messages
 * grouped; a reader who scrolled up is not moved by new messages and sees the pill instead.
 */
async function scroll(browser) {
  const alice = await openPage(browser, "alice");
  const bob = await openPage(browser, "bob");
  await signIn(alice, "alice");
  await createGroup(alice, "alice", "Archive");
  const carl = await apiUser("carl");
  const archive = (await carl("GET", "/groups")).find((group) => group.name === "Archive");
  await carl("POST", `/groups/${archive.id}/members`);
  const texts = Array.from({ length: 120 }, (_, i) => `history ${i + 1}`);
  for (const text of texts) await carl("POST", `/groups/${archive.id}/messages`, { text });

  await signIn(bob, "bob");
  await openGroup(bob, "bob", "Archive");
  assert.deepEqual(await messagesOnceThere(bob, "bob", 50),
    texts.slice(70).map((text) => ["carl", text, false]), "the latest page");
  await step("the history opens at its end",
    () => bob.waitForFunction(() => {
      const s = document.getElementById("scroller");
      return s.scrollHeight - s.scrollTop - s.clientHeight < 2;
    }));
  let pages = 1;
  while (!await bob.isVisible("#history-start")) {
    await bob.click("#load-older");
    pages++;
    await step(`page ${pages} of history shows`, () => bob.waitForFunction(
      (count) => document.querySelectorAll("#messages li.message").length >= count,
      Math.min(120, pages * 50)));
  }
  assert.equal(pages, 3, "pages of 50 down to the first of 120 messages");
  assert.deepEqual(await messagesOnceThere(bob, "bob", 120),
    texts.map((text) => ["carl", text, false]), "the whole history");
  assert.equal(await bob.textContent("#history-start"), "This is the start of Archive.");
  await checkState(bob, "bob-history-start");
  assert.equal(await bob.evaluate(() => document.querySelector("#messages li")
    .classList.contains("day")), true, "a day separator before the first message");
  assert.equal(await bob.locator("#messages li.message.continued").count() >= 100, true,
    "carl's messages grouped under his name");
  console.log("bob paged back to the first of 120 messages");

  // Bob reads from the top: a new message neither moves him nor goes unnoticed.
  await bob.evaluate(() => { document.getElementById("scroller").scrollTop = 0; });
  await send(alice, "alice", "while bob reads old ones");
  await step("bob sees the new-messages pill", () => bob.locator("#new-messages").waitFor());
  assert.equal(await bob.textContent("#new-messages"), "1 new message ↓");
  assert.deepEqual(await scrollPosition(bob), { top: 0, atBottom: false }, "bob was moved");
  await checkState(bob, "bob-scrolled-up-pill");
  await bob.click("#new-messages");
  assert.equal((await scrollPosition(bob)).atBottom, true, "the pill brings bob to the end");
  assert.equal(await bob.isHidden("#new-messages"), true, "the pill goes");
  // At the end he stays at the end.
  await send(alice, "alice", "while bob is at the end");
  await messagesOnceThere(bob, "bob", 122);
  await step("bob is kept at the end",
    () => bob.waitForFunction(() => {
      const s = document.getElementById("scroller");
      return s.scrollHeight - s.scrollTop - s.clientHeight < 2;
    }));
  assert.equal(await bob.isHidden("#new-messages"), true, "no pill at the end");
  console.log("a reader scrolled up stays put and sees the pill; one at the end follows");
}

/** The unread count of a group in the page's "Your groups", or 0. */
function unreadOf(page, group) {
  return page.evaluate((name) => {
    const item = [...document.querySelectorAll("#groups li")]
      .find((li) => li.querySelector("span").textContent === name);
    const badge = item && item.querySelector(".unread");
    return badge && !badge.hidden ? Number(badge.textContent) : 0;
  }, group);
}

/**
 * Your groups and Browse apart; joining is explicit, and so is leaving; unread counts per group
 * and in the title; a link to a group joins nobody.
 */
async function membership(browser) {
  const alice = await openPage(browser, "alice");
  // Bob's pushes are read off the wire too when they come over WebSockets.
  const bobTransport = transport ?? "WebSockets";
  const bob = await openPage(browser, "bob", bobTransport);
  const bobWire = bobTransport === "WebSockets" ? recordPushes(bob) : null;
  // With no group anywhere, the first thing to do is to create one.
  assert.equal(await signIn(alice, "alice"), "#group-name", "alice's focus after signing in");
  await createGroup(alice, "alice", "Team");
  await createGroup(alice, "alice", "Lounge");
  const teamId = Number(await alice.evaluate(() => groups.find((g) => g.name === "Team").id));
  // In no group, with others to join: the first Join.
  assert.equal(await signIn(bob, "bob"), 'button "Join Lounge"', "bob's focus after signing in");
  const bobPushes = await recordReceived(bob);
  await step("bob's page lists both groups under Browse",
    () => bob.locator("#browse li").nth(1).waitFor());
  assert.deepEqual(await bob.locator("#browse li .name").allTextContents(), ["Lounge", "Team"]);
  assert.equal(await bob.isVisible("#no-groups"), true, "bob is in no group yet");
  await checkState(bob, "bob-browse");
  await openGroup(bob, "bob", "Team");
  await openGroup(bob, "bob", "Lounge");
  assert.deepEqual(await bob.locator("#groups li span:first-child").allTextContents(),
    ["Lounge", "Team"], "bob's groups");

  await openGroup(alice, "alice", "Team");
  await send(alice, "alice", "unread 1");
  await send(alice, "alice", "unread 2");
  await step("bob's page counts two unread in Team",
    () => bob.waitForFunction(() => document.title === "(2) Signet group chat"));
  assert.equal(await unreadOf(bob, "Team"), 2);
  assert.equal(await unreadOf(bob, "Lounge"), 0);
  await checkState(bob, "bob-unread");
  await openGroup(bob, "bob", "Team");
  assert.deepEqual(await messagesOnceThere(bob, "bob", 2),
    [["alice", "unread 1", false], ["alice", "unread 2", false]]);
  assert.equal(await unreadOf(bob, "Team"), 0, "opening Team reads it");
  assert.equal(await bob.title(), "Signet group chat");
  console.log("bob joined two groups from Browse and saw the unread count of the other");

  await bob.click("#leave");
  await step("Team moves to bob's Browse",
    () => bob.locator("#browse li", { hasText: "Team" }).waitFor());
  assert.equal(await bob.textContent("#group-notice"), "You left Team.");
  await checkState(bob, "bob-left-team");
  assert.equal(await bob.isHidden("#leave"), true);
  await send(alice, "alice", "after bob left");
  // The fence: a later message to Lounge, which bob still follows, comes after anything of Team's.
  await openGroup(alice, "alice", "Lounge");
  await send(alice, "alice", "fence in Lounge");
  await step("bob counts the message in Lounge",
    () => bob.waitForFunction(() => document.title === "(1) Signet group chat"));
  const pushed = ["unread 1", "unread 2", "fence in Lounge"];
  assert.deepEqual(await bobPushes(), pushed, "ReceiveMessage pushes to bob's page");
  if (bobWire) assert.deepEqual(bobWire, pushed, "ReceiveMessage pushes on bob's WebSocket");
  const refusal = await bob.evaluate((id) => hub.connection.invoke("JoinGroup", String(id))
    .then(() => "joined", (error) => error.message), teamId);
  assert.match(refusal, /You are not a member of group \d+; join it first/);
  console.log("bob left Team and gets none of its messages");

  // Signing out forgets the open group: the next person on the tab is not taken into it.
  await openGroup(bob, "bob", "Lounge");
  assert.match(await bob.evaluate(() => location.hash), /^#group=\d+$/);
  if (bobTransport === "LongPolling") {
    // The official client sends its Close message without waiting and then the DELETE; when the
    // DELETE wins the race, the server no longer knows the connection the POST names, and the
    // browser logs its 404 (ASP.NET answers the same).
    await expectingErrors(async () => {
      const closeSent = bob.waitForResponse((response) => response.request().method() === "POST"
        && (response.request().postData() ?? "").startsWith('{"type":7}'));
      const logged = bob.waitForEvent("console", (message) => message.type() === "error"
        && message.text().includes("404"));
      logged.catch(() => {}); // not awaited when the POST won the race
      await bob.click("#sign-out");
      const answer = await step("bob's Close message is answered", () => closeSent);
      if (answer.status() === 404) await step("the browser logs the 404", () => logged);
    });
  } else {
    await bob.click("#sign-out");
  }
  assert.equal(await bob.evaluate(() => location.hash), "", "the link after signing out");
  // Nor does a link to a group: carol is shown it, and joins only if she wants to.
  const carol = await openPage(browser, "carol");
  // Loaded with the link, as when it is followed from elsewhere.
  const query = transport ? `?transport=${transport}` : "";
  await carol.goto(`${baseUrl}/groupchat/${query}#group=${teamId}`);
  await carol.reload();
  assert.equal(await carol.evaluate(() => location.hash), `#group=${teamId}`,
    "the link before signing in");
  await signIn(carol, "carol");
  await step("carol is told she is not in Team",
    () => carol.locator("#group-notice", { hasText: "You are not in Team" }).waitFor());
  await checkState(carol, "carol-not-in-team");
  const member = await carol.evaluate(async () =>
    (await api("GET", "/groups")).find((g) => g.name === "Team").member);
  assert.equal(member, false, "carol was made a member of Team by a link");
  console.log("a link to a group opens it for members only");
}

/** Waits for the sign-in's error to read `text`. */
function signInError(page, text) {
  return step(`the sign-in says "${text}"`, () => page.waitForFunction(
    (expected) => document.getElementById("signin-error").textContent === expected, text));
}

/** What the sign-in and the groups refuse, and how they say it. */
async function refusals(frank) {
  await step("the sign-in shows", () => frank.locator("#signin").waitFor());
  await checkState(frank, "frank-sign-in");
  await frank.fill("#signin-name", "frank");
  await frank.fill("#signin-password", "correct horse battery");
  await frank.click("#signin-button");
  await signInError(frank, "There is no account named frank; check the name, or sign up.");
  await checkState(frank, "frank-sign-in-refused");
  await frank.fill("#signin-password", "short");
  await frank.click("#signup-button");
  await signInError(frank, "The password needs at least 8 characters.");
  await expectingErrors(async () => {
    await frank.route("**/api/signup", (route) => route.abort("connectionrefused"));
    await frank.fill("#signin-password", "correct horse battery");
    await frank.click("#signup-button");
    await signInError(frank,
      "The server cannot be reached. Check your connection and try again.");
    await frank.unroute("**/api/signup");
  });
  await checkState(frank, "frank-unreachable");
  await signIn(frank, "frank");
  await frank.click("#sign-out");
  await frank.fill("#signin-name", "Frank");
  await frank.fill("#signin-password", "another password");
  await frank.click("#signup-button");
  await signInError(frank,
    "The name Frank is taken; choose another, or sign in if it is yours.");
  await frank.fill("#signin-name", "FRANK");
  await frank.fill("#signin-password", "correct horse battery");
  await frank.click("#signin-button");
  await step("FRANK signs in as frank", () => frank.locator("#chat").waitFor());
  assert.equal(await frank.textContent("#me"), "frank");

  // A name of spaces only is refused on the page, and the name is trimmed.
  await frank.fill("#group-name", "   ");
  await frank.click("#create-group-form button");
  assert.equal(await frank.textContent("#group-name-error"), "Type a name for the group.");
  await awaitFocus(frank, "frank", "#group-name", "a name of spaces only");
  await checkState(frank, "frank-group-name-empty");
  await createGroup(frank, "frank", "  Team Rocket ");
  assert.equal(await frank.textContent("#group-name-error"), "", "the refusal once created");
  await frank.fill("#group-name", "team rocket");
  await frank.click("#create-group-form button");
  await step("a group name taken in another case is refused", () => frank.waitForFunction(
    () => document.getElementById("group-name-error").textContent
      === "A group named team rocket exists already; join it instead."));
  // Refused by the server too, in plain words, whatever the page lets through.
  const refusal = await frank.evaluate(() => api("POST", "/groups", { name: " \t " })
    .then(() => "created", (error) => error.message));
  assert.equal(refusal, "The group's name cannot be empty or only spaces.");
}

/**
 * Signing up and signing in apart, names unique in any case, errors in plain words, and Send
 * off with a banner while the server is away.
 */
async function account(browser) {
  const frank = await openPage(browser, "frank");
  // The browser logs each refusal (401, 409) as an error: they are what is tested.
  await expectingErrors(() => refusals(frank));
  console.log("sign-up and sign-in are apart, and names are one in any case");

  await frank.fill("#message", "typed while the server is away");
  await expectingErrors(async () => {
    await server("stop");
    await step("the banner says the connection is lost",
      () => frank.locator("#banner", { hasText: "Connection lost" }).waitFor());
    assert.equal(await frank.isDisabled("#send"), true, "Send while the server is away");
    await frank.focus("#message");
    await frank.keyboard.type(", and more");
    await frank.keyboard.press("Enter");
    assert.equal(await frank.inputValue("#message"), "typed while the server is away, and more");
    await checkState(frank, "frank-reconnecting");
    await server("start");
    await step("frank's page reconnects", () => frank.locator('#status[data-state="reconnected"]')
      .waitFor({ timeout: RECONNECT_TIMEOUT_MS }));
  });
  assert.equal(await frank.isHidden("#banner"), true, "the banner once reconnected");
  await frank.keyboard.press("Enter");
  await step("the message is sent", () => allSent(frank));
  assert.deepEqual(await messagesOnceThere(frank, "frank", 1),
    [["frank", "typed while the server is away, and more", true]]);
  console.log("while the server was away Send was off, the banner said so, and nothing was lost");
}

/** Waits until the page says `text` about who is typing. */
function typingShows(page, name, text) {
  return step(`${name}'s page says "${text}"`, () => page.waitForFunction(
    (expected) => document.getElementById("typing").textContent === expected, text));
}

/**
 * Who of the open group is online, from the server's presence, and who is typing; a person who
 * closes the tab goes offline.
 */
async function presence(browser) {
  const alice = await openPage(browser, "alice");
  const bob = await openPage(browser, "bob");
  await signIn(alice, "alice");
  await createGroup(alice, "alice", "Team");
  await awaitOnline(alice, "alice", ["alice"]);
  assert.equal(await signIn(bob, "bob"), 'button "Join Team"', "bob's focus after signing in");
  await openGroup(bob, "bob", "Team");
  await awaitOnline(alice, "alice", ["alice", "bob"]);
  await awaitOnline(bob, "bob", ["alice", "bob"]);
  assert.equal(await alice.textContent("#presence"), "Online: alice (you), bob");
  console.log("alice and bob see each other online in Team");

  await bob.focus("#message");
  await bob.keyboard.type("hello al");
  await typingShows(alice, "alice", "bob is typing…");
  await checkState(alice, "alice-bob-typing");
  assert.equal(await bob.textContent("#typing"), "", "bob is not told he is typing");
  await bob.keyboard.type("ice");
  await bob.keyboard.press("Enter");
  assert.deepEqual(await messagesOnceThere(alice, "alice", 1), [["bob", "hello alice", false]]);
  await typingShows(alice, "alice", "");
  console.log("alice saw bob typing until his message came");
  await typingThrottled(alice, bob);

  await closePage("bob");
  await awaitOnline(alice, "alice", ["alice"]);
  await checkState(alice, "alice-bob-gone");
  console.log("bob closed his tab and went offline");
}

/**
 * Typing is throttled twice: the hub relays at most one Typing a second per connection and
 * group, and the page says it at most every 3 s however fast its user types. Alice counts the
 * UserTyping she gets per group; a Typing to a group of its own, relayed after the others, tells
 * her when she has them all (the hub handles a connection's calls in order).
 */
async function typingThrottled(alice, bob) {
  const [side, fence] = await alice.evaluate(async () => [
    (await api("POST", "/groups", { name: "Side" })).id,
    (await api("POST", "/groups", { name: "Fence" })).id]);
  await bob.evaluate(async (ids) => {
    for (const id of ids) await api("POST", `/groups/${id}/members`);
  }, [side, fence]);
  await alice.evaluate(() => {
    window.typingSeen = {};
    hub.connection.on("UserTyping", (groupId) => {
      window.typingSeen[groupId] = (window.typingSeen[groupId] || 0) + 1;
    });
  });
  const typingSeen = (groupId, count) => step(`alice gets UserTyping ${count} for ${groupId}`,
    () => alice.waitForFunction(([id, n]) => window.typingSeen[id] === n, [groupId, count]));
  const team = Number(await alice.evaluate(() => currentGroup.id));

  // Ten Typing calls at once: one is relayed.
  await bob.evaluate(async ([burst, last]) => {
    await Promise.all(Array.from({ length: 10 }, () => hub.connection.invoke("Typing",
      String(burst))));
    await hub.connection.invoke("Typing", String(last));
  }, [side, fence]);
  await typingSeen(fence, 1);
  assert.equal(await alice.evaluate((id) => window.typingSeen[id], side), 1,
    "UserTyping relayed of 10 Typing calls within a second");

  // Bob types for four seconds or more: his page says so at most once every 3 s (the hub alone
  // would let one a second through).
  await bob.focus("#message");
  const started = Date.now();
  await bob.keyboard.type("a".repeat(40), { delay: 100 });
  const typedFor = Date.now() - started;
  // More than a second after the last one for Fence, so the hub relays it.
  await bob.evaluate((id) => hub.connection.invoke("Typing", String(id)), fence);
  await typingSeen(fence, 2);
  const relayed = await alice.evaluate((id) => window.typingSeen[id] || 0, team);
  const most = 1 + Math.floor(typedFor / 3000);
  assert.ok(relayed >= 1 && relayed <= most,
    `UserTyping for ${typedFor} ms of typing: ${relayed}, expected 1 to ${most}`);
  await bob.fill("#message", "");
  console.log(`typing throttled: 1 of 10 calls relayed; ${relayed} for ${typedFor} ms of keys`);
}

const run = {
  chat, history: historyScenario, reconnect, unauthorized, cluster, composer, phone, scroll,
  membership, account, presence, simple,
}[scenario];

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(
    () => reject(new Error(`not done within ${ms / 1000} s`)), ms).unref());
}

let browser;
let exitCode = 1;
const label = `${scenario}${transport ? ` over ${transport}` : ""}`;
try {
  const scenarioRun = (async () => {
    browser = await step(`launching ${executablePath}`,
      () => chromium.launch({ executablePath, args: CHROMIUM_ARGS }));
    try {
      await Promise.race([run(browser), browserFailure]);
    } finally {
      // Also after a failure: the screenshots show what the pages looked like.
      await saveScreenshots().catch((error) =>
        console.error(`could not save screenshots: ${error.message}`));
    }
    assert.deepEqual(browserErrors, [], "errors in the pages");
  })();
  await Promise.race([scenarioRun, timeout(OVERALL_TIMEOUT_MS)]);
  console.log(`PASS: ${label}`);
  exitCode = 0;
} catch (error) {
  console.error(`FAIL: ${label}: ${error.stack || error.message}`);
  if (browserErrors.length > 0) {
    console.error(`errors in the pages (${browserErrors.length}):`);
    console.error(`  ${browserErrors.slice(0, 5).join("\n  ")}`);
  }
} finally {
  if (browser) {
    await Promise.race([browser.close(), timeout(CLOSE_TIMEOUT_MS)]).catch((error) =>
      console.error(`closing the browser: ${error.message}`));
  }
}
// Explicit: a stuck step or the open standard input may still hold the event loop.
process.exit(exitCode);
