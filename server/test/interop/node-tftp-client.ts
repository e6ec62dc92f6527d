/**
 * A small TFTP read client for tests: RRQ with options, OACK, lockstep or windowed DATA (RFC 1350,
 * RFC 2347, RFC 7440), retransmission of its last packet on silence, and dallying after the last
 * ACK (RFC 1350 §6: the final ACK may be lost; answering a repeated last DATA lets the server finish).
 *
 * It follows the server's transfer port (the first reply comes from a new port, RFC 1350 §4) and
 * ignores datagrams from any other port. `beforeAck` lets a fuzz test send extra datagrams from the
 * client's own socket (the only source the server's connected transfer socket accepts).
 */
import dgram from 'node:dgram';
import { decodePacket, encodePacket, type TftpPacket } from '../../src/tftp/packet.js';

export interface NodeGetOptions {
  port: number;
  file: string;
  host?: string;
  mode?: string;
  /** Options for the RRQ, in order (name, value). */
  options?: [string, string][];
  /** Silence before the last packet is sent again. */
  retryMs?: number;
  /** Retransmissions in a row without progress before giving up. */
  maxRetries?: number;
  /** After the final ACK, stay this long to re-ACK a repeated last DATA block. */
  dallyMs?: number;
  /** Hard limit for the whole download. */
  timeoutMs?: number;
  /** SO_RCVBUF of the client socket (default 4 MiB; the kernel caps it at net.core.rmem_max). */
  recvBufferBytes?: number;
  /** Raw request bytes to send instead of encoding an RRQ (hand-made requests). */
  rawRequest?: Uint8Array;
  /** Called with the client's own port once its socket is bound. */
  onBound?: (port: number) => void;
  /** Called before each ACK of a DATA block, with a way to send datagrams to the transfer port. */
  beforeAck?: (sendToTransfer: (bytes: Uint8Array) => void, block: number) => void;
}

export interface NodeGetResult {
  data: Buffer;
  /** The server's transfer port (its TID). */
  serverPort: number;
  /** Options of the server's OACK, or null when it started with DATA. */
  oack: Record<string, string> | null;
  /** Times the client sent its last packet again after silence. */
  retransmits: number;
}

/** The server answered with a TFTP ERROR packet. */
export class TftpServerError extends Error {
  constructor(
    readonly tftpCode: number,
    message: string,
  ) {
    super(`server error ${tftpCode}: ${message}`);
    this.name = 'TftpServerError';
  }
}

const ack = (block: number): Uint8Array => encodePacket({ op: 'ACK', block: block & 0xffff });

