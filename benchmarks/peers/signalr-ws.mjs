// A minimal SignalR server on `ws` and node's `http`, as a user would write one who wants the
// SignalR JSON hub protocol without ASP.NET Core: negotiate (version 1), the WebSockets
// transport only, the JSON hub protocol, and the benchmark hub's methods at /bench:
//   Echo(payload) -> payload; Broadcast(payload) -> Receive(payload) to every client;
//   GroupSend(group, payload) -> Receive(payload) to the group; Join(group); Leave(group).
// What goes to many is serialised once and the same bytes are sent to each recipient.
// Usage: node signalr-ws.mjs <port, 0 for any>; see control.mjs for the suite's commands.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { listenForSuite, portArgument } from './control.mjs';

const HUB = '/bench';
const RS = '\x1e';
/** Pre-encoded Buffers go out as text frames: the JSON protocol is text. */
const TEXT = { binary: false };
const HANDSHAKE_RESPONSE = Buffer.from(`{}${RS}`);
const PING = Buffer.from(`{"type":6}${RS}`);
/** ASP.NET Core's KeepAliveInterval: a ping to every client this often. */
const KEEP_ALIVE_MILLIS = 15_000;
/** How long a negotiated token waits for its WebSocket, as ASP.NET Core's disconnect timeout. */
const NEGOTIATED_TTL_MILLIS = 15_000;
/** ASP.NET Core's default MaximumReceiveMessageSize, for a message that never ends. */
const MAX_MESSAGE_CHARS = 32 * 1024;

/** Connection token -> the timer that forgets it if no WebSocket comes. */
const negotiated = new Map();
/** Every WebSocket past the handshake. */
const clients = new Set();
/** Group name -> the WebSockets in it. */
const groups = new Map();

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false, // Signet does not compress either
  clientTracking: false, // `clients` tracks the connections past their handshake
});
const server = createServer(onRequest);
server.on('upgrade', onUpgrade);

setInterval(() => {
  for (const ws of clients) {
    ws.send(PING, TEXT);
  }
}, KEEP_ALIVE_MILLIS).unref();

listenForSuite(server, portArgument(), () => clients.size);

