// The benchmark hub as a Socket.IO 4 server, as its documentation would have a user write it:
// the default namespace, WebSocket transport only (no long-polling first), no compression, the
// default ping settings (a ping every 25 s). Events, with the SignalR hub method each stands for:
//   echo(payload, ack)         -> ack(payload)                         Echo
//   broadcast(payload)         -> 'receive'(payload) to every client   Broadcast
//   groupSend(group, payload)  -> 'receive'(payload) to the room       GroupSend
//   join(group, ack), leave(group, ack) -> the room changes, then ack() Join, Leave
// Usage: node socketio.mjs <port, 0 for any>; see control.mjs for the suite's commands.

import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { listenForSuite, portArgument } from './control.mjs';

const server = createServer();
const io = new Server(server, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
});

io.on('connection', (socket) => {
  socket.on('echo', (payload, ack) => {
    if (typeof ack === 'function') {
      ack(payload);
    }
  });
  // io.emit, like SignalR's Clients.All, includes the sender.
  socket.on('broadcast', (payload) => io.emit('receive', payload));
  socket.on('groupSend', (group, payload) => io.to(group).emit('receive', payload));
  socket.on('join', (group, ack) => {
    socket.join(group);
    if (typeof ack === 'function') {
      ack();
    }
  });
  socket.on('leave', (group, ack) => {
    socket.leave(group);
    if (typeof ack === 'function') {
      ack();
    }
  });
});

// Sockets of the default namespace: clients past Socket.IO's connect, as CONNS counts them.
listenForSuite(server, portArgument(), () => io.of('/').sockets.size);
