/**
 * Pure TFTP codec: bytes in, packet out, and back. No sockets, no clocks.
 * RFC 1350 §5 (packet formats), RFC 2347 §2 (options appended to RRQ/WRQ, OACK).
 */
import { ThinbootError } from '../errors.js';
import { Opcode } from './iana.js';

export interface TftpOption {
  /** As the peer spelled it; RFC 2347 says names are case-insensitive, negotiation lowercases. */
  name: string;
  value: string;
}

export type TftpPacket =
  | { op: 'RRQ' | 'WRQ'; filename: string; mode: string; options: TftpOption[] }
  | { op: 'DATA'; block: number; data: Uint8Array }
  | { op: 'ACK'; block: number }
  | { op: 'ERROR'; code: number; message: string }
  | { op: 'OACK'; options: TftpOption[] };

/** Largest datagram we decode: a DATA packet at the maximum blksize (65464 + 4). */
export const MAX_PACKET_BYTES = 65468;

export class TftpDecodeError extends ThinbootError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'TftpDecodeError';
  }
}

// ignoreBOM keeps a leading U+FEFF in the text: stripping it would serve "\uFEFFa" as "a".
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** Reads NUL-terminated strings starting at `offset`. */
function readStrings(bytes: Uint8Array, offset: number): string[] {
  const out: string[] = [];
  let start = offset;
  for (let i = offset; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      out.push(decodeText(bytes.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start !== bytes.length) {
    throw new TftpDecodeError('TFTP_UNTERMINATED_STRING', 'a string field is not terminated by a NUL byte');
  }
  return out;
}

function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new TftpDecodeError('TFTP_BAD_TEXT', 'a string field is not valid UTF-8');
  }
}

function readOptions(fields: string[]): TftpOption[] {
  // RFC 2347: options come as name/value pairs. Some clients pad a trailing empty string; tolerate one.
  if (fields.length % 2 === 1 && fields[fields.length - 1] === '') fields = fields.slice(0, -1);
  if (fields.length % 2 !== 0) {
    throw new TftpDecodeError('TFTP_ODD_OPTIONS', `option "${fields[fields.length - 1]}" has no value`);
  }
  const options: TftpOption[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!;
    if (name === '') throw new TftpDecodeError('TFTP_EMPTY_OPTION', 'an option name is empty');
    options.push({ name, value: fields[i + 1]! });
  }
  return options;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

export function decodePacket(bytes: Uint8Array): TftpPacket {
  if (bytes.length < 4) {
    throw new TftpDecodeError('TFTP_TRUNCATED', `packet of ${bytes.length} bytes is shorter than any TFTP packet (4)`);
  }
  if (bytes.length > MAX_PACKET_BYTES) {
    throw new TftpDecodeError('TFTP_TOO_LONG', `packet of ${bytes.length} bytes exceeds ${MAX_PACKET_BYTES}`);
  }
  const op = u16(bytes, 0);
  switch (op) {
    case Opcode.RRQ:
    case Opcode.WRQ: {
      const fields = readStrings(bytes, 2);
      if (fields.length < 2) throw new TftpDecodeError('TFTP_TRUNCATED', 'request lacks a filename or a mode');
      const [filename, mode, ...rest] = fields as [string, string, ...string[]];
      if (filename === '') throw new TftpDecodeError('TFTP_EMPTY_FILENAME', 'request has an empty filename');
      return { op: op === Opcode.RRQ ? 'RRQ' : 'WRQ', filename, mode, options: readOptions(rest) };
    }
    case Opcode.DATA:
      return { op: 'DATA', block: u16(bytes, 2), data: bytes.subarray(4) };
    case Opcode.ACK:
      if (bytes.length !== 4) throw new TftpDecodeError('TFTP_BAD_LENGTH', `ACK must be 4 bytes, got ${bytes.length}`);
      return { op: 'ACK', block: u16(bytes, 2) };
    case Opcode.ERROR: {
      // Some clients omit the message's NUL terminator; accept a missing one rather than drop the error.
      const tail = bytes.subarray(4);
      const end = tail.indexOf(0);
      const message = decodeText(end === -1 ? tail : tail.subarray(0, end));
      return { op: 'ERROR', code: u16(bytes, 2), message };
    }
    case Opcode.OACK:
      return { op: 'OACK', options: readOptions(readStrings(bytes, 2)) };
    default:
      throw new TftpDecodeError('TFTP_BAD_OPCODE', `unknown opcode ${op}`);
  }
}

function strings(parts: string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    const b = utf8Encoder.encode(p);
    if (b.includes(0)) throw new TftpDecodeError('TFTP_NUL_IN_STRING', 'a string field contains a NUL byte');
    out.push(b, new Uint8Array(1));
  }
  return out;
}

function concat(head: Uint8Array, parts: Uint8Array[]): Uint8Array {
  let len = head.length;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  out.set(head, 0);
  let at = head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function header(op: number, second?: number): Uint8Array {
  const h = new Uint8Array(second === undefined ? 2 : 4);
  h[0] = op >> 8;
  h[1] = op & 0xff;
  if (second !== undefined) {
    h[2] = (second >> 8) & 0xff;
    h[3] = second & 0xff;
  }
  return h;
}

/** The 4-byte DATA header alone, so a block can be sent as [header, slice] without copying the slice. */
export function encodeDataHeader(block: number): Uint8Array {
  return header(Opcode.DATA, block & 0xffff);
}

export function encodePacket(p: TftpPacket): Uint8Array {
  switch (p.op) {
    case 'RRQ':
    case 'WRQ':
      return concat(header(p.op === 'RRQ' ? Opcode.RRQ : Opcode.WRQ), strings([p.filename, p.mode, ...flatten(p.options)]));
    case 'DATA':
      return concat(encodeDataHeader(p.block), [p.data]);
    case 'ACK':
      return header(Opcode.ACK, p.block & 0xffff);
    case 'ERROR':
      return concat(header(Opcode.ERROR, p.code), strings([p.message]));
    case 'OACK':
      return concat(header(Opcode.OACK), strings(flatten(p.options)));
  }
}

function flatten(options: TftpOption[]): string[] {
  return options.flatMap((o) => [o.name, o.value]);
}
