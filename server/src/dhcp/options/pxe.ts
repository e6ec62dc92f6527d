/**
 * PXE: 93 client system architecture (RFC 4578 §2.1), the architecture inside option 60
 * (`PXEClient:Arch:00011:UNDI:003000`, PXE 2.1 specification) and the PXE sub-options a server or
 * client puts in option 43 (RFC 2132 §8.4 encapsulation; the PXE 2.1 specification's "PXE vendor
 * options"): discovery control, boot servers, boot menu, menu prompt, boot item.
 */
import { badOptionInput, badOptionValue, type DhcpDecodeError } from '../errors.js';
import { OptionCode, PxeVendorOption } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { joinBytes, octetsToText, readIpv4, textToOctets, writeIpv4 } from '../wire-values.js';
import { decodeSubOptions, encodeSubOptions, type SubOptions } from './encapsulated.js';
import { readUint, writeUint } from './primitives.js';

/** RFC 4578 §2.1: a list of 16-bit architecture types (`ClientArch`), most clients send one. */
export function getClientArchitectures(options: DhcpOptions): number[] | undefined {
  const value = options.get(OptionCode.CLIENT_ARCH);
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length % 2 !== 0) {
    throw badOptionValue(OptionCode.CLIENT_ARCH, `a list of 16-bit types needs an even, non-zero length, got ${value.length}`);
  }
  const out: number[] = [];
  for (let at = 0; at < value.length; at += 2) out.push(readUint(value, at, 2));
  return out;
}

export function setClientArchitectures(options: DhcpOptions, types: readonly number[]): void {
  if (types.length === 0) throw badOptionInput(OptionCode.CLIENT_ARCH, 'needs at least one type');
  if (types.some((n) => !Number.isInteger(n) || n < 0 || n > 0xffff)) throw badOptionInput(OptionCode.CLIENT_ARCH, 'types are 0..65535');
  const out = new Uint8Array(2 * types.length);
  types.forEach((n, i) => writeUint(out, 2 * i, 2, n));
  options.set(OptionCode.CLIENT_ARCH, out);
}

/** Option 60 of a PXE client starts with this (PXE 2.1 specification); of a UEFI HTTP client, `HTTPClient`. */
export const PXE_VENDOR_CLASS = 'PXEClient';

/**
 * The architecture in a PXE or UEFI HTTP vendor class, `PXEClient:Arch:00011:UNDI:003000` → 11:
 * five decimal digits after `Arch:`. Undefined when the text has no such field.
 */
export function vendorClassArchitecture(vendorClass: string): number | undefined {
  const m = /^(?:PXEClient|HTTPClient):Arch:(\d{5})(?::|$)/.exec(vendorClass);
  if (m === null) return undefined;
  const arch = Number(m[1]);
  return arch <= 0xffff ? arch : undefined;
}

/** PXE sub-option 8: servers of one boot server type. */
export interface PxeBootServer {
  type: number;
  addresses: string[];
}

/** PXE sub-option 9: one menu line and the boot server type it selects. */
export interface PxeMenuItem {
  type: number;
  description: string;
}

/** Option 43 of a PXE exchange, its known sub-options typed and the rest kept raw in `other`. */
export interface PxeVendorOptions {
  /** Sub-option 6, bits of `PxeDiscoveryControl`. */
  discoveryControl?: number;
  /** Sub-option 8. */
  bootServers?: PxeBootServer[];
  /** Sub-option 9. */
  bootMenu?: PxeMenuItem[];
  /** Sub-option 10: seconds to show `prompt` (0: boot the first item at once, 255: wait for a key). */
  menuPrompt?: { timeout: number; prompt: string };
  /** Sub-option 71, sent by the client in its boot server REQUEST and echoed in the ACK. */
  bootItem?: { type: number; layer: number };
  other: SubOptions;
}

const CODE = OptionCode.VENDOR_SPECIFIC;

export function getPxeVendorOptions(options: DhcpOptions): PxeVendorOptions | undefined {
  const value = options.get(CODE);
  if (value === undefined) return undefined;
  const out: PxeVendorOptions = { other: new Map() };
  for (const [sub, bytes] of decodeSubOptions(value, CODE, { padAndEnd: true })) {
    switch (sub) {
      case PxeVendorOption.DISCOVERY_CONTROL:
        if (bytes.length !== 1) throw bad(sub, 'is one byte');
        out.discoveryControl = bytes[0]!;
        break;
      case PxeVendorOption.BOOT_SERVERS:
        out.bootServers = readBootServers(bytes);
        break;
      case PxeVendorOption.BOOT_MENU:
        out.bootMenu = readBootMenu(bytes);
        break;
      case PxeVendorOption.MENU_PROMPT:
        if (bytes.length < 1) throw bad(sub, 'needs a timeout byte');
        out.menuPrompt = { timeout: bytes[0]!, prompt: octetsToText(bytes.subarray(1)) };
        break;
      case PxeVendorOption.BOOT_ITEM:
        if (bytes.length !== 4) throw bad(sub, 'is 4 bytes (type, layer)');
        out.bootItem = { type: readUint(bytes, 0, 2), layer: readUint(bytes, 2, 2) };
        break;
      default:
        out.other.set(sub, bytes);
    }
  }
  return out;
}

