/**
 * The TFTP service: a listening socket that turns read requests into transfers, each on its own
 * ephemeral port (RFC 1350 §4: the server's transfer identifier is a new port).
 * transport (DatagramNetwork) -> decision (pure) -> file (ServedRoot, BlockCache) -> ReadTransfer.
 * No input ends the service: bad packets are logged with the reason and dropped.
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import { ThinbootError } from '../errors.js';
import { PacketCache } from '../files/packet-cache.js';
import { CachedPacketSource, MemoryPacketSource, type PacketSource } from '../files/packet-source.js';
import { RequestPathError } from '../files/request-path.js';
import { ServedFileError, type OpenedFile, type ServedRoot } from '../files/served-root.js';
import type { DatagramEndpoint, DatagramNetwork, PeerAddress } from '../net/datagram.js';
import { TftpErrorCode } from './iana.js';
import { toNetascii } from './netascii.js';
import { negotiateRead, type NegotiatedRead, type NegotiationLimits } from './options.js';
import { decodePacket, encodePacket, type TftpOption, type TftpPacket } from './packet.js';
import { DEFAULT_RETRANSMIT, ReadTransfer, type RetransmitPolicy, type TransferResult } from './read-transfer.js';
import { decideRequest, type TransferMode } from './request-decision.js';
import { TftpEvents, type TransferStats } from './transfer-stats.js';

export const TFTP_DEFAULTS = {
  port: 69,
  maxTransfers: 1000,
  maxTransfersPerClient: 32,
  maxBlockSize: 65464,
  maxWindowSize: 64,
  /** netascii files are converted in memory; larger ones are refused (boot files are octet). */
  maxNetasciiBytes: 16 * 1024 * 1024,
  recvBufferBytes: 4 * 1024 * 1024,
} as const;

export interface TftpServerOptions {
  address: string;
  port: number;
  root: ServedRoot;
  network: DatagramNetwork;
  logger: Logger;
  clock?: Clock;
  cache?: PacketCache;
  events?: TftpEvents;
  maxTransfers?: number;
  maxTransfersPerClient?: number;
  maxBlockSize?: number;
  maxWindowSize?: number;
  retransmit?: RetransmitPolicy;
}

interface ActiveTransfer {
  id: number;
  clientKey: string;
  clientAddress: string;
  transfer: ReadTransfer | null;
  endpoint: DatagramEndpoint | null;
}

export class TftpServer {
  readonly events: TftpEvents;
  private readonly cache: PacketCache;
  private readonly clock: Clock;
  private readonly limits: { maxTransfers: number; maxPerClient: number } & NegotiationLimits;
  private readonly active = new Map<string, ActiveTransfer>();
  private readonly perClient = new Map<string, number>();
  private listener: DatagramEndpoint | null = null;
  private nextId = 1;
  private stopping = false;

  constructor(private readonly opts: TftpServerOptions) {
    this.events = opts.events ?? new TftpEvents();
    this.cache = opts.cache ?? new PacketCache();
    this.clock = opts.clock ?? systemClock;
    this.limits = {
      maxTransfers: opts.maxTransfers ?? TFTP_DEFAULTS.maxTransfers,
      maxPerClient: opts.maxTransfersPerClient ?? TFTP_DEFAULTS.maxTransfersPerClient,
      maxBlockSize: opts.maxBlockSize ?? TFTP_DEFAULTS.maxBlockSize,
      maxWindowSize: opts.maxWindowSize ?? TFTP_DEFAULTS.maxWindowSize,
      // A client may slow retransmits down to the server's own longest backoff step, no further.
      maxTimeoutS: Math.floor((opts.retransmit ?? DEFAULT_RETRANSMIT).maxMs / 1000),
    };
  }

  get port(): number {
    if (!this.listener) throw new ThinbootError('TFTP_NOT_LISTENING', 'the TFTP server is not listening');
    return this.listener.port;
  }

  get activeTransfers(): number {
    return this.active.size;
  }

  async listen(): Promise<void> {
    this.listener = await this.opts.network.bind(this.opts.address, this.opts.port, {
      recvBufferBytes: TFTP_DEFAULTS.recvBufferBytes,
    });
    this.listener.onMessage((msg, from) => this.onRequest(msg, from));
    this.listener.onError((err) => this.opts.logger.warn({ err: err.message }, 'TFTP listening socket error'));
  }

