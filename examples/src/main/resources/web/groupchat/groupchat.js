// The group chat page: sign in, pick a group, read its history and see new messages live.
// Messages are sent with the REST API, which saves them and pushes them to the group's hub group
// (ReceiveMessage); ChatHubService (chat-hub-service.js) keeps the hub connection.
"use strict";

const SESSION_KEY = "signet-groupchat-session";
const $ = (id) => document.getElementById(id);

let session = loadSession(); // {token, user, expiresAt} or null
let hub = null;              // ChatHubService while signed in
let groups = [];             // as GET /api/groups returned them
let currentGroup = null;     // the group on show
const shown = new Map();     // message id -> <li>, to merge history and live messages

// ---- session: sessionStorage, so each tab can be a different user

function loadSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY));
    return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

/**
 * Shows the sign-in. `keepLink` keeps a #group= link in the address: on loading the page, where
 * the link is what the person came for (after signing in it opens the group for a member);
 * otherwise the page forgets the group, so that the next person on the tab is not taken there.
 */
function showSignIn(message, keepLink = false) {
  const link = location.hash;
  if (hub) hub.stop();
  hub = null;
  session = null;
  outbox.length = 0;
  pending.clear();
  unread.clear();
  document.title = TITLE;
  // The next person on this tab starts afresh: nothing of the last one's groups and messages
  // stays in the page, nor the group he had open in the address.
  closeGroup();
  if (keepLink && link) history.replaceState(null, "", location.pathname + location.search + link);
  $("groups").replaceChildren();
  $("browse").replaceChildren();
  showNotice("");
  $("chat-error").textContent = "";
  $("group-name-error").textContent = "";
  sessionStorage.removeItem(SESSION_KEY);
  $("chat").hidden = true;
  $("me").hidden = true;
  $("sign-out").hidden = true;
  $("groups-toggle").hidden = true;
  setDrawer(false);
  $("signin").hidden = false;
  $("signin-error").textContent = message || "";
  setStatus("signed-out", "none");
  $("signin-name").focus();
}

const NAME_PATTERN = /^[\p{L}\p{N}._ -]+$/u;

/** What is wrong with the name and password typed, in plain words, or "" if nothing. */
function credentialsProblem(name, password) {
  if (!name) return "Type your name.";
  if (!NAME_PATTERN.test(name)) {
    return "A name may hold letters, digits, spaces, dots, underscores and hyphens only.";
  }
  if (password.length < 8) return "The password needs at least 8 characters.";
  return "";
}

/** Signs in (signUp false) or creates the account first (true). */
async function signIn(signUp) {
  $("signin-error").textContent = "";
  const name = $("signin-name").value.trim();
  const password = $("signin-password").value;
  const problem = credentialsProblem(name, password);
  if (problem) {
    $("signin-error").textContent = problem;
    (problem.includes("password") ? $("signin-password") : $("signin-name")).focus();
    return;
  }
  let response;
  try {
    response = await fetch(signUp ? "/api/signup" : "/api/signin", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name, password }),
    });
  } catch {
    $("signin-error").textContent = UNREACHABLE;
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    $("signin-error").textContent = plain(response.status, body.error);
    $("signin-password").focus();
    return;
  }
  session = { token: body.token, user: body.user, expiresAt: body.expiresAt };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  $("signin-password").value = "";
  await enterChat();
}

const UNREACHABLE = "The server cannot be reached. Check your connection and try again.";

/** The server's message as a sentence, or a plain one for answers without a message. */
function plain(status, message) {
  if (status >= 500 || !message) {
    return "Something went wrong on the server. Try again in a moment.";
  }
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

// ---- REST API

class ApiError extends Error {}

async function api(method, path, body) {
  if (!session) throw new ApiError("Sign in first.");
  let response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${session.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(UNREACHABLE);
  }
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) {
    showSignIn(plain(401, data.error || "Sign in again"));
    throw new ApiError("signed out");
  }
  if (!response.ok) throw new ApiError(plain(response.status, data.error));
  return data;
}

