/**
 * Readers and writers shared by the option families: NVT text, unsigned integers, fixed lengths.
 * Getters return `undefined` for an absent option and throw `DHCP_BAD_OPTION_VALUE` for a present
 * one in the wrong format; setters validate and replace the option's bytes.
 */
import { badOptionInput, badOptionValue } from '../errors.js';
import type { DhcpOptions } from '../packet.js';
import { octetsToText, textToOctets } from '../wire-values.js';

/** RFC 2132 §2: the length byte caps one instance; longer values are split by the encoder (RFC 3396). */
export const MAX_SINGLE_OPTION_BYTES = 255;

/**
 * Text options (RFC 2132 §2 "NVT ASCII"). "Options containing NVT ASCII data SHOULD NOT include a
 * trailing NULL; however, the receiver of such options MUST be prepared to delete trailing nulls":
 * trailing NULs are dropped. One character per byte (see `wire-values.ts`).
 */
export function getText(options: DhcpOptions, code: number, minLength = 1): string | undefined {
  const value = options.get(code);
  if (value === undefined) return undefined;
  let end = value.length;
  while (end > 0 && value[end - 1] === 0) end--;
  if (end < minLength) throw badOptionValue(code, `text of ${end} bytes is shorter than ${minLength}`);
  return octetsToText(value.subarray(0, end));
}

export function setText(options: DhcpOptions, code: number, text: string, minLength = 1): void {
  const bytes = textToOctets(text, `option ${code}`, code);
  if (bytes.length < minLength) throw badOptionInput(code, `text must be at least ${minLength} bytes`);
  if (bytes.includes(0)) throw badOptionInput(code, 'text contains a NUL byte');
  options.set(code, bytes);
}

/** The option's bytes, checked to be exactly `length` long. */
export function getFixed(options: DhcpOptions, code: number, length: number): Uint8Array | undefined {
  const value = options.get(code);
  if (value === undefined) return undefined;
  if (value.length !== length) throw badOptionValue(code, `must be ${length} bytes, got ${value.length}`);
  return value;
}

export function getUint(options: DhcpOptions, code: number, bytes: 1 | 2 | 4): number | undefined {
  const value = getFixed(options, code, bytes);
  if (value === undefined) return undefined;
  return readUint(value, 0, bytes);
}

export function setUint(options: DhcpOptions, code: number, bytes: 1 | 2 | 4, n: number): void {
  const max = 2 ** (8 * bytes) - 1;
  if (!Number.isInteger(n) || n < 0 || n > max) throw badOptionInput(code, `${n} is not an integer 0..${max}`);
  const out = new Uint8Array(bytes);
  writeUint(out, 0, bytes, n);
  options.set(code, out);
}

/** Big-endian (network order) unsigned integer of 1, 2 or 4 bytes. */
export function readUint(bytes: Uint8Array, at: number, size: 1 | 2 | 4): number {
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + bytes[at + i]!;
  return n;
}

export function writeUint(out: Uint8Array, at: number, size: 1 | 2 | 4, n: number): void {
  for (let i = size - 1; i >= 0; i--) {
    out[at + i] = n & 0xff;
    n = Math.floor(n / 256);
  }
}
