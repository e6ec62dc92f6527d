/**
 * The sending side of one TFTP read transfer, as a state machine with injected I/O and clock.
 *
 * - Lockstep (RFC 1350) is windowed mode with a window of one (RFC 7440).
 * - Only an ACK that moves the acknowledged position forward triggers a send; a duplicate ACK
 *   never does, which is the fix for the Sorcerer's Apprentice bug (RFC 1123 §4.2.3.1).
 * - An ACK short of the window's end means the client saw a gap: the window restarts right after it
 *   (RFC 7440 §4). A timeout restarts it from the last acknowledged block, with backoff.
 * - Block numbers are 16 bits on the wire and roll over 65535 -> 0; internally blocks are counted
 *   from 1 without limit, and an ACK is mapped to the nearest block at or after the last ACK.
 */
import type { Clock } from '../clock.js';
import type { PacketSource } from '../files/packet-source.js';
import { BLOCK_NUMBER_MODULO, Opcode, TftpErrorCode } from './iana.js';
import type { NegotiatedRead } from './options.js';
import { decodePacket, encodePacket, type TftpPacket } from './packet.js';

export interface RetransmitPolicy {
  /** First retransmit timeout when the client did not ask for one. */
  initialMs: number;
  /** Backoff doubles the timeout up to this. */
  maxMs: number;
  /** Timeouts in a row without progress before the transfer is given up. */
  maxTries: number;
}

export const DEFAULT_RETRANSMIT: RetransmitPolicy = { initialMs: 1000, maxMs: 8000, maxTries: 6 };

export type TransferOutcome =
  | 'complete'
  | 'size-probe' // the client stopped after the OACK with error 8: it only wanted tsize (edk2)
  | 'client-error'
  | 'timeout'
  | 'read-error'
  | 'aborted';

export interface TransferResult {
  outcome: TransferOutcome;
  detail: string;
  bytesSent: number;
  packetsSent: number;
  retransmits: number;
  durationMs: number;
}

export interface TransferPeer {
  /** Sends one datagram to the client. */
  send(datagram: Uint8Array): void;
}

export interface ReadTransferConfig {
  source: PacketSource;
  negotiated: NegotiatedRead;
  peer: TransferPeer;
  clock: Clock;
  retransmit?: RetransmitPolicy;
  /** Called once, when the transfer ends for any reason. */
  onEnd: (result: TransferResult) => void;
  /** Packets that are not part of the conversation (garbage, stray opcodes): for the debug log. */
  onIgnored?: (reason: string) => void;
}

type Phase = 'oack' | 'data' | 'ended';

export class ReadTransfer {
  private phase: Phase = 'data';
  private readonly blockSize: number;
  private readonly windowSize: number;
  private readonly totalBlocks: number;
  private acked = 0;
  private windowEnd = 0;
  /** Bumped at every (re)start of a window, so a send that waited on disk knows it is stale. */
  private generation = 0;
  private timeoutMs: number;
  private tries = 0;
  private deadline = 0;
  private timer: unknown = null;
  private timerAt = 0;
  private readonly startedAt: number;
  private bytesSent = 0;
  private packetsSent = 0;
  private retransmits = 0;
  private highestSent = 0;
  private readonly policy: RetransmitPolicy;

  constructor(private readonly cfg: ReadTransferConfig) {
    this.policy = cfg.retransmit ?? DEFAULT_RETRANSMIT;
    this.blockSize = cfg.negotiated.blockSize;
    this.windowSize = cfg.negotiated.windowSize;
    // The last block is always short, possibly empty: a file of exactly k blocks ends with a 0-byte block.
    this.totalBlocks = Math.floor(cfg.source.size / this.blockSize) + 1;
    this.timeoutMs = cfg.negotiated.timeoutMs ?? this.policy.initialMs;
    this.startedAt = cfg.clock.now();
  }

  start(): void {
    if (this.cfg.negotiated.oack.length > 0) {
      this.phase = 'oack';
      this.sendOack();
    } else {
      this.phase = 'data';
      this.sendWindow(1);
    }
  }

  /** A datagram from the client's address and port. */
  receive(bytes: Uint8Array): void {
    if (this.phase === 'ended') return;
    // Hot path: an ACK is exactly 4 bytes; skip the general decoder for it.
    if (bytes.length === 4 && bytes[0] === 0 && bytes[1] === Opcode.ACK) {
      this.onAck((bytes[2]! << 8) | bytes[3]!);
      return;
    }
    let packet: TftpPacket;
    try {
      packet = decodePacket(bytes);
    } catch (err) {
      this.cfg.onIgnored?.(`undecodable packet: ${(err as Error).message}`);
      return;
    }
    if (packet.op === 'ERROR') {
      if (this.phase === 'oack' && packet.code === TftpErrorCode.OPTION_REFUSED) {
        this.end('size-probe', `client ended after the OACK (error 8: ${packet.message})`);
      } else {
        this.end('client-error', `client sent error ${packet.code}: ${packet.message}`);
      }
      return;
    }
    this.cfg.onIgnored?.(`unexpected ${packet.op} during a read transfer`);
  }