/** Runs a user action, showing its failure under the conversation. */
async function attempt(action) {
  $("chat-error").textContent = "";
  try {
    await action();
  } catch (error) {
    if (session) $("chat-error").textContent = error.message;
    if (!(error instanceof ApiError)) console.error(error);
  }
}

// ---- the chat

async function enterChat() {
  $("signin").hidden = true;
  $("chat").hidden = false;
  $("me").textContent = session.user;
  $("me").hidden = false;
  $("sign-out").hidden = false;
  $("groups-toggle").hidden = false;
  hub = new ChatHubService(() => session.token, {
    onMessage: (dto) => {
      if (pending.has(dto.clientId)) confirm(dto);
      else if (currentGroup && dto.groupId === currentGroup.id) showMessage(dto);
      if (currentGroup && dto.groupId === currentGroup.id) stoppedTyping(dto.user);
      if (dto.user !== session.user && !(currentGroup && dto.groupId === currentGroup.id
          && document.visibilityState === "visible")) {
        countUnread(dto.groupId);
      }
    },
    // Someone, on any server, created a group. Quietly: an error on show stays, and a failed
    // refresh only means the list catches up with the next one.
    onGroupCreated: () => loadGroups().catch((error) => {
      if (!(error instanceof ApiError)) console.error(error);
    }),
    onPresenceChanged: (groupId) => {
      if (currentGroup && currentGroup.id === groupId) refreshPresence();
    },
    onTyping: (groupId, user) => {
      if (currentGroup && currentGroup.id === groupId && user !== session.user) typingNow(user);
    },
    onState: (state, transport) => {
      setStatus(state, transport);
      updateComposer();
      if (state === "connected" || state === "reconnected") refreshPresence();
    },
    // Catches up on what was created and sent meanwhile.
    onReconnected: () => attempt(async () => { await loadGroups(); await loadHistory(); }),
    onUnauthorized: () => showSignIn("Your sign-in has expired; sign in again."),
  });
  const started = hub.start();
  await attempt(async () => {
    await loadGroups();
    // A link to a group opens it for a member; anyone else is shown it in Browse, to join or not.
    const wanted = Number(new URLSearchParams(location.hash.slice(1)).get("group"));
    const group = groups.find((g) => g.id === wanted);
    if (group && group.member) {
      await openGroup(group);
      return;
    }
    if (group) {
      history.replaceState(null, "", location.pathname + location.search);
      showNotice(`You are not in ${group.name}. Join it under Browse to read it.`);
    }
    // Where the signed-in person goes on from: a group of his, or else joining or creating one.
    const next = $("groups").querySelector("button") || $("browse").querySelector("button")
      || $("group-name");
    if (!$("groups-toggle").offsetParent) next.focus(); // on a phone the drawer is closed
    else $("groups-toggle").focus();
  });
  await started;
}

function showNotice(text) {
  $("group-notice").textContent = text;
  $("group-notice").hidden = !text;
}

// ---- unread messages: counted per group while the page is open, and in the tab's title

const unread = new Map(); // group id -> messages not seen
const TITLE = document.title;

function countUnread(groupId) {
  unread.set(groupId, (unread.get(groupId) || 0) + 1);
  showUnread();
}

function clearUnread(groupId) {
  if (unread.delete(groupId)) showUnread();
}

function showUnread() {
  let total = 0;
  for (const item of $("groups").children) {
    const count = unread.get(Number(item.dataset.groupId)) || 0;
    total += count;
    const badge = item.querySelector(".unread");
    badge.hidden = count === 0;
    badge.textContent = String(count);
    item.querySelector(".unread-label").textContent = count === 0 ? "" : `, ${count} unread`;
  }
  document.title = total === 0 ? TITLE : `(${total}) ${TITLE}`;
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && currentGroup) clearUnread(currentGroup.id);
});

