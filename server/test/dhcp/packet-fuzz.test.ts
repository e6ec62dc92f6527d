/**
 * Fuzz of the pure DHCP codec (packet.ts) and what reads its output: for any bytes, decodeDhcp returns
 * a message or throws a DhcpDecodeError with a DHCP_* code, never anything else; whatever decodes
 * survives encode -> decode unchanged; describeClient and every option getter on it return a value or
 * (getters only) throw DHCP_BAD_OPTION_VALUE. Seeded: the seed is printed, THINBOOT_FUZZ_SEED=<n>
 * replays a run.
 */
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import { describeClient } from '../../src/dhcp/describe-client.js';
import { getAddress, getAddressList } from '../../src/dhcp/options/addresses.js';
import { getBootfileName, getTftpServerName } from '../../src/dhcp/options/boot.js';
import { getClientId, getClientMachineId, getClientNdi, getHostname, getUserClass, getVendorClass } from '../../src/dhcp/options/identity.js';
import { getIpxeOptions } from '../../src/dhcp/options/ipxe.js';
import { getLeaseTime, getRebindingTime, getRenewalTime } from '../../src/dhcp/options/lease.js';
import { getMaxMessageSize, getMessageText, getMessageType } from '../../src/dhcp/options/message.js';
import { getParameterList } from '../../src/dhcp/options/parameter-list.js';
import { getClientArchitectures, getPxeVendorOptions } from '../../src/dhcp/options/pxe.js';
import { getRelayAgentInfo } from '../../src/dhcp/options/relay.js';
import { DhcpDecodeError, decodeDhcp, encodeDhcp, type DhcpMessage, type DhcpOptions } from '../../src/dhcp/packet.js';
import { SeededRandom, fuzzSeed } from '../fuzz/seeded-random.js';
import { countInputMutations } from '../fuzz/decoder-checks.js';

const CASES = 100_000;
const seed = fuzzSeed();
t.comment(`DHCP codec fuzz seed ${seed} (replay: THINBOOT_FUZZ_SEED=${seed})`);

const show = (b: Uint8Array): string => Buffer.from(b).toString('hex').slice(0, 600);
/** Codes the options below are drawn from: what PXE clients send, plus framing codes and strangers. */
const CODES = [0, 1, 3, 6, 12, 15, 28, 42, 43, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 66, 67, 77, 82, 93, 94, 97, 175, 200, 255];

/** Appends bytes to a growing buffer; generation must be cheap next to 100,000 decodes. */
class Writer {
  buf = new Uint8Array(64);
  length = 0;
  push(...bytes: number[]): void {
    this.bytes(bytes);
  }
  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }
  bytes(b: Uint8Array | number[]): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  done(max = this.length): Uint8Array {
    return this.buf.slice(0, Math.min(max, this.length));
  }
  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.buf.length, this.length + n));
    bigger.set(this.buf);
    this.buf = bigger;
  }
}

const TEXTS = ['iPXE', 'PXEClient:Arch:00011:UNDI:003000', 'PXEClient', 'udhcp 1.35.0', 'host\0'].map((s) => Uint8Array.from(Buffer.from(s, 'latin1')));

/** One option's value: short, of a typical fixed length, encapsulated sub-options, text, or long. */
function optionValue(r: SeededRandom): Uint8Array {
  const shape = r.next();
  if (shape < 0.3) return r.bytes(r.int(0, 6));
  if (shape < 0.5) return r.bytes(r.pick([1, 2, 3, 4, 8, 17]));
  if (shape < 0.7) {
    // Encapsulated: sub-option triples, occasionally pad/end or an overrun.
    const w = new Writer();
    for (let n = r.int(0, 4); n > 0; n--) {
      const body = r.bytes(r.int(0, 5));
      w.push(r.pick([0, 1, 6, 8, 9, 10, 71, 255, 0x13]), r.chance(0.9) ? body.length : r.int(0, 9));
      w.bytes(body);
    }
    return w.done();
  }
  if (shape < 0.85) return r.pick(TEXTS);
  return r.bytes(r.int(0, 300));
}

/** Options (code, length, value; split at 255 as RFC 3396 does), usually an end, cut at `max`. */
function optionArea(r: SeededRandom, max: number): Uint8Array {
  const w = new Writer();
  for (let n = r.int(0, 12); n > 0 && w.length < max; n--) {
    const code = r.pick(CODES);
    if (code === 0 || code === 255) {
      w.byte(code);
      continue;
    }
    const value = optionValue(r);
    for (let at = 0; at === 0 || at < value.length; at += 255) {
      const chunk = value.subarray(at, at + 255);
      w.push(code, chunk.length);
      w.bytes(chunk);
    }
  }
  if (r.chance(0.8)) w.byte(255);
  return w.done(max);
}

/** A datagram shaped like DHCP: a plausible header, the cookie, options, maybe overload into file/sname. */
function shaped(r: SeededRandom): Uint8Array {
  const w = new Writer();
  w.bytes(r.bytes(236));
  const header = w.buf;
  header[0] = r.chance(0.95) ? r.int(1, 2) : r.int(0, 255);
  header[2] = r.chance(0.9) ? r.pick([0, 6, 16]) : r.int(0, 255);
  if (r.chance(0.5)) header.fill(0, 44, 236);
  const overload = r.chance(0.3) ? r.int(0, 4) : 0;
  if (overload & 1) header.set(optionArea(r, 128), 108);
  if (overload & 2) header.set(optionArea(r, 64), 44);
  if (r.chance(0.97)) w.push(99, 130, 83, 99);
  else w.bytes(r.bytes(4));
  if (overload) w.push(52, r.chance(0.9) ? 1 : r.int(0, 3), overload);
  w.bytes(optionArea(r, 1400));
  if (r.chance(0.5)) while (w.length < 300) w.byte(0);
  return w.done();
}

