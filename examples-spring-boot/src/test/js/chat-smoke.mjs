// The official SignalR JavaScript client against the simple chat on Spring Boot, once.
//
//   node chat-smoke.mjs <baseUrl>      (run from examples/web, whose node_modules it uses)
//
// Exits 0 when a message posted by one page reaches the other, 1 with the failure otherwise.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(pathToFileURL(`${process.cwd()}/package.json`));
const signalR = require("@microsoft/signalr");

const [baseUrl] = process.argv.slice(2);
const timeout = setTimeout(() => {
  console.error("the chat did not answer within 30 s");
  process.exit(1);
}, 30_000);

function page() {
  return new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/chatHub`)
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

const sender = page();
const reader = page();
try {
  const received = new Promise((resolve) =>
    reader.on("ReceiveMessage", (user, message) => resolve([user, message])));
  await Promise.all([sender.start(), reader.start()]);
  await sender.invoke("PostMessage", "m-1", "ada", "hello from Spring Boot");
  assert.deepEqual(await received, ["ada", "hello from Spring Boot"]);
  await assert.rejects(sender.invoke("PostMessage", "m-2", "ada", ""), /The message is empty/);
  await Promise.all([sender.stop(), reader.stop()]);
  clearTimeout(timeout);
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
