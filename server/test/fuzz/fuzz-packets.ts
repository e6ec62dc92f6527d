/**
 * Generators of hostile TFTP datagrams for the fuzz tests: random bytes, mutations of valid
 * requests (bit flips, truncation, inserted NULs, spliced bytes), requests with absurd options
 * (huge values, duplicates, a thousand of them), hostile names (parent directories, drive letters,
 * invalid UTF-8, control characters, overlong), and valid-looking packets of every other opcode.
 * All draws come from a SeededRandom, so a seed replays the same run.
 */
import type { SeededRandom } from './seeded-random.js';

const enc = new TextEncoder();

/** Names that exist in the fuzz root (see tftp-fuzz.test.ts) and names that must never be served. */
export const SERVED_NAMES = ['a.bin', 'boot/pxe/file.bin', 'big.bin', 'text.txt'] as const;
const HOSTILE_NAMES = [
  '../../etc/passwd',
  '..\\..\\etc\\passwd',
  '/etc/passwd',
  '/../../../../etc/shadow',
  'boot/../../etc/passwd',
  'C:\\Windows\\system.ini',
  'c:boot',
  '.',
  '..',
  '/',
  '//',
  '\\',
  'boot',
  'boot/',
  'a.bin/',
  'a.bin/..',
  './a.bin',
  'a.bin\u0001',
  '\u007fa.bin',
  'a'.repeat(256),
  'x/'.repeat(200),
  '\u00e9t\u00e9.bin',
  '\u{1f4a9}',
  '%2e%2e/etc/passwd',
  '\uFEFFa.bin',
];
const MODES = ['octet', 'netascii', 'OCTET', 'NetAscii', 'mail', 'binary', '', 'octet\u0000x'];
const OPTION_NAMES = ['blksize', 'BLKSIZE', 'tsize', 'windowsize', 'WindowSize', 'timeout', 'multicast', 'rollover', 'utimeout', 'x'];
/** Values, valid and not. `timeout` only gets short valid values so fuzzed transfers end quickly. */
const OPTION_VALUES: Record<string, string[]> = {
  blksize: ['8', '7', '512', '1428', '1468', '65464', '65465', '99999999999', '0', '-1', '1e3', ' 512', '0x200', '00000001468', ''],
  windowsize: ['1', '0', '4', '64', '65', '65535', '65536', '4294967296', 'abc', ''],
  timeout: ['0', '1', '256', '-1', '9999999999', 'x'],
  tsize: ['0', 'enable', '-5', '18446744073709551616', ''],
};

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const u16 = (n: number): Uint8Array => Uint8Array.of((n >> 8) & 0xff, n & 0xff);
const field = (s: string | Uint8Array): Uint8Array => concat([typeof s === 'string' ? enc.encode(s) : s, Uint8Array.of(0)]);

function optionPair(r: SeededRandom): [string, string] {
  const name = r.pick(OPTION_NAMES);
  const values = OPTION_VALUES[name.toLowerCase()] ?? ['1', 'yes', ''];
  return [name, r.pick(values)];
}

/** A request (RRQ or WRQ) from parts chosen at random, usually well-formed. */
export function request(r: SeededRandom, op: 1 | 2 = 1): Uint8Array {
  const name = r.chance(0.6) ? r.pick(SERVED_NAMES) : r.pick(HOSTILE_NAMES);
  const parts = [u16(op), field(name), field(r.chance(0.85) ? 'octet' : r.pick(MODES))];
  const n = r.chance(0.3) ? 0 : r.int(1, 5);
  for (let i = 0; i < n; i++) {
    const [k, v] = optionPair(r);
    parts.push(field(k), field(v));
  }
  return concat(parts);
}

