/**
 * Pure first look at a packet arriving on the TFTP listening port: serve it, refuse it with a TFTP
 * error, or drop it silently (only requests open a conversation; RFC 1350 §4).
 */
import { TftpErrorCode } from './iana.js';
import type { TftpOption, TftpPacket } from './packet.js';

export type TransferMode = 'octet' | 'netascii';

export type RequestDecision =
  | { kind: 'read'; filename: string; mode: TransferMode; options: TftpOption[] }
  | { kind: 'refuse'; code: number; message: string }
  | { kind: 'drop'; reason: string };

/** Write requests are always refused: a boot server's files change through its admin API, never TFTP. */
export function decideRequest(packet: TftpPacket): RequestDecision {
  if (packet.op === 'WRQ') {
    return { kind: 'refuse', code: TftpErrorCode.ACCESS_VIOLATION, message: 'write requests are not accepted' };
  }
  if (packet.op !== 'RRQ') return { kind: 'drop', reason: `${packet.op} on the listening port` };
  const mode = packet.mode.toLowerCase();
  if (mode !== 'octet' && mode !== 'netascii') {
    return {
      kind: 'refuse',
      code: TftpErrorCode.ILLEGAL_OPERATION,
      message: mode === 'mail' ? 'mail mode is not supported' : `unknown transfer mode "${packet.mode.slice(0, 32)}"`,
    };
  }
  return { kind: 'read', filename: packet.filename, mode, options: packet.options };
}
