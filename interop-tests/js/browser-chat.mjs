// The chat example in a real browser: two Chromium pages chat through a Signet server.
//
//   node browser-chat.mjs <baseUrl> <transport> <screenshotDir>
//
// <baseUrl> is the root of a server serving the example page and /chatHub (ChatApplication);
// <transport> is WebSockets, ServerSentEvents or LongPolling, forced through the page's
// ?transport= parameter. Screenshots of both pages go to <screenshotDir>. Exits 0 when the chat
// works, 1 with the failure printed otherwise. BrowserChatTest runs it once per transport.
//
// Chromium is the system one (env CHROMIUM_PATH, default /usr/bin/chromium): Playwright's own
// browser downloads are not available everywhere this runs, and no test needs them.

import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";

const TRANSPORTS = ["WebSockets", "ServerSentEvents", "LongPolling"];
const OVERALL_TIMEOUT_MS = 60_000;
// Each wait fails on its own well before the overall limit, so a failure names its step.
const STEP_TIMEOUT_MS = 15_000;
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

const [baseArg, transport, screenshotDir] = process.argv.slice(2);
if (!baseArg || !TRANSPORTS.includes(transport) || !screenshotDir) {
  console.error(
    `usage: node browser-chat.mjs <baseUrl> <${TRANSPORTS.join("|")}> <screenshotDir>`);
  process.exit(2);
}
const baseUrl = baseArg.replace(/\/+$/, "");
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Page errors and console errors of either page: any one of them fails the run. */
const browserErrors = [];
let failOnBrowserError;
/** Rejects at the first error in a page, so that the run fails then rather than at a timeout. */
const browserFailure = new Promise((_, reject) => {
  failOnBrowserError = reject;
});
// Handled where it is raced; until then (while the pages load) it must not count as unhandled.
browserFailure.catch(() => {});

function recordBrowserError(text) {
  // The first line is enough to tell what went wrong; stacks and error pages are long.
  const line = text.split("\n", 1)[0];
  browserErrors.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
  failOnBrowserError(new Error(`error in the pages: ${browserErrors[0]}`));
}

/** Runs one step, so that a failure says which step it was. */
async function step(description, action) {
  try {
    return await action();
  } catch (error) {
    throw new Error(`${description}: ${error.message}`, { cause: error });
  }
}

/** A page of its own browser context (no shared cookies or storage), showing the chat. */
async function openChat(browser, name) {
  const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on("pageerror", (error) => recordBrowserError(`page ${name}: uncaught ${error}`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      const { url, lineNumber } = message.location();
      recordBrowserError(`page ${name}: console error at ${url}:${lineNumber}: ${message.text()}`);
    }
  });
  await step(`page ${name} loads`, () => page.goto(`${baseUrl}/?transport=${transport}`));
  return page;
}

async function awaitConnected(page, name) {
  const status = page.locator('#status[data-state="connected"]');
  await step(`page ${name} connects over ${transport}`, () => status.waitFor());
  assert.equal(await status.textContent(), `Connected (${transport})`,
    `status of page ${name}`);
}

/** Sends a message from the page's form, as a person would. */
async function send(page, name, user, message) {
  await page.fill("#user", user);
  await page.fill("#message", message);
  await step(`page ${name} clicks Send`, () => page.click("#send"));
  // The page clears the box at once and shows the message as pending until the hub has completed
  // the invocation.
  await step(`page ${name} sees its message sent`,
    () => page.waitForFunction(() => document.getElementById("message").value === ""
      && document.querySelector("#messages li.pending") === null));
}

/**
 * Waits until the page lists `count` messages, then returns them all, each as [user, message,
 * number of child elements]: 1, the <strong> of the user, unless a message was parsed as HTML.
 */
async function messagesOnceThere(page, name, count) {
  const items = page.locator("#messages li");
  await step(`page ${name} receives message ${count}`, () => items.nth(count - 1).waitFor());
  return items.evaluateAll((lis) => lis.map((li) => {
    const user = li.querySelector("strong");
    const text = [...li.childNodes].filter((node) => node !== user)
      .map((node) => node.textContent).join("");
    return [user.textContent, text, li.children.length];
  }));
}

async function saveScreenshots(pages) {
  await mkdir(screenshotDir, { recursive: true });
  for (const [name, page] of Object.entries(pages)) {
    const path = join(screenshotDir, `chat-${transport}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }
}

/** Two people chat: A writes, B answers, and both see the same conversation. */
async function conversation(a, b) {
  await awaitConnected(a, "A");
  await awaitConnected(b, "B");
  console.log(`both pages connected over ${transport}`);

  // Non-ASCII and markup check the UTF-8 round trip and that messages stay plain text.
  const first = ["Alice", `Grüße from A over ${transport}`];
  const second = ["Bob", "<b>not bold</b> & back from B"];

  await send(a, "A", ...first);
  for (const [page, name] of [[b, "B"], [a, "A"]]) {
    assert.deepEqual(await messagesOnceThere(page, name, 1), [[...first, 1]],
      `messages on page ${name} after A sent`);
  }
  await send(b, "B", ...second);
  for (const [page, name] of [[a, "A"], [b, "B"]]) {
    assert.deepEqual(await messagesOnceThere(page, name, 2), [[...first, 1], [...second, 1]],
      `messages on page ${name} after B replied`);
  }
  console.log("both pages show both messages in order");
}

async function chat(browser) {
  const a = await openChat(browser, "A");
  const b = await openChat(browser, "B");
  try {
    await Promise.race([conversation(a, b), browserFailure]);
  } finally {
    // Also after a failure: the screenshots show what the pages looked like.
    await saveScreenshots({ a, b }).catch((error) =>
      console.error(`could not save screenshots: ${error.message}`));
  }
  assert.deepEqual(browserErrors, [], "errors in the pages");
}

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(
    () => reject(new Error(`not done within ${ms / 1000} s`)), ms).unref());
}

let browser;
let exitCode = 1;
try {
  const run = (async () => {
    browser = await step(`launching ${executablePath}`,
      () => chromium.launch({ executablePath, args: CHROMIUM_ARGS }));
    await chat(browser);
  })();
  await Promise.race([run, timeout(OVERALL_TIMEOUT_MS)]);
  console.log(`PASS: chat over ${transport}`);
  exitCode = 0;
} catch (error) {
  console.error(`FAIL: chat over ${transport}: ${error.message}`);
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
// Explicit: a stuck step may still hold the event loop open after the overall timeout.
process.exit(exitCode);