/** POST /bench/negotiate: a connection token for the WebSocket that follows. */
function onRequest(req, res) {
  req.resume(); // a negotiate has no body worth reading
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname !== `${HUB}/negotiate`) {
    res.writeHead(404).end();
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const connectionId = randomBytes(16).toString('base64url');
  const connectionToken = randomBytes(16).toString('base64url');
  const transports = [{ transport: 'WebSockets', transferFormats: ['Text'] }];
  // Version 0 clients (no negotiateVersion) use the connection id as the token.
  const version1 = Number(url.searchParams.get('negotiateVersion')) >= 1;
  const token = version1 ? connectionToken : connectionId;
  negotiated.set(token, setTimeout(() => negotiated.delete(token), NEGOTIATED_TTL_MILLIS));
  const body = version1
    ? { negotiateVersion: 1, connectionId, connectionToken, availableTransports: transports }
    : { connectionId, availableTransports: transports };
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** GET /bench?id=<token> with Upgrade: the token must come from a negotiate, once. */
function onUpgrade(req, socket, head) {
  socket.on('error', () => socket.destroy());
  const url = new URL(req.url, 'http://127.0.0.1');
  const token = url.searchParams.get('id');
  const timer = token === null ? undefined : negotiated.get(token);
  if (url.pathname !== HUB || timer === undefined) {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  clearTimeout(timer);
  negotiated.delete(token);
  wss.handleUpgrade(req, socket, head, (ws) => new HubConnection(ws));
}

/** `Receive(payload)`, serialised once for all its recipients. */
function receive(payload) {
  return Buffer.from(`{"type":1,"target":"Receive","arguments":[${JSON.stringify(payload)}]}${RS}`);
}

function sendToAll(recipients, frame) {
  for (const ws of recipients) {
    ws.send(frame, TEXT);
  }
}

/** One client: the handshake, then hub messages until it closes. */
class HubConnection {
  constructor(ws) {
    this.ws = ws;
    this.handshaken = false;
    /** The start of a message whose record separator has not arrived yet. */
    this.partial = '';
    /** The groups it is in, to leave them when it closes. */
    this.groups = new Set();
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.onClose());
    ws.on('error', () => {}); // 'close' follows, which cleans up
  }

  onMessage(data, isBinary) {
    if (this.ws.readyState !== this.ws.OPEN) {
      return; // closing after an error: the rest is not read
    }
    if (isBinary) {
      this.closeWithError('Binary messages are not part of the JSON protocol.');
      return;
    }
    const text = this.partial === '' ? data.toString() : this.partial + data.toString();
    let start = 0;
    for (let end = text.indexOf(RS); end >= 0; end = text.indexOf(RS, start)) {
      const record = text.slice(start, end);
      start = end + 1;
      if (!this.onRecord(record)) {
        return;
      }
    }
    this.partial = start === text.length ? '' : text.slice(start);
    if (this.partial.length > MAX_MESSAGE_CHARS) {
      this.closeWithError('The message exceeds the maximum message size.');
    }
  }

  /** One message without its separator; returns whether to read on. */
  onRecord(record) {
    let message;
    try {
      message = JSON.parse(record);
    } catch {
      return this.closeWithError('The message is not valid JSON.');
    }
    if (!this.handshaken) {
      return this.onHandshake(message);
    }
    switch (message?.type) {
      case 1:
        return this.onInvocation(message);
      case 6:
        return true; // ping: it kept the connection alive, nothing to answer
      case 7:
        this.ws.close();
        return false;
      default:
        return this.closeWithError(`Unexpected message type: ${message?.type}.`);
    }
  }

  onHandshake(message) {
    if (message?.protocol !== 'json' || message.version !== 1) {
      const error = `The server does not support the protocol ${JSON.stringify(message)}.`;
      this.ws.send(`${JSON.stringify({ error })}${RS}`);
      this.ws.close();
      return false;
    }
    this.handshaken = true;
    clients.add(this.ws);
    this.ws.send(HANDSHAKE_RESPONSE, TEXT);
    return true;
  }

  onInvocation({ invocationId, target, arguments: args }) {
    const wanted = { Echo: 1, Broadcast: 1, GroupSend: 2, Join: 1, Leave: 1 }[target];
    if (wanted === undefined) {
      this.fail(invocationId, `Unknown hub method '${target}'`);
      return true;
    }
    if (!Array.isArray(args) || args.length !== wanted) {
      this.fail(invocationId,
        `Invocation provides ${args?.length} argument(s) but target expects ${wanted}.`);
      return true;
    }
    switch (target) {
      case 'Echo':
        this.complete(invocationId, JSON.stringify(args[0]));
        return true;
      case 'Broadcast':
        sendToAll(clients, receive(args[0]));
        break;
      case 'GroupSend': {
        const members = groups.get(String(args[0]));
        if (members !== undefined) {
          sendToAll(members, receive(args[1]));
        }
        break;
      }
      case 'Join':
        this.join(String(args[0]));
        break;
      case 'Leave':
        this.leave(String(args[0]));
        break;
    }
    this.complete(invocationId, 'null');
    return true;
  }

  join(group) {
    let members = groups.get(group);
    if (members === undefined) {
      members = new Set();
      groups.set(group, members);
    }
    members.add(this.ws);
    this.groups.add(group);
  }

  leave(group) {
    const members = groups.get(group);
    if (members !== undefined && members.delete(this.ws) && members.size === 0) {
      groups.delete(group);
    }
    this.groups.delete(group);
  }

  /** The completion of a blocking call; a non-blocking one (no id) gets none. */
  complete(invocationId, resultJson) {
    if (invocationId !== undefined) {
      this.ws.send(
        `{"type":3,"invocationId":${JSON.stringify(invocationId)},"result":${resultJson}}${RS}`);
    }
  }

  fail(invocationId, error) {
    if (invocationId !== undefined) {
      this.ws.send(`${JSON.stringify({ type: 3, invocationId, error })}${RS}`);
    }
  }

  /** A Close message with the error, then the close handshake; returns false. */
  closeWithError(error) {
    this.ws.send(`${JSON.stringify({ type: 7, error, allowReconnect: false })}${RS}`);
    this.ws.close();
    return false;
  }

  onClose() {
    clients.delete(this.ws);
    for (const group of this.groups) {
      this.leave(group);
    }
  }
}
