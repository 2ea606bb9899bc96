// What a person does with the group chat page, for groupchat-e2e.mjs: open a page in a browser
// context of its own, sign in, create or open a group, send, read the messages. Also the error
// tracking of the pages and the screenshots. Call setUp() first.

import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);

// Each wait fails on its own well before the overall limit, so a failure names its step.
const STEP_TIMEOUT_MS = 20_000;
const PASSWORD = "correct horse battery";

let baseUrl;
let transport;    // forced on every page unless openPage says otherwise; undefined: negotiated
let screenshotDir;
let shotPrefix;   // screenshot file names start with it
const pages = {}; // name -> page, for the screenshots
const forcedTransports = new WeakMap(); // page -> the transport its URL forces, if any

/** Where the server is, which transport pages force, where screenshots go and their prefix. */
export function setUp(options) {
  ({ baseUrl, transport, screenshotDir, shotPrefix } = options);
}

// ---- errors in the pages: any uncaught one fails the run; console errors too, except while the
// scenario expects network failures (a stopped server, refused requests).

export const browserErrors = [];
let expectedErrors = 0;
let failOnBrowserError;
export const browserFailure = new Promise((_, reject) => {
  failOnBrowserError = reject;
});
browserFailure.catch(() => {}); // handled where it is raced

function recordBrowserError(text, fatal) {
  const line = text.split("\n", 1)[0];
  const short = line.length > 300 ? `${line.slice(0, 300)}…` : line;
  if (!fatal && expectedErrors > 0) {
    console.log(`(expected) ${short}`);
    return;
  }
  browserErrors.push(short);
  failOnBrowserError(new Error(`error in the pages: ${browserErrors[0]}`));
}

/** Runs `action` while console errors are expected, as when the server is down. */
export async function expectingErrors(action) {
  expectedErrors++;
  try {
    return await action();
  } finally {
    expectedErrors--;
  }
}

/** Runs one step, so that a failure says which step it was. */
export async function step(description, action) {
  try {
    return await action();
  } catch (error) {
    throw new Error(`${description}: ${error.message}`, { cause: error });
  }
}

// ---- a person with a browser

/** A phone's screen, for pages that should work there too, and a small one. */
export const PHONE = { width: 375, height: 740 };
export const SMALL_PHONE = { width: 360, height: 640 };

/**
 * Checks that nothing scrolls sideways: neither the document nor any element that scrolls by
 * itself (the group chat's .app and #scroller do: the document alone would not show their
 * overflow), and that the element `selector` (Send, a message) is wholly on screen; returns the
 * element's box. With `hasText`, the element is the first of `selector` holding that text,
 * scrolled into view first (a message may have scrolled away).
 */
export async function fitsTheScreen(page, name, selector, hasText) {
  const fit = await page.evaluate(([sel, text]) => {
    const element = [...document.querySelectorAll(sel)]
      .find((candidate) => text === undefined || candidate.textContent.includes(text));
    if (!element) return null;
    if (text !== undefined) element.scrollIntoView({ block: "nearest" });
    const box = element.getBoundingClientRect();
    // Every element that scrolls sideways itself: overflow-x auto or scroll (overflow-y auto
    // makes overflow-x auto too), rendered, and wider inside than it shows.
    const scrolling = [...document.querySelectorAll("body *")].filter((candidate) => {
      const style = getComputedStyle(candidate);
      return ["auto", "scroll"].includes(style.overflowX) && candidate.clientWidth > 0
        && candidate.scrollWidth > candidate.clientWidth;
    }).map((candidate) => `${candidate.tagName.toLowerCase()}${candidate.id ? `#${candidate.id}`
      : ""}.${candidate.className}: ${candidate.scrollWidth} > ${candidate.clientWidth}`);
    return {
      width: innerWidth, height: innerHeight,
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      scrolling,
      box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
    };
  }, [selector, hasText]);
  assert.ok(fit, `${name}'s page has no ${selector}${hasText ? ` holding ${hasText}` : ""}`);
  assert.equal(fit.scrollWidth, fit.width, `${name}'s page is wider than the screen`);
  assert.deepEqual(fit.scrolling, [], `elements of ${name}'s page that scroll sideways`);
  assert.ok(fit.box.left >= 0 && fit.box.right <= fit.width && fit.box.top >= 0
    && fit.box.bottom <= fit.height, `${name}'s ${selector} is off screen: ${JSON.stringify(fit)}`);
  return fit;
}

/**
 * A page of its own browser context (no shared storage): one person. `base` is the server the
 * page is loaded from (default: the one of setUp), `path` the page (default: the group chat);
 * `beforeLoad(page)` runs before the page loads (to route its requests).
 */
export async function openPage(browser, name, pageTransport = transport,
  { base = baseUrl, path = "/groupchat/", viewport = { width: 1000, height: 620 },
    beforeLoad } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on("pageerror", (error) => recordBrowserError(`page ${name}: uncaught ${error}`, true));
  page.on("console", (message) => {
    if (message.type() === "error") {
      const { url, lineNumber } = message.location();
      recordBrowserError(`page ${name}: console error at ${url}:${lineNumber}: ${message.text()}`,
        false);
    }
  });
  pages[name] = page;
  forcedTransports.set(page, pageTransport);
  if (beforeLoad) await beforeLoad(page);
  const query = pageTransport ? `?transport=${pageTransport}` : "";
  await step(`page ${name} loads`, () => page.goto(`${base}${path}${query}`));
  return page;
}

/** The names with an account, made by signIn or apiUser: the first time signs up. */
const accounts = new Set();

/**
 * Signs in (signs up the first time) and waits until the page has moved focus on into the chat:
 * to a group, a Join button, the new group's name or, on a phone, the Groups button. Returns a
 * description of the focused element, for scenarios that know which it should be.
 */
export async function signIn(page, name) {
  await step(`${name} sees the sign-in`, () => page.locator("#signin").waitFor());
  await page.fill("#signin-name", name);
  await page.fill("#signin-password", PASSWORD);
  await page.click(accounts.has(name) ? "#signin-button" : "#signup-button");
  accounts.add(name);
  await step(`${name} is signed in`, () => page.locator("#chat").waitFor());
  assert.equal(await page.textContent("#me"), name);
  await step(`${name}'s focus moves into the chat`, () => page.waitForFunction(() => {
    const focused = document.activeElement;
    return focused && (focused.closest("#chat") || focused.id === "groups-toggle");
  }));
  return focusOf(page);
}

/** The focused element, as "#id" or, without an id, its tag and accessible text. */
export function focusOf(page) {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return "body";
    if (focused.id) return `#${focused.id}`;
    const label = focused.getAttribute("aria-label") || focused.textContent.trim();
    return `${focused.tagName.toLowerCase()} "${label}"`;
  });
}

