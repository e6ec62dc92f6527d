import t from 'tap';
import { MemoryPacketSource, type PacketSource } from '../../src/files/packet-source.js';
import { negotiateRead } from '../../src/tftp/options.js';
import { decodePacket, type TftpOption, type TftpPacket } from '../../src/tftp/packet.js';
import { ReadTransfer, type TransferResult } from '../../src/tftp/read-transfer.js';
import { FakeClock } from '../helpers/fake-clock.js';

const limits = { maxBlockSize: 65464, maxWindowSize: 64, maxTimeoutS: 8 };
const ack = (n: number): Uint8Array => Uint8Array.from([0, 4, (n >> 8) & 0xff, n & 0xff]);
const err = (code: number, msg: string): Uint8Array =>
  Uint8Array.from(Buffer.concat([Buffer.from([0, 5, 0, code]), Buffer.from(msg + '\0')]));

function bytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + 3) & 0xff;
  return b;
}

function harness(size: number, options: TftpOption[] = [], source?: PacketSource) {
  const clock = new FakeClock();
  const sent: TftpPacket[] = [];
  const results: TransferResult[] = [];
  const negotiated = negotiateRead(options, size, limits);
  const content = bytes(size);
  const transfer = new ReadTransfer({
    source: source ?? new MemoryPacketSource(content, negotiated.blockSize),
    negotiated,
    clock,
    peer: { send: (datagram) => sent.push(decodePacket(datagram)) },
    retransmit: { initialMs: 1000, maxMs: 4000, maxTries: 3 },
    onEnd: (r) => results.push(r),
  });
  const take = () => sent.splice(0, sent.length);
  const blocks = (ps: TftpPacket[]) => ps.map((p) => (p.op === 'DATA' ? p.block : `${p.op}`));
  return { clock, transfer, take, blocks, results, content };
}

t.test('lockstep without options: DATA 1 at once, one block per ACK, short last block ends it', async (t) => {
  const h = harness(1100);
  h.transfer.start();
  let out = h.take();
  t.same(h.blocks(out), [1]);
  t.equal((out[0] as { data: Uint8Array }).data.length, 512);
  h.transfer.receive(ack(1));
  t.same(h.blocks(h.take()), [2]);
  h.transfer.receive(ack(2));
  out = h.take();
  t.same(h.blocks(out), [3]);
  t.equal((out[0] as { data: Uint8Array }).data.length, 1100 - 1024);
  h.transfer.receive(ack(3));
  t.equal(h.results.length, 1);
  t.equal(h.results[0]!.outcome, 'complete');
  t.equal(h.results[0]!.bytesSent, 1100);
  t.equal(h.clock.pending, 0, 'no timer left behind');
});

t.test('a file of exactly k blocks ends with an empty block k+1', async (t) => {
  const h = harness(1024);
  h.transfer.start();
  h.transfer.receive(ack(1));
  h.transfer.receive(ack(2));
  const out = h.take();
  t.same(h.blocks(out), [1, 2, 3]);
  t.equal((out[2] as { data: Uint8Array }).data.length, 0);
  h.transfer.receive(ack(3));
  t.equal(h.results[0]?.outcome, 'complete');
});

t.test('options: OACK first, DATA 1 only after ACK 0; the OACK is retransmitted on timeout', async (t) => {
  const h = harness(3000, [{ name: 'blksize', value: '1468' }, { name: 'tsize', value: '0' }]);
  h.transfer.start();
  const out = h.take();
  t.same(out, [{ op: 'OACK', options: [{ name: 'blksize', value: '1468' }, { name: 'tsize', value: '3000' }] }]);
  h.transfer.receive(ack(1));
  t.same(h.take(), [], 'ACK 1 before ACK 0 is ignored');
  h.clock.advance(1000);
  t.same(h.take().map((p) => p.op), ['OACK'], 'OACK resent');
  h.transfer.receive(ack(0));
  t.same(h.blocks(h.take()), [1]);
});