/** "Your groups", each opening the group, with its unread count; "Browse", each to join. */
async function loadGroups() {
  groups = await api("GET", "/groups");
  const mine = groups.filter((group) => group.member);
  const others = groups.filter((group) => !group.member);
  $("groups").replaceChildren(...mine.map((group) => {
    const item = document.createElement("li");
    item.dataset.groupId = group.id;
    if (currentGroup && currentGroup.id === group.id) item.setAttribute("aria-current", "true");
    const button = document.createElement("button");
    button.type = "button";
    const name = document.createElement("span");
    name.textContent = group.name;
    const badge = document.createElement("span");
    badge.className = "unread";
    badge.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.className = "visually-hidden unread-label";
    button.append(name, badge, label);
    button.addEventListener("click", () => attempt(() => openGroup(group)));
    item.append(button);
    return item;
  }));
  $("browse").replaceChildren(...others.map((group) => {
    const item = document.createElement("li");
    item.dataset.groupId = group.id;
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = group.name;
    const join = document.createElement("button");
    join.type = "button";
    join.textContent = "Join";
    join.setAttribute("aria-label", `Join ${group.name}`);
    join.addEventListener("click", () => attempt(() => joinGroup(group)));
    item.append(name, join);
    return item;
  }));
  $("no-groups").hidden = mine.length > 0;
  $("no-browse").hidden = others.length > 0;
  showUnread();
}

/** Joins a group through the API, then opens it. */
async function joinGroup(group) {
  const joined = await api("POST", `/groups/${group.id}/members`);
  await openGroup(joined);
}

/** Leaves the open group: no more of its messages; it moves to Browse. */
async function leaveGroup() {
  const group = currentGroup;
  if (!group) return;
  await api("DELETE", `/groups/${group.id}/members`);
  hub.forgetGroup(group.id);
  clearUnread(group.id);
  closeGroup();
  await loadGroups();
  showNotice(`You left ${group.name}.`);
  $("browse").querySelector(`li[data-group-id="${group.id}"] button`)?.focus();
}

/** Shows no group: after leaving one, or signing out. */
function closeGroup() {
  currentGroup = null;
  delete $("messages").dataset.group;
  $("messages").replaceChildren();
  shown.clear();
  $("load-older").hidden = true;
  $("history-start").hidden = true;
  $("new-messages").hidden = true;
  $("leave").hidden = true;
  $("presence").hidden = true;
  clearTyping();
  $("group-title").textContent = "Pick or create a group";
  history.replaceState(null, "", location.pathname + location.search);
  updateComposer();
}

// ---- presence and typing, through the hub

/** Shows who of the open group is online: the server tells when it changes. */
async function refreshPresence() {
  const group = currentGroup;
  if (!group || !hub || !hub.isConnected()) return;
  let users;
  try {
    users = await hub.getOnline(group.id);
  } catch (error) {
    console.warn("Could not ask who is online", error);
    return;
  }
  if (currentGroup !== group) return;
  const presence = $("presence");
  const dot = document.createElement("span");
  dot.className = "dot";
  dot.setAttribute("aria-hidden", "true");
  const names = users.map((user) => (user === session.user ? `${user} (you)` : user));
  presence.replaceChildren(dot, `Online: ${names.join(", ")}`);
  presence.dataset.users = users.join(",");
  presence.hidden = false;
}

const TYPING_EVERY_MS = 3000;  // the most often a page says its user is typing
const TYPING_SHOWN_MS = 6000;  // how long "is typing" shows after the last word of it
const typers = new Map();      // user -> timer that takes him off
let lastTyping = 0;

/** Called as the user types: tells the group, at most every few seconds. */
function sayTyping() {
  if (!currentGroup || $("message").value.trim() === "") return;
  const now = Date.now();
  if (now - lastTyping < TYPING_EVERY_MS) return;
  lastTyping = now;
  hub.typing(currentGroup.id);
}