/** Waits until `selector` has the focus, as it should after `after`. */
export async function awaitFocus(page, name, selector, after) {
  try {
    await page.waitForFunction((sel) => document.activeElement?.matches(sel), selector,
      { timeout: 5_000 });
  } catch {
    assert.fail(`${name}'s focus after ${after} is on ${await focusOf(page)}, not ${selector}`);
  }
}

/** Waits until the page is connected and follows `group`: later messages arrive live. */
export async function awaitLive(page, name, group, states = ["connected"]) {
  const selector = states.map((state) => `#status[data-state="${state}"]`).join(", ");
  await step(`${name}'s page connects`, () => page.locator(selector).waitFor());
  await step(`${name}'s page follows ${group}`, () => page.waitForFunction(
    (title) => document.getElementById("messages").dataset.group !== undefined
      && document.getElementById("group-title").textContent === title, group));
  const status = await page.textContent("#status");
  const shownTransport = await page.textContent("#transport");
  assert.match(status, /^(Re)?[Cc]onnected \((WebSockets|ServerSentEvents|LongPolling)\)$/);
  const forced = forcedTransports.get(page);
  if (forced) assert.equal(shownTransport, forced, `transport of ${name}'s page`);
  return shownTransport;
}

/** On a phone the groups are in a drawer: opens it if it is closed. */
export async function openDrawer(page) {
  if (await page.isVisible("#groups-toggle")
      && await page.getAttribute("#groups-toggle", "aria-expanded") === "false") {
    await page.click("#groups-toggle");
    await page.locator("#sidebar").waitFor();
  }
}

export async function createGroup(page, name, group) {
  await openDrawer(page);
  await page.fill("#group-name", group);
  await step(`${name} creates ${group}`, () => page.click("#create-group-form button"));
  // The page trims the name.
  await awaitLive(page, name, group.trim());
  await awaitFocus(page, name, "#message", `creating ${group}`);
}

/** Opens one of the person's groups, or joins it from Browse. */
export async function openGroup(page, name, group) {
  await openDrawer(page);
  const joined = page.locator("#groups li button", { hasText: group });
  await step(`${name} opens ${group}`, async () => {
    await page.locator("#sidebar li", { hasText: group }).first().waitFor();
    if (await joined.count() > 0) {
      await joined.click();
    } else {
      await page.locator("#browse li", { hasText: group }).getByRole("button").click();
    }
  });
  await awaitLive(page, name, group);
  await awaitFocus(page, name, "#message", `opening ${group}`);
}

export async function send(page, name, text) {
  await page.fill("#message", text);
  await step(`${name} clicks Send`, () => page.click("#send"));
  // Send turns itself off as the box empties: the focus goes back to the box.
  await awaitFocus(page, name, "#message", "clicking Send");
  // The page clears the box at once, and shows the message as pending until the API saved it.
  await step(`${name}'s message is saved`, () => allSent(page));
}

/** Waits until none of the page's own messages is still on its way (or failed). */
export function allSent(page) {
  return page.waitForFunction(() => document.querySelector("#messages li.pending") === null);
}

