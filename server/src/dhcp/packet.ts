/**
 * Pure DHCP codec: bytes in, message out, and back. No sockets, no clocks.
 *
 * RFC 2131 §2 (the BOOTP header: op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr,
 * giaddr, chaddr 16, sname 64, file 128), RFC 2131 §3 (the magic cookie), RFC 2132 §3.1-3.2 (pad and
 * end), RFC 2132 §9.3 (option overload into `file`/`sname`), RFC 3396 (an option that appears more
 * than once is one option, its parts concatenated in order).
 *
 * Options stay raw (`Map<code, bytes>`) so that options thinboot does not know round-trip untouched;
 * `options/*.ts` read and write the ones it does.
 */
import { DhcpDecodeError, DhcpEncodeError } from './errors.js';
import { BootOp, MAGIC_COOKIE, OptionCode, Overload } from './iana.js';
import {
  formatHardwareAddress,
  joinBytes,
  octetsToText,
  parseHardwareAddress,
  readIpv4,
  textToOctets,
  untilNul,
  writeIpv4,
} from './wire-values.js';

export { DhcpDecodeError, DhcpEncodeError } from './errors.js';

/** Raw options by code, each value the concatenation of every instance of that code (RFC 3396). */
export type DhcpOptions = Map<number, Uint8Array>;

export interface DhcpMessage {
  /** `BootOp.REQUEST` (1) or `BootOp.REPLY` (2). */
  op: number;
  /** Hardware type, 1 for Ethernet. */
  htype: number;
  /** Relay hops; a relay increments it. */
  hops: number;
  /** Transaction id, an unsigned 32-bit number chosen by the client. */
  xid: number;
  /** Seconds since the client began acquiring or renewing. */
  secs: number;
  /** 16 bits; `BROADCAST_FLAG` (0x8000) asks for a broadcast reply. */
  flags: number;
  /** Client address, set only when the client already has one (RENEW, REBIND, INFORM). */
  ciaddr: string;
  /** "Your" address: the address offered or assigned. */
  yiaddr: string;
  /** The next server in the boot process (the TFTP server, PXE's `next-server`). */
  siaddr: string;
  /** Relay agent address; 0.0.0.0 unless a relay forwarded the message. */
  giaddr: string;
  /** The first `hlen` bytes of `chaddr` as `aa:bb:cc:dd:ee:ff`; `hlen` is written from its length. */
  chaddr: string;
  /** Server host name; '' when empty or when option overload put options there. One character per byte. */
  sname: string;
  /** Boot file name; '' when empty or when option overload put options there. One character per byte. */
  file: string;
  /** Every option except pad, end and overload (52), which are framing. */
  options: DhcpOptions;
}

/** RFC 2131 §2: the fixed header before the options field. */
export const HEADER_BYTES = 236;
/** The header plus the 4-byte magic cookie: nothing shorter is DHCP. */
export const MIN_DHCP_BYTES = HEADER_BYTES + MAGIC_COOKIE.length;
/**
 * RFC 951 §3 lays a BOOTP message out in 300 bytes (a 64-byte vendor area). Old BOOTP clients and
 * relays may drop anything shorter, so DHCP implementations pad up to it (udhcp's `BOOTP_MIN_LEN`;
 * the captured udhcpc DISCOVER is exactly 300 bytes). The encoder does too.
 */
export const BOOTP_MIN_BYTES = 300;
/** The decoder's default cap: one Ethernet MTU. DHCP over UDP does not fragment in practice. */
export const DEFAULT_MAX_DHCP_BYTES = 1500;

const Offset = {
  op: 0,
  htype: 1,
  hlen: 2,
  hops: 3,
  xid: 4,
  secs: 8,
  flags: 10,
  ciaddr: 12,
  yiaddr: 16,
  siaddr: 20,
  giaddr: 24,
  chaddr: 28,
  sname: 44,
  file: 108,
  cookie: 236,
  options: 240,
} as const;
const CHADDR_BYTES = 16;
const SNAME_BYTES = 64;
const FILE_BYTES = 128;
/** One option instance carries at most 255 bytes: its length is one byte (RFC 2132 §2). */
const MAX_OPTION_CHUNK = 255;

export interface DecodeDhcpSettings {
  /** Longest datagram accepted; default `DEFAULT_MAX_DHCP_BYTES`. */
  maxBytes?: number;
}

