import t, { type Test } from 'tap';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PacketCache, type CacheableFile } from '../../src/files/packet-cache.js';
import { CachedPacketSource } from '../../src/files/packet-source.js';
import { decodePacket } from '../../src/tftp/packet.js';

async function tempFile(t: Test, size: number, seed = 1): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'thinboot-cache-'));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 31 + seed) & 0xff;
  const file = path.join(dir, 'f.bin');
  await fs.writeFile(file, buf);
  return file;
}

async function open(t: Test, file: string, identity = 'id-' + file, sizeOverride?: number): Promise<CacheableFile> {
  const handle = await fs.open(file, 'r');
  t.teardown(() => handle.close().catch(() => {}));
  const { size } = await handle.stat();
  return { identity, size: sizeOverride ?? size, handle };
}

/** Every packet of the file, waiting on the cache where needed. */
async function allPackets(src: CachedPacketSource, blocks: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let n = 1; n <= blocks; n++) {
    let p = src.packet(n);
    while (!(p instanceof Uint8Array)) {
      await p;
      p = src.packet(n);
    }
    out.push(Buffer.from(p));
  }
  return out;
}

t.test('packets carry the right header and bytes, for several block sizes', async (t) => {
  const size = 300_000 + 17;
  const file = await tempFile(t, size);
  const want = await fs.readFile(file);
  for (const bs of [8, 512, 1468, 8192, 65464]) {
    const cache = new PacketCache({ chunkBytes: 64 * 1024, maxBytes: 1024 * 1024 });
    const f = await open(t, file);
    const src = new CachedPacketSource(f, cache, bs, () => false);
    const blocks = Math.floor(size / bs) + 1;
    const packets = await allPackets(src, blocks);
    const data: Buffer[] = [];
    let headersOk = true;
    packets.forEach((p, i) => {
      const d = decodePacket(p);
      if (d.op !== 'DATA' || d.block !== (i + 1) % 65536) headersOk = false;
      if (d.op === 'DATA') data.push(Buffer.from(d.data));
    });
    t.ok(headersOk, `bs ${bs}: DATA headers numbered 1..${blocks}`);
    t.equal(createHash('sha256').update(Buffer.concat(data)).digest('hex'), createHash('sha256').update(want).digest('hex'), `bs ${bs}: content`);
    t.ok(data[data.length - 1]!.length < bs, `bs ${bs}: last block short`);
  }
});

t.test('a file served to several clients is read from disk once', async (t) => {
  const file = await tempFile(t, 200_000);
  const cache = new PacketCache({ chunkBytes: 64 * 1024, maxBytes: 4 * 1024 * 1024 });
  const blocks = Math.floor(200_000 / 1468) + 1;
  const sources = await Promise.all([1, 2, 3, 4].map(async () => new CachedPacketSource(await open(t, file, 'same'), cache, 1468, () => false)));
  await Promise.all(sources.map((s) => allPackets(s, blocks)));
  const st = cache.stats();
  t.equal(st.bytesRead, 200_000, 'each byte read once');
  t.equal(st.misses, Math.ceil(blocks / cache.blocksPerChunk(1468)), 'one miss per chunk');
  t.ok(st.hits > st.misses, 'the other clients hit');
});

t.test('a replaced file (new identity) is never served from stale chunks', async (t) => {
  const a = await tempFile(t, 5000, 1);
  const b = await tempFile(t, 5000, 2);
  const cache = new PacketCache();
  const first = await allPackets(new CachedPacketSource(await open(t, a, 'v1'), cache, 512, () => false), 10);
  const second = await allPackets(new CachedPacketSource(await open(t, b, 'v2'), cache, 512, () => false), 10);
  t.not(Buffer.concat(first).toString('hex'), Buffer.concat(second).toString('hex'));
});

t.test('memory stays bounded: slabs are recycled, never more than the budget', async (t) => {
  const size = 4 * 1024 * 1024;
  const file = await tempFile(t, size);
  const chunkBytes = 64 * 1024;
  const cache = new PacketCache({ chunkBytes, maxBytes: 8 * chunkBytes * 1.02 });
  const src = new CachedPacketSource(await open(t, file), cache, 1468, () => false);
  await allPackets(src, Math.floor(size / 1468) + 1);
  await src.close();
  const st = cache.stats();
  t.ok(st.slabs <= 8, `slabs ${st.slabs} <= 8`);
  t.equal(st.unpooledChunks, 0);
});

t.test('a chunk released while sends may be queued is never overwritten', async (t) => {
  const size = 2 * 1024 * 1024;
  const file = await tempFile(t, size);
  const chunkBytes = 64 * 1024;
  const cache = new PacketCache({ chunkBytes, maxBytes: 2 * chunkBytes * 1.02 });
  const f = await open(t, file);
  const lease = await cache.chunk(f, 1468, 0);
  const snapshot = Buffer.from(lease.bytes);
  const view = lease.bytes;
  lease.release(true);
  const src = new CachedPacketSource(f, cache, 1468, () => false);
  await allPackets(src, Math.floor(size / 1468) + 1);
  t.same(Buffer.from(view), snapshot, 'still the bytes it had');
});

t.test('a file that shrank after opening: the missing tail reads as zeros, never stale memory', async (t) => {
  const file = await tempFile(t, 1000);
  const cache = new PacketCache();
  const f = await open(t, file, 'shrunk', 3000);
  const packets = await allPackets(new CachedPacketSource(f, cache, 512, () => false), 6);
  const data = Buffer.concat(packets.map((p) => p.subarray(4)));
  t.equal(data.length, 3000);
  t.ok(data.subarray(1000).every((b) => b === 0));
});

t.test('a read error reaches the transfer as an exception, and the cache forgets the chunk', async (t) => {
  const file = await tempFile(t, 5000);
  const cache = new PacketCache();
  const f = await open(t, file, 'closed');
  await f.handle.close();
  const src = new CachedPacketSource(f, cache, 512, () => false);
  const p = src.packet(1);
  t.ok(p instanceof Promise);
  await p;
  t.throws(() => src.packet(1), 'the failure surfaces on the next call');
  const f2 = await open(t, file, 'closed');
  const ok = await allPackets(new CachedPacketSource(f2, cache, 512, () => false), 1);
  t.equal(ok[0]!.length, 516, 'a later reader gets a fresh read');
});

t.test('reads on the event loop while the disk is fast; a slow read switches to the thread pool for a while', async (t) => {
  const file = await tempFile(t, 1_000_000);
  let clock = 0;
  let step = 0;
  // Each call of now() advances the fake clock by `step` ms: a read then "takes" that long.
  const now = () => (clock += step);
  const cache = new PacketCache({ chunkBytes: 64 * 1024, now });
  const f = await open(t, file);
  t.notOk(cache.chunk(f, 1468, 0) instanceof Promise, 'fast disk: the chunk is there at once');
  t.equal(cache.stats().syncReads, 1);
  step = 5;
  t.notOk(cache.chunk(f, 1468, 1) instanceof Promise, 'the slow read itself still completes');
  step = 0;
  const next = cache.chunk(f, 1468, 2);
  t.ok(next instanceof Promise, 'after a slow read: thread pool');
  await next;
  t.equal(cache.stats().asyncReads, 1);
  clock += 10_001;
  t.notOk(cache.chunk(f, 1468, 3) instanceof Promise, 'ten seconds later: back on the fast path');
});
