/**
 * How DHCP's fixed-format values look in JavaScript: IPv4 addresses as dotted quads, hardware
 * addresses as `aa:bb:cc:dd:ee:ff`, and octet strings as text with one character per byte.
 *
 * Why one character per byte (latin1) for `sname`, `file` and string options: RFC 2132 calls them
 * "NVT ASCII" but clients put arbitrary bytes there; mapping byte n to U+00nn is lossless both ways,
 * so whatever decodes re-encodes to the same bytes and never outgrows its fixed-size field.
 */
import { DhcpEncodeError } from './errors.js';

/** RFC 2131 §2: `ciaddr`, `yiaddr`, `siaddr`, `giaddr` are 4 bytes each; 0.0.0.0 means unset. */
export const UNSET_ADDRESS = '0.0.0.0';

export function readIpv4(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Writes a dotted quad into 4 bytes at `at`; `DHCP_BAD_ADDRESS` if it is not one. */
export function writeIpv4(out: Uint8Array, at: number, address: string, what = 'address'): void {
  const m = DOTTED_QUAD.exec(address);
  const parts = m ? m.slice(1).map(Number) : [];
  if (parts.length !== 4 || parts.some((p) => p > 255)) {
    throw new DhcpEncodeError('DHCP_BAD_ADDRESS', `${what} "${address}" is not a dotted-quad IPv4 address`);
  }
  out.set(parts, at);
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lowercase hex bytes joined by colons: `aa:bb:cc:dd:ee:ff`; '' for no bytes. */
export function formatHardwareAddress(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ':') + HEX[bytes[i]!];
  return out;
}


/** RFC 2131 §2: `chaddr` is 16 bytes. */
export const MAX_HARDWARE_ADDRESS_BYTES = 16;

const HARDWARE_ADDRESS = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){0,15}$/;

/** The inverse of `formatHardwareAddress` (either case accepted); `DHCP_BAD_HARDWARE_ADDRESS` otherwise. */
export function parseHardwareAddress(text: string): Uint8Array {
  if (text === '') return new Uint8Array(0);
  if (!HARDWARE_ADDRESS.test(text)) {
    throw new DhcpEncodeError(
      'DHCP_BAD_HARDWARE_ADDRESS',
      `hardware address "${text}" is not 0 to ${MAX_HARDWARE_ADDRESS_BYTES} colon-separated hex bytes`,
    );
  }
  const out = new Uint8Array((text.length + 1) / 3);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(3 * i, 3 * i + 2), 16);
  return out;
}

/** Bytes to text, one character per byte. */
export function octetsToText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Text to bytes, one byte per character; `DHCP_BAD_FIELD` for a character above U+00FF. */
export function textToOctets(text: string, what: string, option?: number): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) {
      throw new DhcpEncodeError(
        option === undefined ? 'DHCP_BAD_FIELD' : 'DHCP_BAD_OPTION_VALUE',
        `${what} has a character (U+${c.toString(16).padStart(4, '0')}) that is not one byte`,
        option,
      );
    }
    out[i] = c;
  }
  return out;
}

/** Bytes up to the first NUL: RFC 2131 §2 calls `sname` and `file` "null terminated" strings. */
export function untilNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(0);
  return end === -1 ? bytes : bytes.subarray(0, end);
}

/**
 * The parts joined into a fresh plain `Uint8Array` (never a `Buffer`, never a view): a decoded value
 * must not alias the caller's receive buffer, which the socket layer may reuse.
 */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