/**
 * Waits until the page lists `count` saved messages, then returns them all as [user, text,
 * mine?]. Text that was parsed as HTML would show up as child elements, and fail the check.
 */
export async function messagesOnceThere(page, name, count) {
  const items = page.locator("#messages li.message:not(.pending)");
  await step(`${name} sees message ${count}`, () => items.nth(count - 1).waitFor());
  const shown = await items.evaluateAll((lis) => lis.map((li) => {
    const text = li.querySelector(".text");
    return [li.querySelector(".user").textContent, text.textContent,
      li.classList.contains("mine"), text.children.length];
  }));
  for (const [, text, , children] of shown) {
    assert.equal(children, 0, `${name}'s page rendered ${JSON.stringify(text)} as HTML`);
  }
  return shown.map(([user, text, mine]) => [user, text, mine]);
}

/** Delays every request of the page by `latency` ms each way, as a slow network would. */
export async function slowNetwork(page, latency) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions",
    { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
  return cdp;
}

/** Every ReceiveMessage text the server pushed to the page over WebSockets, as sent. */
export function recordPushes(page) {
  const texts = [];
  page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => {
    for (const record of String(payload).split("\x1e").filter(Boolean)) {
      const message = JSON.parse(record);
      if (message.type === 1 && message.target === "ReceiveMessage") {
        texts.push(message.arguments[0].text);
      }
    }
  }));
  return texts;
}

/**
 * Records every ReceiveMessage text the page's hub connection gets, over whichever transport,
 * through a handler of its own beside the page's; returns a function that reads them. Call once
 * the page is signed in (the connection exists).
 */
export async function recordReceived(page) {
  await page.evaluate(() => {
    window.receivedTexts = [];
    // A block: a handler that returns a value answers the server, which expects no answer.
    hub.connection.on("ReceiveMessage", (dto) => { window.receivedTexts.push(dto.text); });
  });
  return () => page.evaluate(() => window.receivedTexts);
}

/** Signs in through the API, as a script would: for a sender that needs no page. */
export async function apiUser(name) {
  const known = accounts.has(name);
  const response = await fetch(`${baseUrl}/api/${known ? "signin" : "signup"}`, {
    method: "POST", body: JSON.stringify({ name, password: PASSWORD }),
  });
  assert.equal(response.status, known ? 200 : 201, `sign-in of ${name}`);
  accounts.add(name);
  const { token } = await response.json();
  return async (method, path, body) => {
    const answer = await fetch(`${baseUrl}/api${path}`, {
      method, headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(body),
    });
    assert.ok(answer.ok, `${method} ${path} as ${name}: ${answer.status}`);
    return answer.json();
  };
}

/** Closes a person's page (the tab) for good. */
export async function closePage(name) {
  const page = pages[name];
  delete pages[name];
  await page.context().close();
}

/** Waits until the page shows exactly `users` online in the open group. */
export function awaitOnline(page, name, users) {
  return step(`${name} sees ${users.join(", ")} online`, () => page.waitForFunction(
    (expected) => {
      const presence = document.getElementById("presence");
      return !presence.hidden && presence.dataset.users === expected;
    }, users.join(",")));
}

export async function saveScreenshots() {
  await mkdir(screenshotDir, { recursive: true });
  for (const [name, page] of Object.entries(pages)) {
    // "-last": a state's own screenshot may carry the page's name (checkState(page, name)).
    const path = join(screenshotDir, `${shotPrefix}-${name}-last.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }
}

export async function screenshot(page, label) {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${shotPrefix}-${label}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

// ---- accessibility: axe-core on each state of a page

/** The impacts that fail a run; moderate and minor findings are printed only. */
const FAILING_IMPACTS = new Set(["serious", "critical"]);
let axeSource;

/**
 * A state of a page worth keeping: a screenshot of it, and axe-core's WCAG 2.1 A/AA and
 * best-practice rules run on it, failing on any serious or critical violation. The script is
 * given to the page through the DevTools protocol, which the page's Content-Security-Policy does
 * not apply to; the page itself stays under the policy.
 */
export async function checkState(page, label) {
  await screenshot(page, label);
  axeSource ??= await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  if (!await page.evaluate(() => typeof window.axe === "object")) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, {
      runOnly: { type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return results.violations.map((violation) => ({
      id: violation.id, impact: violation.impact, help: violation.help,
      nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
    }));
  });
  const failing = violations.filter((violation) => FAILING_IMPACTS.has(violation.impact));
  const others = violations.filter((violation) => !FAILING_IMPACTS.has(violation.impact));
  console.log(`axe ${shotPrefix}-${label}: ${failing.length} serious or critical`
    + (others.length === 0 ? ""
      : `, also ${others.map((violation) => `${violation.id} (${violation.impact})`).join(", ")}`));
  assert.deepEqual(failing, [], `serious or critical accessibility violations in ${label}`);
}