/** Requests built to stress the parser and the negotiation. */
export function hostileRequest(r: SeededRandom): Uint8Array {
  const name = r.pick(SERVED_NAMES);
  switch (r.int(0, 6)) {
    case 0: {
      // A thousand options (the negotiation must not choke; most are unknown).
      const options = Array.from({ length: 1000 }, (_, i) => `opt${i}\0${i}\0`).join('');
      return concat([u16(1), field(name), field('octet'), enc.encode(options)]);
    }
    case 1: {
      // The same option many times, with different values.
      const parts = [u16(1), field(name), field('octet')];
      for (let i = 0; i < 50; i++) parts.push(field(r.pick(['blksize', 'BlkSize', 'windowsize'])), field(String(r.int(0, 70000))));
      return concat(parts);
    }
    case 2:
      // A huge option value (the packet stays under the decoder's size cap).
      return concat([u16(1), field(name), field('octet'), field('blksize'), field('9'.repeat(r.int(11, 3000)))]);
    case 3: {
      // Invalid UTF-8 somewhere.
      const bad = r.pick([Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xc0, 0xaf), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xe2, 0x82)]);
      const at = r.int(0, 2);
      const fields: Uint8Array[] = [enc.encode(name), enc.encode('octet'), enc.encode('tsize'), enc.encode('0')];
      fields[at] = concat([fields[at]!, bad]);
      return concat([u16(1), ...fields.map((f) => field(f))]);
    }
    case 4:
      // Odd number of option fields, empty option name, missing terminator.
      return r.pick([
        concat([u16(1), field(name), field('octet'), field('blksize')]),
        concat([u16(1), field(name), field('octet'), field(''), field('512')]),
        concat([u16(1), enc.encode(name)]),
        concat([u16(1), field(name), enc.encode('octet')]),
        concat([u16(1), field(''), field('octet')]),
      ]);
    case 5:
      // A name just under and over the 255-byte path limit.
      return concat([u16(1), field('b'.repeat(r.int(250, 260))), field('octet')]);
    default: {
      // Over the decoder's 65468-byte cap, yet under the 65507 bytes a UDP/IPv4 datagram can carry.
      const head = concat([u16(1), field(name), field('octet'), field('x')]);
      const out = new Uint8Array(r.int(65469, 65507)).fill(0x79);
      out.set(head, 0);
      out[out.length - 1] = 0;
      return out;
    }
  }
}

/** Valid-looking packets that have no business on a listening port (WRQ is refused, the rest dropped). */
export function otherOpcode(r: SeededRandom): Uint8Array {
  switch (r.int(0, 4)) {
    case 0:
      return request(r, 2);
    case 1:
      return concat([u16(3), u16(r.int(0, 65535)), r.bytes(r.int(0, 512))]);
    case 2:
      return concat([u16(4), u16(r.int(0, 65535))]);
    case 3:
      return concat([u16(5), u16(r.int(0, 9)), field(r.pick(['User aborted the transfer', 'file not found', '']))]);
    default: {
      const [k, v] = optionPair(r);
      return concat([u16(6), field(k), field(v)]);
    }
  }
}

/** One random edit of `base`. */
export function mutate(r: SeededRandom, base: Uint8Array): Uint8Array {
  const b = Uint8Array.from(base);
  switch (r.int(0, 6)) {
    case 0: {
      const flips = r.int(1, 8);
      for (let i = 0; i < flips && b.length > 0; i++) b[r.int(0, b.length - 1)]! ^= 1 << r.int(0, 7);
      return b;
    }
    case 1:
      return b.subarray(0, r.int(0, b.length));
    case 2: {
      const at = r.int(0, b.length);
      return concat([b.subarray(0, at), Uint8Array.of(0), b.subarray(at)]);
    }
    case 3: {
      const at = r.int(0, b.length);
      return concat([b.subarray(0, at), r.bytes(r.int(1, 16)), b.subarray(at)]);
    }
    case 4: {
      if (b.length === 0) return b;
      const at = r.int(0, b.length - 1);
      return concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + r.int(1, 8)))]);
    }
    case 5: {
      // Replace every NUL with another byte, or a byte with NUL.
      if (r.chance(0.5)) return b.map((x) => (x === 0 ? r.int(1, 255) : x));
      if (b.length > 0) b[r.int(0, b.length - 1)] = 0;
      return b;
    }
    default:
      // Change the opcode only.
      if (b.length >= 2) {
        b[0] = r.chance(0.8) ? 0 : r.int(0, 255);
        b[1] = r.int(0, 8);
      }
      return b;
  }
}

export type FuzzKind = 'random' | 'request' | 'mutated-request' | 'hostile-request' | 'other-opcode';

/** One datagram for a listening port, with its kind for the tally. */
export function listenPortPacket(r: SeededRandom): { kind: FuzzKind; bytes: Uint8Array } {
  const x = r.next();
  if (x < 0.3) return { kind: 'random', bytes: r.bytes(r.int(0, 600)) };
  if (x < 0.45) return { kind: 'request', bytes: request(r) };
  if (x < 0.8) return { kind: 'mutated-request', bytes: mutate(r, r.chance(0.8) ? request(r) : otherOpcode(r)) };
  if (x < 0.85) return { kind: 'hostile-request', bytes: hostileRequest(r) };
  return { kind: 'other-opcode', bytes: otherOpcode(r) };
}