  /** Stops listening; every transfer in flight gets a TFTP error, not silence. */
  async close(): Promise<void> {
    this.stopping = true;
    const closing: Promise<void>[] = [];
    for (const a of this.active.values()) {
      a.transfer?.abort('the server is shutting down');
      if (a.endpoint) closing.push(a.endpoint.close());
    }
    this.active.clear();
    if (this.listener) closing.push(this.listener.close());
    await Promise.all(closing);
  }

  private onRequest(msg: Uint8Array, from: PeerAddress): void {
    if (this.stopping) return;
    let packet: TftpPacket;
    try {
      packet = decodePacket(msg);
    } catch (err) {
      this.opts.logger.debug({ client: fmt(from), reason: (err as Error).message }, 'dropped a bad TFTP packet');
      return;
    }
    const decision = decideRequest(packet);
    if (decision.kind === 'drop') {
      this.opts.logger.debug({ client: fmt(from), reason: decision.reason }, 'dropped a TFTP packet');
      return;
    }
    if (decision.kind === 'refuse') {
      this.refuse(from, decision.code, decision.message, packet.op === 'RRQ' || packet.op === 'WRQ' ? packet.filename : '');
      return;
    }
    const key = fmt(from);
    // A client that repeats its request before our first reply reached it: the transfer already
    // running will retransmit; a second transfer would make it see two server ports.
    if (this.active.has(key)) {
      this.opts.logger.debug({ client: key, file: decision.filename }, 'repeated request ignored');
      return;
    }
    if (this.active.size >= this.limits.maxTransfers) {
      this.refuse(from, TftpErrorCode.NOT_DEFINED, 'server busy: too many transfers, try again', decision.filename);
      return;
    }
    if ((this.perClient.get(from.address) ?? 0) >= this.limits.maxPerClient) {
      this.refuse(from, TftpErrorCode.NOT_DEFINED, 'too many transfers from this client', decision.filename);
      return;
    }
    const entry: ActiveTransfer = { id: this.nextId++, clientKey: key, clientAddress: from.address, transfer: null, endpoint: null };
    this.active.set(key, entry);
    this.perClient.set(from.address, (this.perClient.get(from.address) ?? 0) + 1);
    this.startRead(entry, from, decision.filename, decision.mode, decision.options).catch((err: unknown) => {
      this.opts.logger.error({ client: key, err: (err as Error).message }, 'TFTP transfer failed to start');
      this.release(entry);
    });
  }

  private async startRead(
    entry: ActiveTransfer,
    from: PeerAddress,
    filename: string,
    mode: TransferMode,
    options: TftpOption[],
  ): Promise<void> {
    let payload: { file: OpenedFile | null; bytes: Uint8Array | null; size: number };
    try {
      payload = await this.openPayload(filename, mode);
    } catch (err) {
      this.release(entry);
      const { code, message } = refusalFor(err);
      this.refuse(from, code, message, filename, (err as Error).message);
      return;
    }
    const negotiated = negotiateRead(options, mode === 'octet' ? payload.size : null, this.limits);
    let endpoint: DatagramEndpoint;
    try {
      endpoint = await this.opts.network.connect(this.opts.address, from);
    } catch (err) {
      await payload.file?.handle.close();
      this.release(entry);
      this.refuse(from, TftpErrorCode.NOT_DEFINED, 'server could not open a transfer port', filename, (err as Error).message);
      return;
    }
    const ep = endpoint;
    const source: PacketSource = payload.file
      ? new CachedPacketSource(payload.file, this.cache, negotiated.blockSize, () => ep.pendingSends() > 0)
      : new MemoryPacketSource(payload.bytes!, negotiated.blockSize);
    if (this.stopping) {
      endpoint.send(encodePacket({ op: 'ERROR', code: TftpErrorCode.NOT_DEFINED, message: 'the server is shutting down' }));
      await Promise.all([endpoint.close(), source.close()]);
      return;
    }
    entry.endpoint = endpoint;
    this.opts.logger.debug({ client: entry.clientKey, file: filename, ignored: negotiated.ignored }, 'TFTP read');
    this.events.emit('transfer-start', { id: entry.id, client: entry.clientKey, file: filename });
    const transfer = new ReadTransfer({
      source,
      negotiated,
      peer: endpoint,
      clock: this.clock,
      retransmit: this.opts.retransmit,
      onEnd: (result) => {
        this.release(entry);
        void Promise.all([endpoint.close(), source.close()]);
        this.report(entry, filename, mode, negotiated, source.size, result);
      },
      onIgnored: (reason) => this.opts.logger.debug({ client: entry.clientKey, reason }, 'ignored a packet in a transfer'),
    });
    entry.transfer = transfer;
    endpoint.onMessage((msg) => transfer.receive(msg));
    // On a connected socket the kernel reports an ICMP port-unreachable as ECONNREFUSED: the client is gone.
    endpoint.onError((err) => transfer.abort(`socket error: ${err.message}`));
    transfer.start();
  }

