// ChatHubService of the walkthrough, in plain JavaScript on the official @microsoft/signalr client:
// one connection to /hubs/groupchat with the sign-in token and automatic reconnects. The server
// has each connection follow the hub groups of all the user's groups; the page joins the one on
// show again on opening it and after every reconnect, to be sure of it.
"use strict";

/** Retries at once, then after 1, 1, 2, 2 s, then every 5 s for as long as the page is open. */
const RECONNECT_DELAYS_MS = [0, 1000, 1000, 2000, 2000];
const RECONNECT_EVERY_MS = 5000;

class ChatHubService {
  /**
   * @param {() => string} accessToken the current token (the client asks before every request)
   * @param {{onMessage: (dto: object) => void, onGroupCreated: () => void,
   *   onPresenceChanged: (groupId: number) => void,
   *   onTyping: (groupId: number, user: string) => void,
   *   onState: (state: string, transport: string) => void,
   *   onReconnected: () => Promise<void>, onUnauthorized: () => void}} listener
   */
  constructor(accessToken, listener) {
    this.listener = listener;
    this.groupId = null;
    this.stopped = false;
    this.retryTimer = null;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/groupchat", { accessTokenFactory: accessToken, ...transportOption() })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) =>
          RECONNECT_DELAYS_MS[context.previousRetryCount] ?? RECONNECT_EVERY_MS,
      })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on("ReceiveMessage", (dto) => listener.onMessage(dto));
    this.connection.on("GroupCreated", () => listener.onGroupCreated());
    this.connection.on("PresenceChanged", (groupId) => listener.onPresenceChanged(groupId));
    this.connection.on("UserTyping", (groupId, user) => listener.onTyping(groupId, user));
    this.connection.onreconnecting(() => listener.onState("reconnecting", "none"));
    // "reconnected" only once the group is joined again and the history caught up: from then on
    // every new message arrives live.
    this.connection.onreconnected(async () => {
      await this.rejoin();
      await listener.onReconnected();
      // The connection may have dropped again meanwhile (a server that is shutting down still
      // takes it for a moment); onreconnecting has said so, and must not be overwritten.
      if (this.isConnected()) listener.onState("reconnected", this.transportName());
    });
    // Only when reconnecting gave up or the server refused: start over, unless we stopped.
    this.connection.onclose(() => {
      if (!this.stopped) {
        listener.onState("disconnected", "none");
        this.scheduleStart();
      }
    });
  }

  /** Connects (retrying until it works) and joins the current group, if any. */
  async start() {
    this.listener.onState("connecting", "none");
    try {
      await this.connection.start();
    } catch (error) {
      if (this.stopped) return;
      // The client hides the status code of a failed negotiate inside the message.
      if (/\b401\b/.test(String(error))) {
        this.listener.onUnauthorized();
        return;
      }
      console.warn("Could not connect to the hub; retrying", error);
      this.listener.onState("disconnected", "none");
      this.scheduleStart();
      return;
    }
    await this.rejoin();
    if (this.isConnected()) this.listener.onState("connected", this.transportName());
  }

  /**
   * Makes sure the connection follows the group on show (the server has it follow every group
   * of the user from the start; this covers one joined a moment ago). The others stay followed:
   * their messages count as unread.
   */
  async joinGroup(groupId) {
    this.groupId = String(groupId);
    if (!this.isConnected()) return; // start() or the reconnect joins it
    await this.connection.invoke("JoinGroup", this.groupId);
  }

  /** The members of the group who are online, on any server, sorted by name. */
  getOnline(groupId) {
    return this.connection.invoke("GetOnline", String(groupId));
  }

  /** Tells the group's other pages that the user is typing; a failure does not matter. */
  typing(groupId) {
    if (!this.isConnected()) return;
    this.connection.invoke("Typing", String(groupId)).catch((error) =>
      console.warn("Could not say we are typing", error));
  }

  /** Stops following a group the user has left (the server has done so already). */
  forgetGroup(groupId) {
    if (this.groupId === String(groupId)) this.groupId = null;
  }

  /** Disconnects for good; the server removes the connection from its groups. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.connection.stop();
  }

  isConnected() {
    return this.connection.state === signalR.HubConnectionState.Connected;
  }

  async rejoin() {
    if (this.groupId === null) return;
    try {
      await this.connection.invoke("JoinGroup", this.groupId);
    } catch (error) {
      console.warn(`Could not join group ${this.groupId}`, error);
    }
  }

  scheduleStart() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.start(), RECONNECT_EVERY_MS);
  }

  // The client does not say which transport it chose, and its browser bundle minifies class and
  // field names away; the transport's own objects tell them apart.
  transportName() {
    const transport = this.connection.connection && this.connection.connection.transport;
    if (!transport) return "none";
    const values = Object.values(transport);
    if (values.some((value) => value instanceof WebSocket)) return "WebSockets";
    if (typeof EventSource !== "undefined"
        && values.some((value) => value instanceof EventSource)) {
      return "ServerSentEvents";
    }
    return "LongPolling";
  }
}

/** ?transport=WebSockets|ServerSentEvents|LongPolling forces one transport. */
function transportOption() {
  const name = new URLSearchParams(location.search).get("transport");
  return name && signalR.HttpTransportType[name] !== undefined
    ? { transport: signalR.HttpTransportType[name] }
    : {};
}