  /** Ends the transfer and tells the client why (server shutdown, limits). */
  abort(message: string, code: number = TftpErrorCode.NOT_DEFINED): void {
    if (this.phase === 'ended') return;
    this.sendError(code, message);
    this.end('aborted', message);
  }

  private onAck(wireBlock: number): void {
    if (this.phase === 'oack') {
      if (wireBlock !== 0) {
        this.cfg.onIgnored?.(`ACK ${wireBlock} before the OACK was acknowledged`);
        return;
      }
      this.phase = 'data';
      this.progress();
      this.sendWindow(1);
      return;
    }
    const distance = (wireBlock - (this.acked % BLOCK_NUMBER_MODULO) + BLOCK_NUMBER_MODULO) % BLOCK_NUMBER_MODULO;
    // distance 0: a duplicate of the last ACK. Acting on it would double every later send.
    if (distance === 0) return;
    const block = this.acked + distance;
    if (block > this.highestSent) {
      this.cfg.onIgnored?.(`ACK for block ${block} that was never sent`);
      return;
    }
    this.acked = block;
    this.progress();
    if (block === this.totalBlocks) {
      this.end('complete', 'transfer complete');
      return;
    }
    // Window fully acknowledged, or a gap reported: either way the next window starts after it.
    this.sendWindow(block + 1);
  }

  private progress(): void {
    this.tries = 0;
    this.timeoutMs = this.cfg.negotiated.timeoutMs ?? this.policy.initialMs;
  }

  private sendOack(): void {
    this.send(encodePacket({ op: 'OACK', options: this.cfg.negotiated.oack }), 0);
    this.armTimer();
  }

  private sendWindow(from: number): void {
    const gen = ++this.generation;
    this.windowEnd = Math.min(this.acked + this.windowSize, this.totalBlocks);
    this.sendFrom(from, gen);
  }

  private sendFrom(from: number, gen: number): void {
    for (let n = from; n <= this.windowEnd; n++) {
      let data: Uint8Array | Promise<void>;
      try {
        data = this.cfg.source.packet(n);
      } catch (err) {
        this.sendError(TftpErrorCode.NOT_DEFINED, 'read error on the server');
        this.end('read-error', `read error: ${(err as Error).message}`);
        return;
      }
      if (!(data instanceof Uint8Array)) {
        // Wait for the disk, then carry on unless a timeout or an ACK restarted the window meanwhile.
        data.then(() => {
          if (this.phase === 'data' && gen === this.generation) this.sendFrom(n, gen);
        });
        this.armTimer();
        return;
      }
      this.send(data, data.length - 4, n <= this.highestSent);
      if (n > this.highestSent) this.highestSent = n;
    }
    this.armTimer();
  }

  private send(datagram: Uint8Array, payload: number, isRetransmit = false): void {
    this.packetsSent++;
    if (isRetransmit) this.retransmits++;
    else this.bytesSent += payload;
    this.cfg.peer.send(datagram);
  }

  private sendError(code: number, message: string): void {
    this.cfg.peer.send(encodePacket({ op: 'ERROR', code, message }));
  }

  /**
   * One lazy timer: progress only moves the deadline (no timer churn per packet); the timer re-arms
   * itself until the deadline is reached. Only a deadline earlier than the timer (backoff reset) re-arms.
   */
  private armTimer(): void {
    const now = this.cfg.clock.now();
    this.deadline = now + this.timeoutMs;
    if (this.timer !== null && this.timerAt <= this.deadline) return;
    if (this.timer !== null) this.cfg.clock.clearTimeout(this.timer);
    this.scheduleTimer(now);
  }

  private scheduleTimer(now: number): void {
    this.timerAt = this.deadline;
    this.timer = this.cfg.clock.setTimeout(() => this.onTimer(), this.deadline - now);
  }

  private onTimer(): void {
    this.timer = null;
    if (this.phase === 'ended') return;
    const now = this.cfg.clock.now();
    if (now < this.deadline) {
      this.scheduleTimer(now);
      return;
    }
    this.tries++;
    if (this.tries > this.policy.maxTries) {
      this.sendError(TftpErrorCode.NOT_DEFINED, 'timed out waiting for an acknowledgement');
      this.end('timeout', `no acknowledgement after ${this.policy.maxTries} retransmissions`);
      return;
    }
    if (this.cfg.negotiated.timeoutMs === null) this.timeoutMs = Math.min(this.timeoutMs * 2, this.policy.maxMs);
    if (this.phase === 'oack') {
      this.retransmits++;
      this.sendOack();
    } else {
      this.sendWindow(this.acked + 1);
    }
  }

  private end(outcome: TransferOutcome, detail: string): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    if (this.timer !== null) {
      this.cfg.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    this.cfg.onEnd({
      outcome,
      detail,
      bytesSent: this.bytesSent,
      packetsSent: this.packetsSent,
      retransmits: this.retransmits,
      durationMs: this.cfg.clock.now() - this.startedAt,
    });
  }
}
