/**
 * Who the client says it is: 12 host name (RFC 2132 §3.14), 60 vendor class identifier (§9.13),
 * 61 client identifier (§9.14), 77 user class (RFC 3004 §4, or iPXE's plain `iPXE`), 94 client
 * network device interface (RFC 4578 §2.2) and 97 client machine identifier (RFC 4578 §2.3).
 */
import { badOptionInput, badOptionValue } from '../errors.js';
import { OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { joinBytes, octetsToText, textToOctets } from '../wire-values.js';
import { getFixed, getText, setText } from './primitives.js';

export function getHostname(options: DhcpOptions): string | undefined {
  return getText(options, OptionCode.HOSTNAME);
}

export function setHostname(options: DhcpOptions, name: string): void {
  setText(options, OptionCode.HOSTNAME, name);
}

/** PXE firmware sends `PXEClient:Arch:xxxxx:UNDI:yyyzzz`; see `pxe.ts` for reading it. */
export function getVendorClass(options: DhcpOptions): string | undefined {
  return getText(options, OptionCode.VENDOR_CLASS);
}

export function setVendorClass(options: DhcpOptions, text: string): void {
  setText(options, OptionCode.VENDOR_CLASS, text);
}

/**
 * RFC 2132 §9.14: a type byte then the identifier, at least 2 bytes in all. Type 1 (Ethernet) is
 * followed by the MAC, as iPXE sends it; type 255 is RFC 4361's IAID + DUID; type 0 is free-form.
 */
export interface ClientId {
  type: number;
  value: Uint8Array;
}

export function getClientId(options: DhcpOptions): ClientId | undefined {
  const bytes = options.get(OptionCode.CLIENT_ID);
  if (bytes === undefined) return undefined;
  if (bytes.length < 2) throw badOptionValue(OptionCode.CLIENT_ID, `needs at least 2 bytes, got ${bytes.length}`);
  return { type: bytes[0]!, value: new Uint8Array(bytes.subarray(1)) };
}

export function setClientId(options: DhcpOptions, id: ClientId): void {
  if (!Number.isInteger(id.type) || id.type < 0 || id.type > 255) throw badOptionInput(OptionCode.CLIENT_ID, 'type must be 0..255');
  if (id.value.length === 0) throw badOptionInput(OptionCode.CLIENT_ID, 'the identifier is empty');
  options.set(OptionCode.CLIENT_ID, joinBytes([Uint8Array.of(id.type), id.value]));
}

/**
 * Option 77 in either of its forms. RFC 3004 §4: one or more classes, each a length byte (at least
 * 1) and that many bytes. iPXE (and older clients) instead send the bare text, `iPXE`: when the bytes
 * do not parse as RFC 3004 exactly, they are one plain string.
 */
export type UserClass = { form: 'rfc3004'; classes: string[] } | { form: 'plain'; text: string };

export function getUserClass(options: DhcpOptions): UserClass | undefined {
  const bytes = options.get(OptionCode.USER_CLASS);
  if (bytes === undefined) return undefined;
  if (bytes.length === 0) throw badOptionValue(OptionCode.USER_CLASS, 'the option is empty');
  const classes = parseRfc3004(bytes);
  return classes === undefined ? { form: 'plain', text: getText(options, OptionCode.USER_CLASS)! } : { form: 'rfc3004', classes };
}

function parseRfc3004(bytes: Uint8Array): string[] | undefined {
  const classes: string[] = [];
  let at = 0;
  while (at < bytes.length) {
    const length = bytes[at]!;
    if (length === 0 || at + 1 + length > bytes.length) return undefined;
    classes.push(octetsToText(bytes.subarray(at + 1, at + 1 + length)));
    at += 1 + length;
  }
  return classes;
}

export function setUserClass(options: DhcpOptions, value: UserClass): void {
  if (value.form === 'plain') {
    setText(options, OptionCode.USER_CLASS, value.text);
    return;
  }
  if (value.classes.length === 0) throw badOptionInput(OptionCode.USER_CLASS, 'needs at least one class');
  const parts: Uint8Array[] = [];
  for (const c of value.classes) {
    const bytes = textToOctets(c, 'a user class', OptionCode.USER_CLASS);
    if (bytes.length < 1 || bytes.length > 255) throw badOptionInput(OptionCode.USER_CLASS, 'each class is 1..255 bytes');
    parts.push(Uint8Array.of(bytes.length), bytes);
  }
  options.set(OptionCode.USER_CLASS, joinBytes(parts));
}

/** True for iPXE's user class, in either form. */
export function isIpxeUserClass(value: UserClass | undefined): boolean {
  if (value === undefined) return false;
  return value.form === 'plain' ? value.text === 'iPXE' : value.classes.includes('iPXE');
}

/** RFC 4578 §2.2: type (1 = UNDI), then the UNDI major and minor version: iPXE sends 1.2.1, edk2 1.3.0. */
export interface ClientNdi {
  type: number;
  major: number;
  minor: number;
}

export function getClientNdi(options: DhcpOptions): ClientNdi | undefined {
  const bytes = getFixed(options, OptionCode.CLIENT_NDI, 3);
  return bytes === undefined ? undefined : { type: bytes[0]!, major: bytes[1]!, minor: bytes[2]! };
}

export function setClientNdi(options: DhcpOptions, ndi: ClientNdi): void {
  const parts = [ndi.type, ndi.major, ndi.minor];
  if (parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw badOptionInput(OptionCode.CLIENT_NDI, 'each part is 0..255');
  options.set(OptionCode.CLIENT_NDI, Uint8Array.from(parts));
}

/** RFC 4578 §2.3: 17 bytes, type 0 ("GUID") and the 16-byte GUID. */
const MACHINE_ID_TYPE_GUID = 0;

/**
 * Option 97 as a GUID string. The byte order follows the EFI GUID layout, first three fields
 * little-endian, as iPXE writes it ("RFC4578 suggests that it follows the EFI spec"), so the text
 * matches what `dmidecode` and QEMU's `-uuid` show.
 */
export function getClientMachineId(options: DhcpOptions): string | undefined {
  const bytes = getFixed(options, OptionCode.CLIENT_MACHINE_ID, 17);
  if (bytes === undefined) return undefined;
  if (bytes[0] !== MACHINE_ID_TYPE_GUID) throw badOptionValue(OptionCode.CLIENT_MACHINE_ID, `type ${bytes[0]} is not 0 (GUID)`);
  return formatGuid(bytes.subarray(1));
}

export function setClientMachineId(options: DhcpOptions, guid: string): void {
  const bytes = parseGuid(guid);
  if (bytes === undefined) throw badOptionInput(OptionCode.CLIENT_MACHINE_ID, `"${guid}" is not a GUID`);
  options.set(OptionCode.CLIENT_MACHINE_ID, joinBytes([Uint8Array.of(MACHINE_ID_TYPE_GUID), bytes]));
}

/** Wire position of each text byte: the first three fields are reversed (little-endian). */
const GUID_WIRE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

export function formatGuid(wire: Uint8Array): string {
  const hex = GUID_WIRE_ORDER.map((i) => wire[i]!.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function parseGuid(text: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) return undefined;
  const hex = text.replace(/-/g, '');
  const wire = new Uint8Array(16);
  GUID_WIRE_ORDER.forEach((from, to) => {
    wire[from] = parseInt(hex.slice(2 * to, 2 * to + 2), 16);
  });
  return wire;
}
