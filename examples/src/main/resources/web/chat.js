// The chat page of the SignalR introduction, on the official @microsoft/signalr browser client.
// ?transport=WebSockets|ServerSentEvents|LongPolling forces one transport.
"use strict";

const statusLabel = document.getElementById("status");
const sendButton = document.getElementById("send");
const messages = document.getElementById("messages");

function setStatus(state, text) {
  statusLabel.dataset.state = state;
  statusLabel.textContent = text;
  sendButton.disabled = state !== "connected";
}

function transportOption() {
  const name = new URLSearchParams(location.search).get("transport");
  return name && signalR.HttpTransportType[name] !== undefined
    ? { transport: signalR.HttpTransportType[name] }
    : {};
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl("/chatHub", transportOption())
  .withAutomaticReconnect()
  .configureLogging(signalR.LogLevel.Warning)
  .build();

connection.on("ReceiveMessage", (user, message) => {
  const item = document.createElement("li");
  const who = document.createElement("strong");
  who.textContent = user;              // textContent, never innerHTML: messages are untrusted
  item.append(who, document.createTextNode(message));
  messages.append(item);
});

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
connection.onclose(() => setStatus("disconnected", "Disconnected"));

document.getElementById("send-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const user = document.getElementById("user").value;
  const input = document.getElementById("message");
  try {
    await connection.invoke("SendMessage", user, input.value);
    input.value = "";
  } catch (err) {
    console.error(err);
  }
});

async function start() {
  try {
    await connection.start();
    setStatus("connected", "Connected (" + describeTransport() + ")");
  } catch (err) {
    console.error(err);
    setStatus("disconnected", "Could not connect; retrying…");
    setTimeout(start, 5000);
  }
}

start();