function bad(sub: number, why: string): DhcpDecodeError {
  return badOptionValue(CODE, `PXE sub-option ${sub} ${why}`);
}

/** Entries of: type (2 bytes), address count (1), addresses (4 each). */
function readBootServers(bytes: Uint8Array): PxeBootServer[] {
  const out: PxeBootServer[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 3 > bytes.length) throw bad(PxeVendorOption.BOOT_SERVERS, 'ends inside an entry header');
    const type = readUint(bytes, at, 2);
    const count = bytes[at + 2]!;
    at += 3;
    if (at + 4 * count > bytes.length) throw bad(PxeVendorOption.BOOT_SERVERS, 'lists more addresses than it holds');
    const addresses: string[] = [];
    for (let i = 0; i < count; i++, at += 4) addresses.push(readIpv4(bytes, at));
    out.push({ type, addresses });
  }
  return out;
}

/** Entries of: type (2 bytes), description length (1), description. */
function readBootMenu(bytes: Uint8Array): PxeMenuItem[] {
  const out: PxeMenuItem[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 3 > bytes.length) throw bad(PxeVendorOption.BOOT_MENU, 'ends inside an entry header');
    const type = readUint(bytes, at, 2);
    const length = bytes[at + 2]!;
    at += 3;
    if (at + length > bytes.length) throw bad(PxeVendorOption.BOOT_MENU, 'has a description running past its end');
    out.push({ type, description: octetsToText(bytes.subarray(at, at + length)) });
    at += length;
  }
  return out;
}

/** Writes option 43 from `value`; typed fields win over the same code in `other`. Ends with 255. */
export function setPxeVendorOptions(options: DhcpOptions, value: PxeVendorOptions): void {
  const subs: SubOptions = new Map(value.other);
  if (value.discoveryControl !== undefined) subs.set(PxeVendorOption.DISCOVERY_CONTROL, bytesOf([[1, value.discoveryControl]]));
  if (value.bootServers !== undefined) {
    const parts: Uint8Array[] = [];
    for (const s of value.bootServers) {
      if (s.addresses.length > 255) throw badOptionInput(CODE, 'a boot server type lists at most 255 addresses');
      parts.push(bytesOf([[2, s.type], [1, s.addresses.length]]));
      for (const a of s.addresses) {
        const ip = new Uint8Array(4);
        writeIpv4(ip, 0, a, 'a PXE boot server');
        parts.push(ip);
      }
    }
    subs.set(PxeVendorOption.BOOT_SERVERS, joinBytes(parts));
  }
  if (value.bootMenu !== undefined) {
    const parts: Uint8Array[] = [];
    for (const item of value.bootMenu) {
      const text = textToOctets(item.description, 'a PXE menu description', CODE);
      if (text.length > 255) throw badOptionInput(CODE, 'a PXE menu description is at most 255 bytes');
      parts.push(bytesOf([[2, item.type], [1, text.length]]), text);
    }
    subs.set(PxeVendorOption.BOOT_MENU, joinBytes(parts));
  }
  if (value.menuPrompt !== undefined) {
    const { timeout, prompt } = value.menuPrompt;
    subs.set(PxeVendorOption.MENU_PROMPT, joinBytes([bytesOf([[1, timeout]]), textToOctets(prompt, 'the PXE menu prompt', CODE)]));
  }
  if (value.bootItem !== undefined) subs.set(PxeVendorOption.BOOT_ITEM, bytesOf([[2, value.bootItem.type], [2, value.bootItem.layer]]));
  options.set(CODE, encodeSubOptions(subs, CODE, { padAndEnd: true }));
}

/** Big-endian integers of the given sizes, each range-checked. */
function bytesOf(fields: [1 | 2, number][]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, [size]) => n + size, 0));
  let at = 0;
  for (const [size, n] of fields) {
    if (!Number.isInteger(n) || n < 0 || n >= 2 ** (8 * size)) throw badOptionInput(CODE, `${n} does not fit in ${size} byte(s)`);
    writeUint(out, at, size, n);
    at += size;
  }
  return out;
}