t.test('UEFI size probe: error 8 after the OACK is a normal end, not a failure', async (t) => {
  const h = harness(5000, [{ name: 'tsize', value: '0' }]);
  h.transfer.start();
  h.transfer.receive(err(8, 'User aborted the transfer'));
  t.equal(h.results[0]?.outcome, 'size-probe');
  t.equal(h.clock.pending, 0);
});

t.test('no Sorcerer\'s Apprentice: a duplicate ACK never causes a send', async (t) => {
  const h = harness(5000);
  h.transfer.start();
  h.transfer.receive(ack(1));
  t.same(h.blocks(h.take()), [1, 2]);
  h.transfer.receive(ack(1));
  h.transfer.receive(ack(1));
  t.same(h.take(), [], 'duplicates ignored');
  h.transfer.receive(ack(2));
  t.same(h.blocks(h.take()), [3]);
});

t.test('an ACK for a block never sent is ignored', async (t) => {
  const h = harness(5000);
  h.transfer.start();
  h.take();
  h.transfer.receive(ack(5));
  t.same(h.take(), []);
  t.equal(h.results.length, 0);
});

t.test('retransmission with backoff, bounded tries, then an ERROR and a timeout outcome', async (t) => {
  const h = harness(5000);
  h.transfer.start();
  h.take();
  const times: number[] = [];
  for (let i = 0; i < 80; i++) {
    h.clock.advance(250);
    for (const _ of h.take()) times.push(h.clock.now());
    if (h.results.length) break;
  }
  // 1000 ms, then doubled: +2000, +4000 (max), then tries exhausted (maxTries 3) at +4000 with an ERROR.
  t.same(times, [1000, 3000, 7000, 11000], 'resent at 1 s, 3 s, 7 s; given up with an ERROR at 11 s');
  t.equal(h.results[0]?.outcome, 'timeout');
  t.equal(h.results[0]?.retransmits, 3);
});

t.test('progress resets the backoff', async (t) => {
  const h = harness(5000);
  h.transfer.start();
  h.clock.advance(1000);
  h.clock.advance(2000);
  t.equal(h.take().length, 3, 'original and two resends');
  h.transfer.receive(ack(1));
  h.take();
  h.clock.advance(999);
  t.same(h.take(), [], 'timeout back to 1 s');
  h.clock.advance(1);
  t.same(h.blocks(h.take()), [2]);
});

t.test('a timeout asked by the client (RFC 2349) is used as is, without backoff', async (t) => {
  const h = harness(5000, [{ name: 'timeout', value: '2' }]);
  h.transfer.start();
  h.transfer.receive(ack(0));
  h.take();
  h.clock.advance(2000);
  t.equal(h.take().length, 1);
  h.clock.advance(2000);
  t.equal(h.take().length, 1, 'still 2 s');
});

t.test('windowsize: a window at a time; a gap restarts right after the last in-order block', async (t) => {
  const h = harness(512 * 20, [{ name: 'windowsize', value: '4' }]);
  h.transfer.start();
  h.take();
  h.transfer.receive(ack(0));
  t.same(h.blocks(h.take()), [1, 2, 3, 4]);
  h.transfer.receive(ack(4));
  t.same(h.blocks(h.take()), [5, 6, 7, 8]);
  h.transfer.receive(ack(6)); // the client saw 5, 6, then a gap
  t.same(h.blocks(h.take()), [7, 8, 9, 10], 'window restarts at 7');
  h.transfer.receive(ack(6));
  t.same(h.take(), [], 'a repeated gap ACK does not restart again');
  h.clock.advance(1000);
  t.same(h.blocks(h.take()), [7, 8, 9, 10], 'a timeout resends the window from the last ACK');
  t.ok(h.results.length === 0);
});

