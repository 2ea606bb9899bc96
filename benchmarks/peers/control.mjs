// The contract every benchmark server keeps with the suite (ServerProcess), shared by the peers:
// listen on 127.0.0.1 and the port given as the first argument (0: any free one), print
// `READY <port>` once listening, then answer commands on standard input, one a line:
//   conns -> CONNS <clients past their handshake>
//   heap  -> HEAP <bytes of heap in use, after a full collection when node runs with --expose-gc>
//   quit  -> exit 0
// and exit when standard input closes, so that a suite that dies leaves no server behind.

import { createInterface } from 'node:readline';

/** The port to listen on, from the command line. */
export function portArgument() {
  const port = Number(process.argv[2] ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: node ${process.argv[1]} <port, 0 for any>`);
    process.exit(2);
  }
  return port;
}

/**
 * Listens with `server` (a node:http server) on 127.0.0.1:`port`, then announces the port and
 * serves the suite's commands; `connections()` counts the clients past their handshake.
 */
export function listenForSuite(server, port, connections) {
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`READY ${server.address().port}\n`);
    const commands = createInterface({ input: process.stdin });
    commands.on('line', (line) => {
      switch (line.trim()) {
        case 'conns':
          process.stdout.write(`CONNS ${connections()}\n`);
          break;
        case 'heap':
          // Like the Java servers' figure: what is live, not what the collector has yet to free.
          globalThis.gc?.();
          process.stdout.write(`HEAP ${process.memoryUsage().heapUsed}\n`);
          break;
        case 'quit':
          process.exit(0);
          break;
        default:
          process.stdout.write(`ERROR unknown command: ${line}\n`);
      }
    });
    commands.on('close', () => process.exit(0));
  });
}
