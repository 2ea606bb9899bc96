// The chat page of the SignalR introduction, on the official @microsoft/signalr browser client.
// ?transport=WebSockets|ServerSentEvents|LongPolling forces one transport.
//
// The message box is cleared as a message leaves it: the message shows at once as "sending…",
// then as sent when the hub has taken it, or as "failed — retry". Each message carries an id of
// its own (PostMessage), so that a retry of one that did arrive is not shown twice.
"use strict";

const MAX_LENGTH = 500;
const COUNT_FROM = 400;
/** Retries at once, then after 1, 1, 2, 2 s, then every 5 s for as long as the page is open. */
const RECONNECT_DELAYS_MS = [0, 1000, 1000, 2000, 2000];
const RECONNECT_EVERY_MS = 5000;

const $ = (id) => document.getElementById(id);
const statusLabel = $("status");
const messages = $("messages");
const input = $("message");
let state = "connecting";

/** While the connection is down, Send is off and a banner says why; typing goes on. */
const BANNER_TEXT = {
  reconnecting: "Connection lost. Reconnecting… You can keep typing; Send comes back once the"
    + " connection does.",
  disconnected: "The server cannot be reached. Retrying every few seconds… You can keep typing.",
};

function setStatus(newState, text) {
  state = newState;
  statusLabel.dataset.state = newState;
  statusLabel.textContent = text;
  const banner = $("banner");
  banner.textContent = BANNER_TEXT[newState] || "";
  banner.hidden = !BANNER_TEXT[newState];
  updateComposer();
}

function transportOption() {
  const name = new URLSearchParams(location.search).get("transport");
  return name && signalR.HttpTransportType[name] !== undefined
    ? { transport: signalR.HttpTransportType[name] }
    : {};
}

/** The wait before a reconnect attempt: never null, so the client never gives up. */
function reconnectDelay(previousRetryCount) {
  return RECONNECT_DELAYS_MS[previousRetryCount] ?? RECONNECT_EVERY_MS;
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl("/chatHub", transportOption())
  .withAutomaticReconnect({
    nextRetryDelayInMilliseconds: (context) => reconnectDelay(context.previousRetryCount),
  })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

/** <li><strong>user</strong>text</li>, and while ours is not yet sent, its state after it. */
function messageItem(user, message) {
  const item = document.createElement("li");
  const who = document.createElement("strong");
  who.textContent = user;              // textContent, never innerHTML: messages are untrusted
  item.append(who, document.createTextNode(message));
  return item;
}

connection.on("ReceiveMessage", (user, message) => {
  const stay = stuck;
  // Before our own messages still on their way: the hub has sent this one first.
  messages.insertBefore(messageItem(user, message), messages.querySelector("li.pending"));
  if (stay) {
    scrollToEnd();
  } else {
    unseen++;
    const pill = $("new-messages");
    pill.textContent = `${unseen} new message${unseen === 1 ? "" : "s"} ↓`;
    pill.hidden = false;
  }
});

// ---- scrolling: a reader at the end is kept there; one who scrolled up stays where he is, and
// a "new messages" pill counts what came meanwhile.

const scroller = $("scroller");
let unseen = 0;
/** Whether the reader is at the end, as of his last scroll. */
let stuck = true;

function atBottom() {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
}

function scrollToEnd() {
  scroller.scrollTop = scroller.scrollHeight;
  stuck = true;
  unseen = 0;
  $("new-messages").hidden = true;
}

scroller.addEventListener("scroll", () => {
  stuck = atBottom();
  if (stuck && !$("new-messages").hidden) scrollToEnd();
});
// The space for messages changes as the message box grows or the banner comes and goes.
new ResizeObserver(() => {
  if (stuck) scroller.scrollTop = scroller.scrollHeight;
}).observe(scroller);
$("new-messages").addEventListener("click", () => {
  scrollToEnd();
  input.focus();
});

// ---- sending

function newMessageId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function updateComposer() {
  const length = input.value.trim().length;
  const over = length - MAX_LENGTH;
  const count = $("message-count");
  count.textContent = over > 0 ? `${length} / ${MAX_LENGTH} — ${over} too many`
    : length >= COUNT_FROM ? `${length} / ${MAX_LENGTH}` : "";
  count.classList.toggle("over", over > 0);
  $("send").disabled = state !== "connected" || length === 0 || over > 0;
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight + 2, 160)}px`;
}

function send() {
  const user = $("user").value.trim();
  const text = input.value.trim();
  if (text.length === 0 || text.length > MAX_LENGTH || state !== "connected") return;
  if (!user) {
    $("send-error").textContent = "Type your name first.";
    $("user").focus();
    return;
  }
  $("send-error").textContent = "";
  input.value = "";
  updateComposer();
  const message = { id: newMessageId(), user, text, item: messageItem(user, text) };
  message.item.classList.add("pending");
  messages.append(message.item);
  scrollToEnd(); // the writer sees what he sent
  post(message);
  // Send, if clicked, has just turned itself off: the writer goes on in the box.
  input.focus();
}

async function post(message) {
  const item = message.item;
  const status = document.createElement("span");
  status.className = "state";
  status.textContent = " — sending…";
  item.dataset.state = "sending";
  item.querySelector(".state")?.remove();
  item.append(status);
  try {
    await connection.invoke("PostMessage", message.id, message.user, message.text);
    item.classList.remove("pending");
    delete item.dataset.state;
    status.remove();
  } catch (error) {
    console.warn("Sending failed", error);
    item.dataset.state = "failed";
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "retry";
    retry.textContent = "Retry";
    retry.addEventListener("click", () => {
      if (state !== "connected") return;
      // The Retry button is about to go: the writer goes on in the box.
      input.focus();
      post(message);
    });
    status.replaceChildren(" — failed ", retry);
  }
}

$("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  send();
});
input.addEventListener("input", updateComposer);
input.addEventListener("keydown", (event) => {
  // Enter sends, Shift+Enter is a new line; not while an input method composes a character.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});

// ---- the connection

// The client does not say which transport it chose, and its browser bundle minifies class and
// field names away; the transport's own objects tell them apart.
function describeTransport() {
  const transport = connection.connection && connection.connection.transport;
  if (!transport) return "?";
  const values = Object.values(transport);
  if (values.some((value) => value instanceof WebSocket)) return "WebSockets";
  if (typeof EventSource !== "undefined" && values.some((value) => value instanceof EventSource)) {
    return "ServerSentEvents";
  }
  return "LongPolling";
}

connection.onreconnecting(() => setStatus("reconnecting", "Reconnecting…"));
connection.onreconnected(() => setStatus("connected", "Connected (" + describeTransport() + ")"));
// Only when the client's own reconnecting gave up: start over, and keep trying.
connection.onclose(() => {
  setStatus("disconnected", "Disconnected; retrying…");
  setTimeout(start, RECONNECT_EVERY_MS);
});

async function start() {
  try {
    await connection.start();
    setStatus("connected", "Connected (" + describeTransport() + ")");
  } catch (err) {
    console.warn("Could not connect; retrying", err);
    setStatus("disconnected", "Could not connect; retrying…");
    setTimeout(start, RECONNECT_EVERY_MS);
  }
}

updateComposer();
start();