t.test('windowed transfer runs to completion', async (t) => {
  const h = harness(512 * 10 + 5, [{ name: 'windowsize', value: '4' }]);
  h.transfer.start();
  h.transfer.receive(ack(0));
  h.transfer.receive(ack(4));
  h.transfer.receive(ack(8));
  t.same(h.blocks(h.take()), ['OACK', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  h.transfer.receive(ack(11));
  t.equal(h.results[0]?.outcome, 'complete');
  t.equal(h.results[0]?.bytesSent, 512 * 10 + 5);
});

t.test('block numbers roll over past 65535 (8-byte blocks, 70,000 blocks)', async (t) => {
  const size = 8 * 70000 + 3;
  const h = harness(size, [{ name: 'blksize', value: '8' }]);
  h.transfer.start();
  t.same(h.blocks(h.take()), ['OACK']);
  h.transfer.receive(ack(0));
  const received: Uint8Array[] = [];
  const wrong: string[] = [];
  for (let n = 1; n <= 70001 && wrong.length === 0; n++) {
    const out = h.take();
    const p = out[0];
    if (out.length !== 1 || p?.op !== 'DATA' || p.block !== n % 65536) {
      wrong.push(`block ${n}: got ${JSON.stringify(out.map((x) => (x.op === 'DATA' ? x.block : x.op)))}`);
      break;
    }
    received.push(p.data);
    h.transfer.receive(ack(n % 65536));
  }
  t.same(wrong, [], 'each block sent once, numbered n mod 65536');
  t.equal(h.results[0]?.outcome, 'complete');
  t.same(Buffer.concat(received), Buffer.from(h.content), 'every byte, in order');
});

t.test('the client\'s error mid-transfer ends it', async (t) => {
  const h = harness(5000);
  h.transfer.start();
  h.transfer.receive(err(0, 'disk full on client'));
  t.equal(h.results[0]?.outcome, 'client-error');
  t.match(h.results[0]?.detail, /disk full/);
});

t.test('garbage and stray opcodes are ignored, not fatal', async (t) => {
  const h = harness(5000);
  h.transfer.start();
  h.take();
  h.transfer.receive(Uint8Array.from([0xff, 0xff, 1]));
  h.transfer.receive(Uint8Array.from([0, 3, 0, 1, 9, 9]));
  h.transfer.receive(Uint8Array.from([0, 1, 0x61, 0, 0x6f, 0x63, 0x74, 0x65, 0x74, 0]));
  t.equal(h.results.length, 0);
  h.transfer.receive(ack(1));
  t.same(h.blocks(h.take()), [2]);
});

t.test('abort sends an ERROR to the client', async (t) => {
  const h = harness(5000);
  h.transfer.start();
  h.take();
  h.transfer.abort('the server is shutting down');
  t.same(h.take(), [{ op: 'ERROR', code: 0, message: 'the server is shutting down' }]);
  t.equal(h.results[0]?.outcome, 'aborted');
  h.transfer.receive(ack(1));
  t.same(h.take(), [], 'nothing after the end');
});

t.test('a source that must first read from disk: the send waits, then carries on', async (t) => {
  const content = bytes(2000);
  const mem = new MemoryPacketSource(content, 512);
  let ready = false;
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const slow: PacketSource = {
    size: 2000,
    packet: (n) => (ready ? mem.packet(n) : gate),
    close: async () => {},
  };
  const h = harness(2000, [], slow);
  h.transfer.start();
  t.same(h.take(), []);
  ready = true;
  release();
  await gate;
  await new Promise((r) => setImmediate(r));
  t.same(h.blocks(h.take()), [1]);
});

t.test('a read error ends the transfer with an ERROR to the client', async (t) => {
  const broken: PacketSource = {
    size: 2000,
    packet: () => {
      throw new Error('EIO');
    },
    close: async () => {},
  };
  const h = harness(2000, [], broken);
  h.transfer.start();
  t.same(h.take(), [{ op: 'ERROR', code: 0, message: 'read error on the server' }]);
  t.equal(h.results[0]?.outcome, 'read-error');
});