/** A shaped datagram with bytes flipped, cut, or appended. */
function mutated(r: SeededRandom): Uint8Array {
  let b = shaped(r);
  for (let n = r.int(1, 4); n > 0; n--) {
    const what = r.next();
    if (what < 0.5 && b.length > 0) b[r.int(0, b.length - 1)] = r.int(0, 255);
    else if (what < 0.75) b = b.subarray(0, r.int(0, b.length));
    else {
      const extra = r.bytes(r.int(1, 40));
      const longer = new Uint8Array(b.length + extra.length);
      longer.set(b);
      longer.set(extra, b.length);
      b = longer;
    }
  }
  return b;
}

function input(r: SeededRandom): Uint8Array {
  const x = r.next();
  if (x < 0.15) return r.bytes(r.int(0, 600));
  if (x < 0.2) return r.bytes(r.int(1400, 1600));
  if (x < 0.6) return shaped(r);
  return mutated(r);
}

/** Every typed reader, so the fuzz reaches their parsers too. */
const getters: ((o: DhcpOptions) => unknown)[] = [
  (o) => getAddress(o, 1),
  (o) => getAddress(o, 54),
  (o) => getAddressList(o, 3),
  (o) => getAddressList(o, 6),
  getBootfileName,
  getTftpServerName,
  getClientId,
  getClientMachineId,
  getClientNdi,
  getHostname,
  getUserClass,
  getVendorClass,
  getIpxeOptions,
  getLeaseTime,
  getRenewalTime,
  getRebindingTime,
  getMaxMessageSize,
  getMessageText,
  getMessageType,
  getParameterList,
  getClientArchitectures,
  getPxeVendorOptions,
  getRelayAgentInfo,
];

t.test(`${CASES} inputs: a message or a DhcpDecodeError; decoded messages round-trip`, async (t) => {
  const r = new SeededRandom(seed);
  const tally: Record<string, number> = {};
  const count = (k: string): void => {
    tally[k] = (tally[k] ?? 0) + 1;
  };
  const wrongErrors: string[] = [];
  const encodeFailures: string[] = [];
  const roundTripFailures: string[] = [];
  const readerFailures: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const bytes = input(r);
    let msg: DhcpMessage;
    try {
      msg = decodeDhcp(bytes);
    } catch (err) {
      if (err instanceof DhcpDecodeError && /^DHCP_/.test(err.code)) count(err.code);
      else if (wrongErrors.length < 5) wrongErrors.push(`${String(err)} for ${show(bytes)}`);
      continue;
    }
    count('decoded');
    if (bytes[240] === 52) count('decoded with overload');
    if ([...msg.options.values()].some((v) => v.length > 255)) count('decoded a long option');
    let again: DhcpMessage;
    try {
      // The re-encoding puts everything in the options field, so it may outgrow the default cap.
      again = decodeDhcp(encodeDhcp(msg), { maxBytes: 65_535 });
    } catch (err) {
      if (encodeFailures.length < 5) encodeFailures.push(`${String(err)} for ${show(bytes)}`);
      continue;
    }
    if (!isDeepStrictEqual(again, msg) && roundTripFailures.length < 5) roundTripFailures.push(show(bytes));
    try {
      describeClient(msg);
    } catch (err) {
      if (readerFailures.length < 5) readerFailures.push(`describeClient: ${String(err)} for ${show(bytes)}`);
    }
    // Every getter on one decoded message in four: a refusal costs an Error, and this keeps the run short.
    if (i % 4 !== 0) continue;
    for (const get of getters) {
      try {
        get(msg.options);
      } catch (err) {
        if (err instanceof DhcpDecodeError && err.code === 'DHCP_BAD_OPTION_VALUE') count('getter refused');
        else if (readerFailures.length < 5) readerFailures.push(`${String(err)} for ${show(bytes)}`);
      }
    }
  }
  t.comment(`outcomes: ${JSON.stringify(tally)}`);
  t.same(wrongErrors, [], 'every failure is a DhcpDecodeError with a DHCP_* code');
  t.same(encodeFailures, [], 'every decoded message encodes');
  t.same(roundTripFailures, [], 'decode(encode(decode(x))) equals decode(x)');
  t.same(readerFailures, [], 'describeClient never throws; getters throw only DHCP_BAD_OPTION_VALUE');
  // The run must have reached the interesting paths, or it tested little.
  for (const k of ['decoded', 'decoded with overload', 'decoded a long option', 'getter refused']) t.ok((tally[k] ?? 0) > 100, `${k}: ${tally[k] ?? 0}`);
  for (const code of ['DHCP_TRUNCATED', 'DHCP_TOO_LONG', 'DHCP_BAD_OP', 'DHCP_BAD_HLEN', 'DHCP_BAD_COOKIE', 'DHCP_BAD_OPTION_LENGTH', 'DHCP_BAD_OVERLOAD']) {
    t.ok((tally[code] ?? 0) > 10, `${code} seen ${tally[code] ?? 0} times`);
  }
});

t.test('decoding never modifies its input', async (t) => {
  const r = new SeededRandom(seed ^ 0x9e3779b9);
  t.equal(countInputMutations(decodeDhcp, () => input(r)), 0, 'input bytes unchanged');
});
