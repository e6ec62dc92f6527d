/**
 * The datagram seam between protocol code and sockets. The real implementation is udp-network.ts;
 * tests wrap it to drop, duplicate and reorder packets.
 */
export interface PeerAddress {
  address: string;
  port: number;
}

export interface DatagramEndpoint {
  readonly address: string;
  readonly port: number;
  /** Sends one datagram. A connected endpoint ignores `to`. */
  send(datagram: Uint8Array, to?: PeerAddress): void;
  /** Datagrams handed to send() that the socket layer has not passed to the kernel yet. */
  pendingSends(): number;
  onMessage(handler: (msg: Uint8Array, from: PeerAddress) => void): void;
  /** Socket-level failures after bind (a connected peer's port is unreachable, …). */
  onError(handler: (err: Error) => void): void;
  close(): Promise<void>;
}

export interface DatagramNetwork {
  /** A socket bound to `address:port` (port 0 picks one), receiving from anyone. */
  bind(address: string, port: number, opts?: { recvBufferBytes?: number }): Promise<DatagramEndpoint>;
  /** A socket on an ephemeral port of `localAddress` that talks only with `peer`. */
  connect(localAddress: string, peer: PeerAddress): Promise<DatagramEndpoint>;
}
