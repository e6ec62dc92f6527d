/**
 * Many real clients at once, against a packet cache far smaller than the files (1 MiB for 4 files
 * of 3 MiB): chunks are evicted and their slabs recycled while other transfers still send from
 * theirs. Every client, whatever its block size and window, must still get exact bytes: a slab
 * reused too early would show up here as a wrong sha256.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import t from 'tap';
import { PacketCache } from '../../src/files/packet-cache.js';
import { CLIENTS, requireClient, runClient, sha256, sha256File, startTestServer, tempDir, writeFile } from './interop-harness.js';
import { nodeTftpGet } from './node-tftp-client.js';

const FILES = 4;
const CLIENT_COUNT = 24;
const BLOCK_SIZES = [512, 1024, 1428, 1468, 8192, 65464];

t.test(`${CLIENT_COUNT} concurrent downloads (curl, atftp, Node) through a 1 MiB packet cache`, async (t) => {
  const curl = requireClient(CLIENTS.curl);
  const atftp = requireClient(CLIENTS.atftp);
  const root = await tempDir(t, 'concurrent-root');
  const out = await tempDir(t, 'concurrent-out');
  const hashes = new Map<string, string>();
  for (let i = 0; i < FILES; i++) {
    const bytes = randomBytes(3 * 1024 * 1024 + i * 7919);
    await writeFile(root, `f${i}.bin`, bytes);
    hashes.set(`f${i}.bin`, sha256(bytes));
  }
  const cache = new PacketCache({ maxBytes: 1024 * 1024 });
  const server = await startTestServer(t, root, { cache });

  const jobs = Array.from({ length: CLIENT_COUNT }, async (_, i) => {
    const file = `f${i % FILES}.bin`;
    const blksize = BLOCK_SIZES[i % BLOCK_SIZES.length]!;
    const local = path.join(out, `${i}.bin`);
    const url = `tftp://127.0.0.1:${server.port}/${file}`;
    switch (i % 3) {
      case 0: {
        const run = await runClient(curl, ['-s', '-S', '--tftp-blksize', String(blksize), '-o', local, url], { timeoutMs: 120_000 });
        return { label: `curl blksize ${blksize}`, file, code: run.code, sha: await sha256File(local).catch(() => '') };
      }
      case 1: {
        const windowsize = 1 + (i % 16);
        const run = await runClient(
          atftp,
          ['--option', `blksize ${blksize}`, '--option', `windowsize ${windowsize}`, '-g', '-r', file, '-l', local, '127.0.0.1', String(server.port)],
          { timeoutMs: 120_000 },
        );
        return { label: `atftp blksize ${blksize} windowsize ${windowsize}`, file, code: run.code, sha: await sha256File(local).catch(() => '') };
      }
      default: {
        const got = await nodeTftpGet({ port: server.port, file, options: [['blksize', String(blksize)], ['windowsize', '8']], timeoutMs: 120_000 });
        return { label: `node blksize ${blksize} windowsize 8`, file, code: 0, sha: sha256(got.data) };
      }
    }
  });
  for (const r of await Promise.all(jobs)) {
    t.ok(r.code === 0 && r.sha === hashes.get(r.file), `${r.label}: ${r.file} byte-exact (exit ${r.code})`);
  }
  // The last ACK may still be in flight when a client exits: give the server a moment.
  const deadline = performance.now() + 5_000;
  while (server.ends.length < CLIENT_COUNT && performance.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  const complete = server.ends.filter((s) => s.outcome === 'complete');
  t.equal(complete.length, CLIENT_COUNT, 'the server reports every transfer complete');
  t.ok(
    complete.every((s) => s.bytesSent === s.size),
    'each with bytesSent equal to the file size',
  );
  const stats = cache.stats();
  t.comment(`cache: ${JSON.stringify(stats)}`);
  t.ok(stats.unpooledChunks > 0, 'the slab pool ran out (the cache really was too small)');
  t.ok(stats.slabs <= Math.floor((1024 * 1024) / (64 * 1024)), `the pool stayed within its bound (${stats.slabs} slabs)`);
});