export function decodeDhcp(bytes: Uint8Array, settings: DecodeDhcpSettings = {}): DhcpMessage {
  const maxBytes = settings.maxBytes ?? DEFAULT_MAX_DHCP_BYTES;
  if (bytes.length < MIN_DHCP_BYTES) {
    throw new DhcpDecodeError('DHCP_TRUNCATED', `packet of ${bytes.length} bytes is shorter than a DHCP header and cookie (${MIN_DHCP_BYTES})`);
  }
  if (bytes.length > maxBytes) {
    throw new DhcpDecodeError('DHCP_TOO_LONG', `packet of ${bytes.length} bytes exceeds ${maxBytes}`);
  }
  const op = bytes[Offset.op]!;
  if (op !== BootOp.REQUEST && op !== BootOp.REPLY) {
    throw new DhcpDecodeError('DHCP_BAD_OP', `op ${op} is neither BOOTREQUEST (1) nor BOOTREPLY (2)`);
  }
  const hlen = bytes[Offset.hlen]!;
  if (hlen > CHADDR_BYTES) {
    throw new DhcpDecodeError('DHCP_BAD_HLEN', `hlen ${hlen} exceeds the ${CHADDR_BYTES}-byte chaddr field`);
  }
  for (let i = 0; i < MAGIC_COOKIE.length; i++) {
    if (bytes[Offset.cookie + i] !== MAGIC_COOKIE[i]) {
      throw new DhcpDecodeError('DHCP_BAD_COOKIE', `magic cookie ${readIpv4(bytes, Offset.cookie)} is not 99.130.83.99`);
    }
  }

  const chunks = new Map<number, Uint8Array[]>();
  readOptionArea(bytes.subarray(Offset.options), 'options', chunks);
  const overload = readOverload(chunks);
  const fileField = bytes.subarray(Offset.file, Offset.file + FILE_BYTES);
  const snameField = bytes.subarray(Offset.sname, Offset.sname + SNAME_BYTES);
  // RFC 3396 §6: the options field first, then `file`, then `sname`; a code seen in several is concatenated in that order.
  if (overload & Overload.FILE) readOptionArea(fileField, 'file', chunks);
  if (overload & Overload.SNAME) readOptionArea(snameField, 'sname', chunks);
  chunks.delete(OptionCode.OVERLOAD);

  const options: DhcpOptions = new Map();
  for (const [code, parts] of chunks) options.set(code, joinBytes(parts));

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    op,
    htype: bytes[Offset.htype]!,
    hops: bytes[Offset.hops]!,
    xid: view.getUint32(Offset.xid),
    secs: view.getUint16(Offset.secs),
    flags: view.getUint16(Offset.flags),
    ciaddr: readIpv4(bytes, Offset.ciaddr),
    yiaddr: readIpv4(bytes, Offset.yiaddr),
    siaddr: readIpv4(bytes, Offset.siaddr),
    giaddr: readIpv4(bytes, Offset.giaddr),
    chaddr: formatHardwareAddress(bytes.subarray(Offset.chaddr, Offset.chaddr + hlen)),
    sname: overload & Overload.SNAME ? '' : octetsToText(untilNul(snameField)),
    file: overload & Overload.FILE ? '' : octetsToText(untilNul(fileField)),
    options,
  };
}

/**
 * Reads code/length/value triples until END (255) or the end of the area; pad (0) is skipped.
 * RFC 2131 §4.1 says overloaded fields "MUST be terminated by an 'end' option"; a field that simply
 * runs out is accepted all the same, since its boundary is unambiguous.
 */
function readOptionArea(area: Uint8Array, field: string, chunks: Map<number, Uint8Array[]>): void {
  let i = 0;
  while (i < area.length) {
    const code = area[i]!;
    if (code === OptionCode.PAD) {
      i++;
      continue;
    }
    if (code === OptionCode.END) return;
    if (i + 1 >= area.length) {
      throw new DhcpDecodeError('DHCP_BAD_OPTION_LENGTH', `option ${code} at the end of the ${field} field has no length byte`);
    }
    const length = area[i + 1]!;
    const start = i + 2;
    if (start + length > area.length) {
      throw new DhcpDecodeError(
        'DHCP_BAD_OPTION_LENGTH',
        `option ${code} of ${length} bytes runs ${start + length - area.length} bytes past the end of the ${field} field`,
      );
    }
    let list = chunks.get(code);
    if (list === undefined) chunks.set(code, (list = []));
    list.push(area.subarray(start, start + length));
    i = start + length;
  }
}

/** RFC 2132 §9.3: option 52 is one byte, 1 (file), 2 (sname) or 3 (both). 0 when absent. */
function readOverload(chunks: Map<number, Uint8Array[]>): number {
  const parts = chunks.get(OptionCode.OVERLOAD);
  if (parts === undefined) return 0;
  const value = joinBytes(parts);
  if (value.length !== 1 || value[0]! < Overload.FILE || value[0]! > Overload.BOTH) {
    throw new DhcpDecodeError('DHCP_BAD_OVERLOAD', `option 52 must be one byte of 1, 2 or 3, got ${formatHardwareAddress(value) || 'nothing'}`);
  }
  return value[0]!;
}