function typingNow(user) {
  clearTimeout(typers.get(user));
  typers.set(user, setTimeout(() => stoppedTyping(user), TYPING_SHOWN_MS));
  showTyping();
}

function stoppedTyping(user) {
  if (!typers.has(user)) return;
  clearTimeout(typers.get(user));
  typers.delete(user);
  showTyping();
}

function showTyping() {
  const names = [...typers.keys()];
  $("typing").textContent = names.length === 0 ? ""
    : names.length === 1 ? `${names[0]} is typing…`
      : names.length === 2 ? `${names[0]} and ${names[1]} are typing…`
        : "Several people are typing…";
}

function clearTyping() {
  for (const timer of typers.values()) clearTimeout(timer);
  typers.clear();
  showTyping();
}

// ---- the drawer: on a phone the groups slide in over the conversation

function setDrawer(open) {
  $("chat").classList.toggle("drawer-open", open);
  $("groups-toggle").setAttribute("aria-expanded", String(open));
}

/** Shows a group the user has joined: its history, then its messages live. */
async function openGroup(group) {
  setDrawer(false);
  showNotice("");
  currentGroup = { ...group };
  $("leave").hidden = false;
  $("presence").hidden = true;
  clearUnread(group.id);
  delete $("messages").dataset.group;
  $("messages").replaceChildren();
  shown.clear();
  $("load-older").hidden = true;
  $("history-start").hidden = true;
  unseen = 0;
  $("new-messages").hidden = true;
  $("group-title").textContent = group.name;
  history.replaceState(null, "", `${location.pathname}${location.search}#group=${group.id}`);
  await loadGroups();
  await hub.joinGroup(group.id);
  await loadHistory();
  for (const message of pending.values()) showPending(message);
  updateComposer();
  clearTyping();
  // Where the reader goes on from: the message box (on a phone too: the drawer has closed).
  $("message").focus();
  await refreshPresence();
  // Tests wait for this: joined and history shown, so every later message arrives live.
  $("messages").dataset.group = group.id;
}

const PAGE_SIZE = 50;
const CATCH_UP_PAGE = 200;

/**
 * Shows the group's latest page of history; once some is shown (after a reconnect), catches up
 * on everything sent since the newest message shown, page by page.
 */
async function loadHistory() {
  if (!currentGroup) return;
  const groupId = currentGroup.id;
  if (shown.size === 0) {
    const page = await api("GET", `/groups/${groupId}/messages?limit=${PAGE_SIZE}`);
    if (!currentGroup || currentGroup.id !== groupId) return;
    showBatch(page);
    setHistoryStart(page.length < PAGE_SIZE);
    scrollToEnd();
    return;
  }
  for (;;) {
    const newest = Math.max(...shown.keys());
    const page = await api("GET",
      `/groups/${groupId}/messages?after=${newest}&limit=${CATCH_UP_PAGE}`);
    if (!currentGroup || currentGroup.id !== groupId) return;
    page.forEach((dto) => showMessage(dto));
    if (page.length < CATCH_UP_PAGE) return;
  }
}

/** The page of history before the oldest message shown, keeping the reader's place. */
async function loadOlder() {
  if (!currentGroup || shown.size === 0) return;
  const groupId = currentGroup.id;
  const oldest = Math.min(...shown.keys());
  const page = await api("GET",
    `/groups/${groupId}/messages?before=${oldest}&limit=${PAGE_SIZE}`);
  if (!currentGroup || currentGroup.id !== groupId) return;
  const scroller = $("scroller");
  const fromBottom = scroller.scrollHeight - scroller.scrollTop;
  showBatch(page);
  setHistoryStart(page.length < PAGE_SIZE);
  scroller.scrollTop = scroller.scrollHeight - fromBottom;
  // The button goes once the first message is shown: the reader goes on in the messages.
  if (page.length < PAGE_SIZE) $("scroller").focus({ preventScroll: true });
}

