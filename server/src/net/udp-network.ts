/** DatagramNetwork over node:dgram (IPv4). The only module of the TFTP path that touches sockets. */
import dgram from 'node:dgram';
import type { DatagramEndpoint, DatagramNetwork, PeerAddress } from './datagram.js';

class UdpEndpoint implements DatagramEndpoint {
  private errorHandler: (err: Error) => void = () => {};
  private closing: Promise<void> | null = null;

  constructor(
    private readonly socket: dgram.Socket,
    private readonly connected: boolean,
  ) {
    socket.on('error', (err) => this.errorHandler(err));
  }

  get address(): string {
    return this.socket.address().address;
  }
  get port(): number {
    return this.socket.address().port;
  }

  send(datagram: Uint8Array, to?: PeerAddress): void {
    if (this.closing) return;
    if (this.connected) this.socket.send(datagram);
    else if (to) this.socket.send(datagram, to.port, to.address);
  }

  pendingSends(): number {
    return this.closing ? 0 : this.socket.getSendQueueCount();
  }

  onMessage(handler: (msg: Uint8Array, from: PeerAddress) => void): void {
    this.socket.on('message', (msg, rinfo) => handler(msg, rinfo));
  }

  onError(handler: (err: Error) => void): void {
    this.errorHandler = handler;
  }

  /** Idempotent: every caller waits for the same, real close. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => this.socket.close(() => resolve()));
    return this.closing;
  }
}

function bindSocket(socket: dgram.Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    socket.once('error', onError);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

export const udpNetwork: DatagramNetwork = {
  async bind(address, port, opts) {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: opts?.recvBufferBytes });
    try {
      await bindSocket(socket, port, address);
    } catch (err) {
      socket.close();
      throw err;
    }
    return new UdpEndpoint(socket, false);
  },

  async connect(localAddress, peer) {
    const socket = dgram.createSocket({ type: 'udp4' });
    try {
      await bindSocket(socket, 0, localAddress);
      // A connected socket: the kernel filters out datagrams from any other address or port, and
      // sends skip the per-packet address lookup of an unconnected dgram socket.
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        socket.once('error', onError);
        socket.connect(peer.port, peer.address, () => {
          socket.off('error', onError);
          resolve();
        });
      });
    } catch (err) {
      socket.close();
      throw err;
    }
    return new UdpEndpoint(socket, true);
  },
};
