/**
 * Free ports on 127.0.0.1, found by binding port 0 and closing again. Ports handed out once are
 * never handed out again in this run, so two servers cannot be given the same one.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** Ephemeral ports start here on Linux by default; anything below stays clear of well-known ones. */
const MIN_PORT = 1024;
const MAX_TRIES = 50;

function udpPortOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, LOOPBACK, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function tcpPortOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class PortPicker {
  private readonly given = new Set<number>();

  udp(): Promise<number> {
    return this.pick(udpPortOnce);
  }

  tcp(): Promise<number> {
    return this.pick(tcpPortOnce);
  }

  private async pick(once: () => Promise<number>): Promise<number> {
    for (let i = 0; i < MAX_TRIES; i++) {
      const port = await once();
      if (port >= MIN_PORT && !this.given.has(port)) {
        this.given.add(port);
        return port;
      }
    }
    throw new Error(`no free port on ${LOOPBACK} after ${MAX_TRIES} tries`);
  }
}
