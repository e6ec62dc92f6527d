/** What is known of one transfer when it ends: for the log, the event stream and later the console. */
import { EventEmitter } from 'node:events';
import type { TransferOutcome } from './read-transfer.js';

export interface TransferStats {
  id: number;
  client: string;
  file: string;
  mode: string;
  /** Negotiated values (only those the client asked for). */
  options: Record<string, number>;
  size: number;
  bytesSent: number;
  packetsSent: number;
  retransmits: number;
  durationMs: number;
  outcome: TransferOutcome | 'refused';
  detail: string;
}

export interface TftpEventMap {
  'transfer-start': [{ id: number; client: string; file: string }];
  'transfer-end': [TransferStats];
}

/** The in-process stream of transfer events. */
export class TftpEvents extends EventEmitter<TftpEventMap> {}