  /** octet: the open file, read through the packet cache; netascii: the converted bytes in memory. */
  private async openPayload(
    filename: string,
    mode: TransferMode,
  ): Promise<{ file: OpenedFile | null; bytes: Uint8Array | null; size: number }> {
    const file = await this.opts.root.openFile(filename);
    if (mode === 'octet') return { file, bytes: null, size: file.size };
    try {
      if (file.size > TFTP_DEFAULTS.maxNetasciiBytes) {
        throw new ThinbootError('TFTP_NETASCII_TOO_LARGE', 'file too large for netascii mode, ask in octet mode');
      }
      const bytes = toNetascii(await file.handle.readFile());
      return { file: null, bytes, size: bytes.length };
    } finally {
      await file.handle.close();
    }
  }

  private release(entry: ActiveTransfer): void {
    if (this.active.get(entry.clientKey) === entry) this.active.delete(entry.clientKey);
    const n = (this.perClient.get(entry.clientAddress) ?? 1) - 1;
    if (n <= 0) this.perClient.delete(entry.clientAddress);
    else this.perClient.set(entry.clientAddress, n);
  }

  private refuse(to: PeerAddress, code: number, message: string, file: string, why?: string): void {
    this.listener?.send(encodePacket({ op: 'ERROR', code, message }), to);
    const stats: TransferStats = {
      id: this.nextId++,
      client: fmt(to),
      file,
      mode: '',
      options: {},
      size: 0,
      bytesSent: 0,
      packetsSent: 0,
      retransmits: 0,
      durationMs: 0,
      outcome: 'refused',
      detail: why ?? message,
    };
    this.opts.logger.info(stats, `TFTP refused: ${message}`);
    this.events.emit('transfer-end', stats);
  }

  private report(
    entry: ActiveTransfer,
    file: string,
    mode: TransferMode,
    negotiated: NegotiatedRead,
    size: number,
    result: TransferResult,
  ): void {
    const options: Record<string, number> = {};
    for (const o of negotiated.oack) options[o.name.toLowerCase()] = Number(o.value);
    const stats: TransferStats = { id: entry.id, client: entry.clientKey, file, mode, options, size, ...result };
    // The UEFI size probe (error 8 after the OACK) is normal: debug, not a warning.
    const level = result.outcome === 'complete' ? 'info' : result.outcome === 'size-probe' ? 'debug' : 'warn';
    this.opts.logger[level](stats, `TFTP ${result.outcome}: ${file}`);
    this.events.emit('transfer-end', stats);
  }
}

function fmt(p: PeerAddress): string {
  return `${p.address}:${p.port}`;
}

function refusalFor(err: unknown): { code: number; message: string } {
  if (err instanceof RequestPathError) return { code: TftpErrorCode.ACCESS_VIOLATION, message: 'access violation' };
  if (err instanceof ServedFileError) {
    return err.code === 'FILE_NOT_FOUND'
      ? { code: TftpErrorCode.FILE_NOT_FOUND, message: 'file not found' }
      : { code: TftpErrorCode.ACCESS_VIOLATION, message: 'access violation' };
  }
  if (err instanceof ThinbootError) return { code: TftpErrorCode.NOT_DEFINED, message: err.message };
  return { code: TftpErrorCode.NOT_DEFINED, message: 'server error' };
}
