// Cross-site protection seen from the official SignalR JavaScript client, shaped as a browser's
// requests: every request carries the page's Origin, and the access token comes from
// accessTokenFactory (the client sends it as a header, or in the query for SSE).
//
//   node cross-origin.mjs <baseUrl> <transport>
//
// <baseUrl> is a server whose SecureHub (/secure) lists http://app.example as an allowed origin
// and knows the token "token-alice" (CrossOriginInteropTest). Exits 0 when every check passes.

import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";

const [baseUrl, transportName] = process.argv.slice(2);
const LISTED = "http://app.example";
const FOREIGN = "http://evil.example";

/** A connection (not started) from a page at `origin`. */
function fromPage(origin, skipNegotiation = false) {
  return new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/secure`, {
      transport: signalR.HttpTransportType[transportName],
      skipNegotiation,
      accessTokenFactory: () => "token-alice",
      headers: { Origin: origin },
    })
    .configureLogging(signalR.LogLevel.None)
    .build();
}

async function listedPageConnects(skipNegotiation) {
  const connection = fromPage(LISTED, skipNegotiation);
  await connection.start();
  try {
    assert.deepEqual(await connection.invoke("WhoAmI"), { name: "alice", userIdentifier: "alice" });
  } finally {
    await connection.stop();
  }
}

async function foreignPageIsRefused(skipNegotiation) {
  const connection = fromPage(FOREIGN, skipNegotiation);
  await assert.rejects(connection.start(), (error) => {
    if (!skipNegotiation) {
      assert.match(error.message, /Status code '403'/);
    }
    return true;
  });
  assert.equal(connection.state, signalR.HubConnectionState.Disconnected);
}

async function main() {
  await listedPageConnects(false);
  await foreignPageIsRefused(false);
  if (transportName === "WebSockets") {
    // Without negotiate only the upgrade itself can refuse the page.
    await listedPageConnects(true);
    await foreignPageIsRefused(true);
  }
  // The preflight a browser sends before negotiate, answered for the listed origin only.
  const preflight = (origin) => fetch(`${baseUrl}/secure/negotiate?negotiateVersion=1`, {
    method: "OPTIONS",
    headers: { Origin: origin, "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,x-requested-with,x-signalr-user-agent" },
  });
  const listed = await preflight(LISTED);
  assert.equal(listed.headers.get("access-control-allow-origin"), LISTED);
  assert.equal(listed.headers.get("access-control-allow-credentials"), "true");
  const foreign = await preflight(FOREIGN);
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);
}

try {
  await main();
  console.log(`PASS cross-origin over ${transportName}`);
  process.exit(0);
} catch (error) {
  console.error(`FAIL cross-origin over ${transportName}:`, error);
  process.exit(1);
}