export function nodeTftpGet(o: NodeGetOptions): Promise<NodeGetResult> {
  const host = o.host ?? '127.0.0.1';
  const retryMs = o.retryMs ?? 200;
  const maxRetries = o.maxRetries ?? 10;
  // Room for a whole window of large blocks: the kernel drops what overflows the receive buffer.
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: o.recvBufferBytes ?? 4 * 1024 * 1024 });
  const request =
    o.rawRequest ??
    encodePacket({
      op: 'RRQ',
      filename: o.file,
      mode: o.mode ?? 'octet',
      options: (o.options ?? []).map(([name, value]) => ({ name, value })),
    });

  return new Promise<NodeGetResult>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let serverPort: number | null = null;
    let oack: Record<string, string> | null = null;
    let blockSize = 512;
    let windowSize = 1;
    /** Absolute number of the next block wanted (counted from 1, never wraps). */
    let expected = 1;
    let inWindow = 0;
    let gapReportedFor = 0;
    let last: { bytes: Uint8Array; port: number } = { bytes: request, port: o.port };
    let lastRx = performance.now();
    let retries = 0;
    let retransmits = 0;
    let finished = false;
    let settled = false;

    const send = (bytes: Uint8Array, port: number, sent?: () => void): void => {
      last = { bytes, port };
      socket.send(bytes, port, host, sent);
    };
    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      clearInterval(ticker);
      clearTimeout(hardLimit);
      socket.close();
      if (err) reject(err);
      else resolve({ data: Buffer.concat(chunks), serverPort: serverPort!, oack, retransmits });
    };

    const onPacket = (p: TftpPacket, port: number): void => {
      if (p.op === 'ERROR') {
        if (!finished) settle(new TftpServerError(p.code, p.message));
        return;
      }
      if (p.op === 'OACK') {
        if (oack === null) {
          lastRx = performance.now();
          retries = 0;
          oack = Object.fromEntries(p.options.map((x) => [x.name.toLowerCase(), x.value]));
          if (oack['blksize']) blockSize = Number(oack['blksize']);
          if (oack['windowsize']) windowSize = Number(oack['windowsize']);
        }
        if (expected === 1) send(ack(0), port); // first OACK, or a repeat because our ACK 0 was lost
        return;
      }
      if (p.op !== 'DATA') return;
      const distance = (p.block - (expected & 0xffff) + 0x10000) & 0xffff;
      if (distance === 0 && !finished) {
        lastRx = performance.now();
        retries = 0;
        chunks.push(Buffer.from(p.data));
        o.beforeAck?.((bytes) => socket.send(bytes, port, host), expected);
        if (p.data.length < blockSize) {
          finished = true;
          // Close only once the final ACK left (closing at once would drop it), and after dallying.
          send(ack(expected), port, () => setTimeout(() => settle(null), o.dallyMs ?? 0));
          return;
        }
        expected++;
        if (++inWindow >= windowSize) {
          inWindow = 0;
          send(ack(expected - 1), port);
        }
      } else if (distance === 0 || distance > 0x8000) {
        // A block we already have. In lockstep, or after the end, it means our ACK was lost: repeat it.
        if (windowSize === 1 || finished) socket.send(last.bytes, last.port, host);
      } else if (gapReportedFor !== expected) {
        // A block from beyond a gap: tell the server the last block we have in order (RFC 7440 §4).
        gapReportedFor = expected;
        inWindow = 0;
        send(ack(expected - 1), port);
      }
    };

    socket.on('message', (msg, rinfo) => {
      if (rinfo.address !== host) return;
      if (serverPort === null) {
        if (rinfo.port === o.port) {
          // Only an ERROR may come from the listening port (a refused request).
          try {
            const p = decodePacket(msg);
            if (p.op === 'ERROR') settle(new TftpServerError(p.code, p.message));
          } catch {
            /* not TFTP: ignore */
          }
          return;
        }
        serverPort = rinfo.port;
      } else if (rinfo.port !== serverPort) {
        return; // RFC 1350 §4: not our transfer's TID
      }
      let p: TftpPacket;
      try {
        p = decodePacket(msg);
      } catch {
        return;
      }
      onPacket(p, rinfo.port);
    });
    socket.on('error', (err) => settle(err));

    const ticker = setInterval(() => {
      if (finished || performance.now() - lastRx < retryMs) return;
      if (++retries > maxRetries) {
        settle(new Error(`no progress after ${maxRetries} retransmissions (at block ${expected})`));
        return;
      }
      retransmits++;
      lastRx = performance.now();
      // RFC 7440 §4: on a timeout the receiver acknowledges the last block it has in order (mid-window,
      // that is not the last ACK it sent). Before any reply, the request goes again.
      if (serverPort === null) socket.send(request, o.port, host);
      else send(ack(expected - 1), serverPort);
    }, Math.max(5, Math.floor(retryMs / 4)));
    const hardLimit = setTimeout(
      () => settle(new Error(`download of ${o.file} not done after ${o.timeoutMs ?? 30_000} ms (at block ${expected})`)),
      o.timeoutMs ?? 30_000,
    );

    socket.bind(0, '127.0.0.1', () => {
      o.onBound?.(socket.address().port);
      lastRx = performance.now();
      socket.send(request, o.port, host);
    });
  });
}