/** Either "Load older messages" or, once the first message is shown, a note that it is. */
function setHistoryStart(atStart) {
  $("load-older").hidden = atStart;
  $("history-start").hidden = !atStart;
  $("history-start").textContent = atStart && currentGroup
    ? `This is the start of ${currentGroup.name}.` : "";
}

// ---- the composer: the box is cleared as the message leaves it, the message shows at once as
// "sending…", then as sent or "failed — retry". Sends go one at a time, in the order typed, each
// with an id of its own, so that a retry after a lost answer never saves a copy.

const MAX_LENGTH = 2000;
/** Shown once the text is this long, so the limit is seen before it is reached. */
const COUNT_FROM = 1800;
const outbox = [];        // pending messages not yet sent, in order
const pending = new Map(); // clientId -> {clientId, groupId, text, state, item}
let sending = false;

function newClientId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether a message may be sent now: a group is open and the connection is up. */
function canSend() {
  return currentGroup !== null && hub !== null && hub.isConnected();
}

function updateComposer() {
  const input = $("message");
  const length = input.value.trim().length;
  const count = $("message-count");
  const over = length - MAX_LENGTH;
  if (over > 0) {
    count.textContent = `${length.toLocaleString("en")} / ${MAX_LENGTH.toLocaleString("en")}`
      + ` — ${over.toLocaleString("en")} too many`;
  } else if (length >= COUNT_FROM) {
    count.textContent = `${length.toLocaleString("en")} / ${MAX_LENGTH.toLocaleString("en")}`;
  } else {
    count.textContent = "";
  }
  count.classList.toggle("over", over > 0);
  input.disabled = currentGroup === null;
  $("send").disabled = !canSend() || length === 0 || over > 0;
  // Grows with its lines, up to a few, then scrolls.
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight + 2, 160)}px`;
}

function sendMessage(event) {
  if (event) event.preventDefault();
  const input = $("message");
  const text = input.value.trim();
  if (text.length === 0 || text.length > MAX_LENGTH || !canSend()) return;
  input.value = "";
  lastTyping = 0; // the next message's typing is told at once
  updateComposer();
  const message = { clientId: newClientId(), groupId: currentGroup.id, text, state: "sending" };
  pending.set(message.clientId, message);
  showPending(message);
  outbox.push(message);
  pump();
  // Send, if clicked, has just turned itself off: the writer goes on in the box.
  input.focus();
}

/** Sends what waits in the outbox, one message at a time. */
async function pump() {
  if (sending) return;
  sending = true;
  try {
    while (outbox.length > 0) {
      const message = outbox.shift();
      try {
        const dto = await api("POST", `/groups/${message.groupId}/messages`,
          { text: message.text, clientId: message.clientId });
        confirm(dto);
      } catch (error) {
        if (!session) return; // signed out meanwhile
        // Its push got here first (the server saved it; only the answer was lost): sent.
        if (!pending.has(message.clientId)) continue;
        if (!(error instanceof ApiError)) console.warn("Sending failed", error);
        message.state = "failed";
        message.error = error instanceof ApiError ? error.message : plain(500);
        showPending(message);
      }
    }
  } finally {
    sending = false;
  }
}

function retry(message) {
  if (message.state !== "failed") return;
  // The Retry button is about to go: the writer goes on in the box.
  $("message").focus();
  message.state = "sending";
  showPending(message);
  outbox.push(message);
  pump();
}

/** A message of ours is saved: it leaves the pending ones and takes its place in the history. */
function confirm(dto) {
  const message = dto.clientId ? pending.get(dto.clientId) : undefined;
  if (message) {
    pending.delete(dto.clientId);
    if (message.item) message.item.remove();
  }
  if (currentGroup && dto.groupId === currentGroup.id) showMessage(dto);
}

/** Shows (or updates) a message of ours not yet saved, below every saved one. */
function showPending(message) {
  if (!currentGroup || message.groupId !== currentGroup.id) return;
  let item = message.item;
  if (!item || !item.isConnected) {
    item = messageItem(session.user, message.text, null);
    item.classList.add("pending");
    message.item = item;
    $("messages").append(item);
    decorate();
  }
  item.dataset.state = message.state;
  const status = item.querySelector(".state");
  if (message.state === "failed") {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link retry";
    button.textContent = "Retry";
    button.addEventListener("click", () => retry(message));
    status.replaceChildren(`Not sent: ${message.error} `, button);
  } else {
    status.textContent = "Sending…";
  }
  scrollToEnd();
}

/**
 * Creates a group with the name typed, trimmed; a name of only spaces is refused on the page, and
 * any refusal is shown under the name, beside it also in the drawer on a phone.
 */
async function createGroup(event) {
  event.preventDefault();
  const input = $("group-name");
  const error = $("group-name-error");
  const name = input.value.trim();
  error.textContent = "";
  if (!name) {
    error.textContent = "Type a name for the group.";
    input.focus();
    return;
  }
  try {
    const group = await api("POST", "/groups", { name });
    input.value = "";
    await attempt(() => openGroup(group));
  } catch (failure) {
    if (session) error.textContent = failure.message;
    if (!(failure instanceof ApiError)) console.error(failure);
    input.focus();
  }
}

/** The <li> of a message: who, when (null while pending), what. */
function messageItem(user, text, sentAt) {
  const item = document.createElement("li");
  item.className = user === session.user ? "message mine" : "message theirs";
  const meta = document.createElement("div");
  meta.className = "meta";
  const who = document.createElement("span");
  who.className = "user";
  who.textContent = user; // textContent, never innerHTML: names and texts are untrusted
  meta.append(who);
  if (sentAt) {
    const time = document.createElement("time");
    time.dateTime = sentAt;
    time.textContent = new Date(sentAt).toLocaleTimeString([], {
      hour: "2-digit", minute: "2-digit",
    });
    meta.append(time);
  } else {
    const state = document.createElement("span");
    state.className = "state";
    meta.append(state);
  }
  const body = document.createElement("p");
  body.className = "text";
  body.textContent = text;
  item.append(meta, body);
  return item;
}

/** Adds saved messages in id order, once (history and live messages may overlap). */
function showBatch(dtos) {
  for (const dto of dtos) insertMessage(dto);
  decorate();
}

/**
 * Adds a live message. A reader at the bottom is kept there; one who scrolled up stays where he
 * is, and the "new messages" pill counts what came meanwhile.
 */
function showMessage(dto) {
  if (shown.has(dto.id)) return;
  const mine = pending.get(dto.clientId);
  if (mine) { // our own, pushed before the API answered
    confirm(dto);
    return;
  }
  const stay = stuck;
  insertMessage(dto);
  decorate();
  if (stay || dto.user === session.user) {
    scrollToEnd();
  } else {
    unseen++;
    const pill = $("new-messages");
    pill.textContent = `${unseen} new message${unseen === 1 ? "" : "s"} ↓`;
    pill.hidden = false;
  }
}

function insertMessage(dto) {
  if (shown.has(dto.id)) return;
  const item = messageItem(dto.user, dto.text, dto.sentAt);
  item.dataset.id = dto.id;
  const later = [...shown.keys()].filter((id) => id > dto.id).sort((a, b) => a - b)[0];
  const before = later === undefined ? $("messages").querySelector(".pending") : shown.get(later);
  $("messages").insertBefore(item, before);
  shown.set(dto.id, item);
}

const GROUP_WITHIN_MS = 5 * 60 * 1000;

/**
 * A separator before the first message of each day, and a message that follows one of the same
 * sender within five minutes shown as part of it (without the name again).
 */
function decorate() {
  const list = $("messages");
  list.querySelectorAll("li.day").forEach((day) => day.remove());
  let previous = null;
  for (const item of [...list.children]) {
    const time = item.querySelector("time");
    const at = time ? new Date(time.dateTime) : new Date();
    const day = at.toDateString();
    if (!previous || previous.day !== day) {
      const separator = document.createElement("li");
      separator.className = "day";
      separator.textContent = dayLabel(at);
      list.insertBefore(separator, item);
    }
    const user = item.querySelector(".user").textContent;
    item.classList.toggle("continued", previous !== null && previous.day === day
      && previous.user === user && at - previous.at < GROUP_WITHIN_MS);
    previous = { day, user, at };
  }
}

function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return "Today";
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  return date.toLocaleDateString([], { weekday: "long", year: "numeric", month: "long",
    day: "numeric" });
}

let unseen = 0; // live messages that came while the reader was scrolled up

function atBottom() {
  const scroller = $("scroller");
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
}

/**
 * Whether the reader is at the end, as of his last scroll: a reader there is kept there when the
 * messages or the space for them change size (a taller message box, a line above the messages).
 */
let stuck = true;
new ResizeObserver(() => {
  if (stuck) $("scroller").scrollTop = $("scroller").scrollHeight;
}).observe($("scroller"));

function scrollToEnd() {
  const scroller = $("scroller");
  scroller.scrollTop = scroller.scrollHeight;
  stuck = true;
  unseen = 0;
  $("new-messages").hidden = true;
}

const STATUS_TEXT = {
  "signed-out": "Signed out",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  reconnected: "Reconnected",
  disconnected: "Disconnected; retrying…",
};

/** While the connection is down, Send is off and a banner says why; typing goes on. */
const BANNER_TEXT = {
  reconnecting: "Connection lost. Reconnecting… You can keep typing; Send comes back once the"
    + " connection does.",
  disconnected: "The server cannot be reached. Retrying every few seconds… You can keep typing.",
};

function setStatus(state, transport) {
  const banner = $("banner");
  banner.textContent = BANNER_TEXT[state] || "";
  banner.hidden = !BANNER_TEXT[state];
  const status = $("status");
  status.dataset.state = state;
  const live = state === "connected" || state === "reconnected";
  status.textContent = live ? `${STATUS_TEXT[state]} (${transport})` : STATUS_TEXT[state];
  $("transport").textContent = live ? transport : "none";
}

$("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn(false).catch((error) => {
    console.error(error);
    $("signin-error").textContent = plain(500);
  });
});
$("signup-button").addEventListener("click", () => signIn(true).catch((error) => {
  console.error(error);
  $("signin-error").textContent = plain(500);
}));
$("send-form").addEventListener("submit", sendMessage);
$("load-older").addEventListener("click", () => attempt(loadOlder));
$("leave").addEventListener("click", () => attempt(leaveGroup));
$("new-messages").addEventListener("click", () => {
  scrollToEnd();
  $("message").focus();
});
$("scroller").addEventListener("scroll", () => {
  stuck = atBottom();
  if (stuck && !$("new-messages").hidden) scrollToEnd();
});
$("message").addEventListener("input", () => {
  updateComposer();
  sayTyping();
});
$("message").addEventListener("keydown", (event) => {
  // Enter sends, Shift+Enter is a new line; not while an input method composes a character.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    sendMessage();
  }
});
$("create-group-form").addEventListener("submit", createGroup);
$("sign-out").addEventListener("click", () => showSignIn());
$("groups-toggle").addEventListener("click", () => {
  const open = !$("chat").classList.contains("drawer-open");
  setDrawer(open);
  if (open) $("sidebar").querySelector("button, input")?.focus();
});
$("drawer-close").addEventListener("click", () => {
  setDrawer(false);
  $("groups-toggle").focus();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && $("chat").classList.contains("drawer-open")) {
    setDrawer(false);
    $("groups-toggle").focus();
  }
});
// Closing or leaving the page ends the connection; the server drops it from its groups.
window.addEventListener("pagehide", () => { if (hub) hub.stop(); });

if (session) {
  enterChat();
} else {
  showSignIn("", true);
}