/**
 * The order options are written in: 53 (message type) first, its usual place, then by ascending
 * code. Deterministic, so equal messages encode to equal bytes.
 */
export function optionWriteOrder(options: DhcpOptions): number[] {
  return [...options.keys()].sort((a, b) => {
    if (a === b) return 0;
    if (a === OptionCode.MESSAGE_TYPE) return -1;
    if (b === OptionCode.MESSAGE_TYPE) return 1;
    return a - b;
  });
}

/**
 * Encodes a message. Options go in the options field only (never overloaded into `file`/`sname`),
 * each longer than 255 bytes split into consecutive instances (RFC 3396 §5), then END, then zero
 * padding up to `BOOTP_MIN_BYTES`. The caller keeps replies within the client's maximum message size
 * (option 57, at least 576 bytes: RFC 2132 §9.10).
 */
export function encodeDhcp(msg: DhcpMessage): Uint8Array {
  if (msg.op !== BootOp.REQUEST && msg.op !== BootOp.REPLY) throw badField('op', msg.op, 'must be 1 or 2');
  checkUint('htype', msg.htype, 0xff);
  checkUint('hops', msg.hops, 0xff);
  checkUint('xid', msg.xid, 0xffffffff);
  checkUint('secs', msg.secs, 0xffff);
  checkUint('flags', msg.flags, 0xffff);
  const chaddr = parseHardwareAddress(msg.chaddr);
  const sname = fixedText('sname', msg.sname, SNAME_BYTES);
  const file = fixedText('file', msg.file, FILE_BYTES);

  const order = optionWriteOrder(msg.options);
  let optionBytes = 1; // END
  for (const code of order) {
    if (!Number.isInteger(code) || code < 1 || code > 254 || code === OptionCode.OVERLOAD) {
      throw new DhcpEncodeError('DHCP_BAD_OPTION_CODE', `option code ${code} cannot be written: only 1..254 except 52`);
    }
    const value = msg.options.get(code)!;
    if (!(value instanceof Uint8Array)) {
      throw new DhcpEncodeError('DHCP_BAD_OPTION_CODE', `option ${code} is not a Uint8Array`);
    }
    optionBytes += encodedOptionLength(value.length);
  }

  const out = new Uint8Array(Math.max(BOOTP_MIN_BYTES, Offset.options + optionBytes));
  const view = new DataView(out.buffer);
  out[Offset.op] = msg.op;
  out[Offset.htype] = msg.htype;
  out[Offset.hlen] = chaddr.length;
  out[Offset.hops] = msg.hops;
  view.setUint32(Offset.xid, msg.xid);
  view.setUint16(Offset.secs, msg.secs);
  view.setUint16(Offset.flags, msg.flags);
  writeIpv4(out, Offset.ciaddr, msg.ciaddr, 'ciaddr');
  writeIpv4(out, Offset.yiaddr, msg.yiaddr, 'yiaddr');
  writeIpv4(out, Offset.siaddr, msg.siaddr, 'siaddr');
  writeIpv4(out, Offset.giaddr, msg.giaddr, 'giaddr');
  out.set(chaddr, Offset.chaddr);
  out.set(sname, Offset.sname);
  out.set(file, Offset.file);
  out.set(MAGIC_COOKIE, Offset.cookie);

  let at = Offset.options;
  for (const code of order) {
    const value = msg.options.get(code)!;
    let from = 0;
    do {
      const chunk = value.subarray(from, from + MAX_OPTION_CHUNK);
      out[at] = code;
      out[at + 1] = chunk.length;
      out.set(chunk, at + 2);
      at += 2 + chunk.length;
      from += MAX_OPTION_CHUNK;
    } while (from < value.length);
  }
  out[at] = OptionCode.END;
  return out;
}

/** Bytes an option of `length` value bytes takes on the wire: 2 per instance of at most 255. */
export function encodedOptionLength(length: number): number {
  return length + 2 * Math.max(1, Math.ceil(length / MAX_OPTION_CHUNK));
}

function fixedText(name: string, text: string, size: number): Uint8Array {
  const bytes = textToOctets(text, name);
  if (bytes.length > size) throw badField(name, `${bytes.length} bytes`, `exceeds its ${size}-byte field`);
  if (bytes.includes(0)) throw badField(name, 'text', 'contains a NUL byte');
  return bytes;
}

function checkUint(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw badField(name, value, `must be an integer 0..${max}`);
}

function badField(name: string, value: unknown, why: string): DhcpEncodeError {
  return new DhcpEncodeError('DHCP_BAD_FIELD', `${name} (${String(value)}) ${why}`);
}
