/** A minimal scripted TFTP peer for server tests: send what the test says, collect what comes back. */
import dgram from 'node:dgram';
import { decodePacket, encodePacket, type TftpOption, type TftpPacket } from '../../src/tftp/packet.js';

export interface Received {
  packet: TftpPacket;
  port: number;
}

export class RawPeer {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];
  private constructor(private readonly sock: dgram.Socket) {
    sock.on('message', (m, rinfo) => {
      this.received.push({ packet: decodePacket(m), port: rinfo.port });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(): Promise<RawPeer> {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    return new RawPeer(sock);
  }

  send(port: number, packet: TftpPacket | Uint8Array): void {
    this.sock.send(packet instanceof Uint8Array ? packet : encodePacket(packet), port, '127.0.0.1');
  }

  rrq(port: number, filename: string, options: TftpOption[] = [], mode = 'octet'): void {
    this.send(port, { op: 'RRQ', filename, mode, options });
  }

  /** Waits until `count` packets have arrived in total (or throws after `ms`). */
  async waitFor(count: number, ms = 3000): Promise<Received[]> {
    const end = Date.now() + ms;
    while (this.received.length < count) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`expected ${count} packets, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** Lockstep download to the end: ACKs every DATA (after an OACK, ACK 0 first). */
  async download(port: number, filename: string, options: TftpOption[] = [], mode = 'octet'): Promise<{ data: Buffer; first: TftpPacket }> {
    const start = this.received.length;
    this.rrq(port, filename, options, mode);
    const chunks: Buffer[] = [];
    let blockSize = 512;
    for (const o of options) if (o.name.toLowerCase() === 'blksize') blockSize = Number(o.value);
    for (let i = start; ; i++) {
      const { packet, port: tid } = (await this.waitFor(i + 1))[i]!;
      if (packet.op === 'ERROR') return { data: Buffer.concat(chunks), first: this.received[start]!.packet };
      if (packet.op === 'OACK') {
        for (const o of packet.options) if (o.name.toLowerCase() === 'blksize') blockSize = Number(o.value);
        this.send(tid, { op: 'ACK', block: 0 });
        continue;
      }
      if (packet.op !== 'DATA') throw new Error(`unexpected ${packet.op}`);
      chunks.push(Buffer.from(packet.data));
      this.send(tid, { op: 'ACK', block: packet.block });
      if (packet.data.length < blockSize) return { data: Buffer.concat(chunks), first: this.received[start]!.packet };
    }
  }

  close(): void {
    this.sock.close();
  }
}
