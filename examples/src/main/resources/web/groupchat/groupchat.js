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

function showSignIn(message) {
  if (hub) hub.stop();
  hub = null;
  session = null;
  currentGroup = null;
  sessionStorage.removeItem(SESSION_KEY);
  $("chat").hidden = true;
  $("me").hidden = true;
  $("sign-out").hidden = true;
  $("signin").hidden = false;
  $("signin-error").textContent = message || "";
  setStatus("signed-out", "none");
  $("signin-name").focus();
}

async function signIn(event) {
  event.preventDefault();
  $("signin-error").textContent = "";
  const response = await fetch("/api/signin", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: $("signin-name").value, password: $("signin-password").value }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    $("signin-error").textContent = body.error || `Sign-in failed (${response.status})`;
    return;
  }
  session = { token: body.token, user: body.user, expiresAt: body.expiresAt };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  $("signin-password").value = "";
  await enterChat();
}

// ---- REST API

class ApiError extends Error {}

async function api(method, path, body) {
  if (!session) throw new ApiError("Sign in first.");
  const response = await fetch(`/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${session.token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) {
    showSignIn(data.error || "Sign in again.");
    throw new ApiError("signed out");
  }
  if (!response.ok) throw new ApiError(data.error || `${method} ${path}: ${response.status}`);
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
  hub = new ChatHubService(() => session.token, {
    onMessage: (dto) => { if (currentGroup && dto.groupId === currentGroup.id) showMessage(dto); },
    // Someone, on any server, created a group. Quietly: an error on show stays, and a failed
    // refresh only means the list catches up with the next one.
    onGroupCreated: () => loadGroups().catch((error) => {
      if (!(error instanceof ApiError)) console.error(error);
    }),
    onState: setStatus,
    // Catches up on what was created and sent meanwhile.
    onReconnected: () => attempt(async () => { await loadGroups(); await loadHistory(); }),
    onUnauthorized: () => showSignIn("Your sign-in has expired; sign in again."),
  });
  const started = hub.start();
  await attempt(async () => {
    await loadGroups();
    const wanted = Number(new URLSearchParams(location.hash.slice(1)).get("group"));
    const group = groups.find((g) => g.id === wanted);
    if (group) await openGroup(group);
  });
  await started;
}

async function loadGroups() {
  groups = await api("GET", "/groups");
  const list = $("groups");
  list.replaceChildren(...groups.map((group) => {
    const item = document.createElement("li");
    item.dataset.groupId = group.id;
    if (currentGroup && currentGroup.id === group.id) item.setAttribute("aria-current", "true");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = group.name;
    if (!group.member) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "join";
      button.append(badge);
    }
    button.addEventListener("click", () => attempt(() => openGroup(group)));
    item.append(button);
    return item;
  }));
}

/** Joins the group if needed, follows its hub group instead of the previous one, shows history. */
async function openGroup(group) {
  if (!group.member) await api("POST", `/groups/${group.id}/members`);
  currentGroup = { ...group, member: true };
  delete $("messages").dataset.group;
  $("messages").replaceChildren();
  shown.clear();
  $("group-title").textContent = group.name;
  history.replaceState(null, "", `${location.search}#group=${group.id}`);
  await loadGroups();
  await hub.joinGroup(group.id);
  await loadHistory();
  $("message").disabled = false;
  $("send").disabled = false;
  // Tests wait for this: joined and history shown, so every later message arrives live.
  $("messages").dataset.group = group.id;
}

async function loadHistory() {
  if (!currentGroup) return;
  const groupId = currentGroup.id;
  const messages = await api("GET", `/groups/${groupId}/messages`);
  if (currentGroup && currentGroup.id === groupId) messages.forEach(showMessage);
}

async function sendMessage(event) {
  event.preventDefault();
  const input = $("message");
  await attempt(async () => {
    const dto = await api("POST", `/groups/${currentGroup.id}/messages`, { text: input.value });
    input.value = "";
    showMessage(dto); // the push brings it too; shown once, whichever comes first
  });
}

async function createGroup(event) {
  event.preventDefault();
  await attempt(async () => {
    const group = await api("POST", "/groups", { name: $("group-name").value });
    $("group-name").value = "";
    await openGroup(group);
  });
}

/** Adds a message in id order, once: history and live messages may overlap. */
function showMessage(dto) {
  if (shown.has(dto.id)) return;
  const item = document.createElement("li");
  item.className = dto.user === session.user ? "message mine" : "message theirs";
  item.dataset.id = dto.id;
  const meta = document.createElement("div");
  meta.className = "meta";
  const user = document.createElement("span");
  user.className = "user";
  user.textContent = dto.user; // textContent, never innerHTML: names and texts are untrusted
  const time = document.createElement("time");
  time.dateTime = dto.sentAt;
  time.textContent = new Date(dto.sentAt).toLocaleTimeString([], {
    hour: "2-digit", minute: "2-digit",
  });
  meta.append(user, time);
  const text = document.createElement("p");
  text.className = "text";
  text.textContent = dto.text;
  item.append(meta, text);
  const later = [...shown.keys()].filter((id) => id > dto.id).sort((a, b) => a - b)[0];
  $("messages").insertBefore(item, later === undefined ? null : shown.get(later));
  shown.set(dto.id, item);
  item.scrollIntoView({ block: "nearest" });
}

const STATUS_TEXT = {
  "signed-out": "Signed out",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  reconnected: "Reconnected",
  disconnected: "Disconnected; retrying…",
};

function setStatus(state, transport) {
  const status = $("status");
  status.dataset.state = state;
  const live = state === "connected" || state === "reconnected";
  status.textContent = live ? `${STATUS_TEXT[state]} (${transport})` : STATUS_TEXT[state];
  $("transport").textContent = live ? transport : "none";
}

$("signin-form").addEventListener("submit", (event) => signIn(event).catch((error) => {
  $("signin-error").textContent = `Sign-in failed: ${error.message}`;
}));
$("send-form").addEventListener("submit", sendMessage);
$("create-group-form").addEventListener("submit", createGroup);
$("sign-out").addEventListener("click", () => showSignIn());
// Closing or leaving the page ends the connection; the server drops it from its groups.
window.addEventListener("pagehide", () => { if (hub) hub.stop(); });

if (session) {
  enterChat();
} else {
  showSignIn();
}
