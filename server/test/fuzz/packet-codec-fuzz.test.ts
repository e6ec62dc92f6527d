/**
 * Fuzz of the pure TFTP codec (packet.ts): for any bytes, decodePacket returns a packet or throws a
 * TftpDecodeError with a TFTP_* code, never anything else; and whatever decodes survives
 * encode -> decode unchanged. Seeded: the seed is printed, THINBOOT_FUZZ_SEED=<n> replays a run.
 */
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import { TftpDecodeError, decodePacket, encodePacket, type TftpPacket } from '../../src/tftp/packet.js';
import { hostileRequest, listenPortPacket, mutate, otherOpcode, request } from './fuzz-packets.js';
import { SeededRandom, fuzzSeed } from './seeded-random.js';
import { countInputMutations } from './decoder-checks.js';

const CASES = 100_000;
const seed = fuzzSeed();
t.comment(`codec fuzz seed ${seed} (replay: THINBOOT_FUZZ_SEED=${seed})`);

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').slice(0, 400);

/** Inputs: a third pure random bytes, the rest shaped like TFTP (more of them get past the opcode). */
function input(r: SeededRandom): Uint8Array {
  const x = r.next();
  if (x < 0.33) return r.bytes(r.int(0, 600));
  if (x < 0.5) {
    // A plausible opcode, then random bytes with NULs sprinkled in.
    const body = r.bytes(r.int(0, 80)).map((b) => (r.chance(0.15) ? 0 : b));
    return Uint8Array.from([0, r.int(0, 7), ...body]);
  }
  if (x < 0.6) return request(r, r.chance(0.5) ? 1 : 2);
  if (x < 0.7) return otherOpcode(r);
  if (x < 0.72) return hostileRequest(r);
  if (x < 0.9) return mutate(r, r.chance(0.7) ? request(r) : otherOpcode(r));
  return listenPortPacket(r).bytes;
}

t.test(`${CASES} inputs: a packet or a TftpDecodeError, and decoded packets round-trip`, async (t) => {
  const r = new SeededRandom(seed);
  const tally: Record<string, number> = {};
  const wrongErrors: string[] = [];
  const encodeFailures: string[] = [];
  const roundTripFailures: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const bytes = input(r);
    let packet: TftpPacket;
    try {
      packet = decodePacket(bytes);
    } catch (err) {
      if (err instanceof TftpDecodeError && /^TFTP_/.test(err.code)) {
        tally[err.code] = (tally[err.code] ?? 0) + 1;
      } else if (wrongErrors.length < 5) {
        wrongErrors.push(`${String(err)} for ${hex(bytes)}`);
      }
      continue;
    }
    tally[packet.op] = (tally[packet.op] ?? 0) + 1;
    let again: TftpPacket;
    try {
      again = decodePacket(encodePacket(packet));
    } catch (err) {
      if (encodeFailures.length < 5) encodeFailures.push(`${String(err)} for ${hex(bytes)} -> ${JSON.stringify(packet)}`);
      continue;
    }
    if (!isDeepStrictEqual(again, packet) && roundTripFailures.length < 5) {
      roundTripFailures.push(`${hex(bytes)}: ${JSON.stringify(packet)} became ${JSON.stringify(again)}`);
    }
  }
  t.comment(`outcomes: ${JSON.stringify(tally)}`);
  t.same(wrongErrors, [], 'every failure is a TftpDecodeError with a TFTP_* code');
  t.same(encodeFailures, [], 'every decoded packet encodes');
  t.same(roundTripFailures, [], 'decode(encode(decode(x))) equals decode(x)');
  // The run must have reached every packet type and most error codes, or it tested little.
  for (const op of ['RRQ', 'WRQ', 'DATA', 'ACK', 'ERROR', 'OACK']) t.ok((tally[op] ?? 0) > 100, `${op} decoded ${tally[op] ?? 0} times`);
  for (const code of ['TFTP_TRUNCATED', 'TFTP_BAD_OPCODE', 'TFTP_UNTERMINATED_STRING', 'TFTP_BAD_TEXT', 'TFTP_ODD_OPTIONS', 'TFTP_BAD_LENGTH']) {
    t.ok((tally[code] ?? 0) > 10, `${code} seen ${tally[code] ?? 0} times`);
  }
});

t.test('decoding never modifies its input', async (t) => {
  const r = new SeededRandom(seed ^ 0x9e3779b9);
  t.equal(countInputMutations(decodePacket, () => input(r)), 0, 'input bytes unchanged');
});
