/**
 * Downloads through a lossy relay (drop, duplicate, reorder; seeded, so a run can be replayed):
 * real clients and the test's own Node client must still end up with byte-exact files, and the
 * server must have recovered by retransmitting (RFC 1350 §2 timeouts, RFC 7440 §4 window restart),
 * never by answering duplicate ACKs (RFC 1123 §4.2.3.1, the Sorcerer's Apprentice).
 *
 * Time per lost packet is the retransmit timeout, so sizes are small:
 * - curl asks for the server's timeout itself (`timeout` option, RFC 2349): 1 s with a 3 s connect
 *   timeout, the shortest it can ask; it gives up after 3 silent retries of its own.
 * - atftp ignores a repeated window of blocks it already has, and waits for its own timeout
 *   (`--tftp-timeout 1`) before it ACKs again; it aborts on a repeated OACK, so the proxy spares
 *   the handshake (see LossProfile.spareFirst).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import t, { type Test } from 'tap';
import type { TransferStats } from '../../src/tftp/transfer-stats.js';
import { SeededRandom } from '../fuzz/seeded-random.js';
import {
  CLIENTS,
  requireClient,
  runClient,
  sha256,
  sha256File,
  startTestServer,
  tempDir,
  writeFile,
  type TestServer,
} from './interop-harness.js';
import { LossyProxy, packetFate, type LossProfile } from './lossy-proxy.js';
import { nodeTftpGet } from './node-tftp-client.js';

const LOSSY: LossProfile = { drop: 0.05, duplicate: 0.05, reorder: 0.05, reorderMaxMs: 20 };
const VERY_LOSSY: LossProfile = { drop: 0.1, duplicate: 0.05, reorder: 0.05, reorderMaxMs: 20 };
/** Fixed seeds: each run sees the same fates, so the suite is reproducible (and not flaky). */
const SEED = 1;

t.test('packetFate: pure, seeded, in the asked proportions', async (t) => {
  const draw = (seed: number, n: number): string[] => {
    const r = new SeededRandom(seed);
    return Array.from({ length: n }, () => JSON.stringify(packetFate(r, LOSSY)));
  };
  t.same(draw(7, 200), draw(7, 200), 'same seed, same fates');
  t.not(draw(7, 200).join(), draw(8, 200).join(), 'another seed, other fates');
  const n = 40_000;
  const tally = { pass: 0, drop: 0, duplicate: 0, delay: 0 };
  let delayOutOfRange = 0;
  const r = new SeededRandom(42);
  for (let i = 0; i < n; i++) {
    const f = packetFate(r, VERY_LOSSY);
    tally[f.kind]++;
    if (f.kind === 'delay' && !(f.ms >= 1 && f.ms <= VERY_LOSSY.reorderMaxMs)) delayOutOfRange++;
  }
  t.equal(delayOutOfRange, 0, `every delay within 1..${VERY_LOSSY.reorderMaxMs} ms`);
  t.ok(Math.abs(tally.drop / n - 0.1) < 0.01, `drop ${tally.drop / n}`);
  t.ok(Math.abs(tally.duplicate / n - 0.05) < 0.01, `duplicate ${tally.duplicate / n}`);
  t.ok(Math.abs(tally.delay / n - 0.05) < 0.01, `delay ${tally.delay / n}`);
  const none = new SeededRandom(1);
  t.ok(
    Array.from({ length: 1000 }, () => packetFate(none, { drop: 0, duplicate: 0, reorder: 0, reorderMaxMs: 0 })).every((f) => f.kind === 'pass'),
    'no loss asked: every packet passes',
  );
});

/** Everything a lossy download must show, whoever the client. */
async function checkLossy(
  t: Test,
  proxy: LossyProxy,
  end: Promise<TransferStats>,
  expected: { sha: string; size: number; got: string },
): Promise<void> {
  t.equal(expected.got, expected.sha, 'received bytes equal the source (sha256)');
  const stats = await end;
  // If the client's final ACK is lost and the client is gone, the server can only time out: every
  // byte was still sent and received, which the sha256 above proves.
  t.ok(
    stats.outcome === 'complete' || (stats.outcome === 'timeout' && stats.bytesSent === expected.size),
    `server outcome ${stats.outcome} (${stats.detail})`,
  );
  t.equal(stats.bytesSent, expected.size, 'server bytesSent');
  t.ok(stats.retransmits > 0, `server retransmitted (${stats.retransmits} of ${stats.packetsSent} packets)`);
  t.ok(proxy.total('dropped') > 0, `proxy dropped ${proxy.total('dropped')}`);
  t.ok(proxy.total('duplicated') > 0, `proxy duplicated ${proxy.total('duplicated')}`);
  t.ok(proxy.total('delayed') > 0, `proxy reordered ${proxy.total('delayed')}`);
  t.comment(`seed ${proxy.seed}: ${JSON.stringify(proxy.counts)}; server ${stats.packetsSent} packets in ${Math.round(stats.durationMs)} ms`);
}

async function setup(
  t: Test,
  name: string,
  size: number,
  profile: LossProfile,
  retransmit?: { initialMs: number; maxMs: number; maxTries: number },
): Promise<{ server: TestServer; proxy: LossyProxy; bytes: Buffer; out: string }> {
  const root = await tempDir(t, `lossy-${name}`);
  const out = await tempDir(t, `lossy-${name}-out`);
  const bytes = randomBytes(size);
  await writeFile(root, `${name}.bin`, bytes);
  const server = await startTestServer(t, root, retransmit ? { retransmit } : {});
  const proxy = await LossyProxy.start(server.port, profile, SEED);
  t.teardown(() => proxy.close());
  return { server, proxy, bytes, out };
}

t.test('curl, lockstep blksize 1468, 5% drop / 5% duplicate / 5% reorder', async (t) => {
  const curl = requireClient(CLIENTS.curl);
  const { server, proxy, bytes, out } = await setup(t, 'curl', 64 * 1024, LOSSY);
  const local = path.join(out, 'curl.bin');
  const end = server.nextEnd('curl.bin', 30_000);
  const run = await runClient(
    curl,
    ['-s', '-S', '--connect-timeout', '3', '--tftp-blksize', '1468', '-o', local, `tftp://127.0.0.1:${proxy.port}/curl.bin`],
    { timeoutMs: 60_000 },
  );
  t.equal(run.code, 0, `curl exit code 0 (${run.stderr.trim() || 'no stderr'}, ${Math.round(run.ms)} ms)`);
  await checkLossy(t, proxy, end, { sha: sha256(bytes), size: bytes.length, got: await sha256File(local).catch(() => '') });
});

t.test('atftp, blksize 1468 windowsize 8, 5% drop / 5% duplicate / 5% reorder', async (t) => {
  const atftp = requireClient(CLIENTS.atftp);
  const { server, proxy, bytes, out } = await setup(t, 'atftp', 256 * 1024, { ...LOSSY, spareFirst: 2 });
  const local = path.join(out, 'atftp.bin');
  const end = server.nextEnd('atftp.bin', 30_000);
  const run = await runClient(
    atftp,
    ['--tftp-timeout', '1', '--option', 'blksize 1468', '--option', 'windowsize 8', '-g', '-r', 'atftp.bin', '-l', local, '127.0.0.1', String(proxy.port)],
    { timeoutMs: 60_000 },
  );
  t.equal(run.code, 0, `atftp exit code 0 (${Math.round(run.ms)} ms)`);
  await checkLossy(t, proxy, end, { sha: sha256(bytes), size: bytes.length, got: await sha256File(local).catch(() => '') });
});

// The Node client retries fast and dallies after its last ACK, so heavier loss stays quick.
const FAST_RETRANSMIT = { initialMs: 100, maxMs: 400, maxTries: 10 };
for (const windowsize of [1, 8]) {
  t.test(`Node client, blksize 1468 windowsize ${windowsize}, 10% drop / 5% duplicate / 5% reorder`, async (t) => {
    const name = `node-ws${windowsize}`;
    const { server, proxy, bytes } = await setup(t, name, windowsize === 1 ? 128 * 1024 : 512 * 1024, VERY_LOSSY, FAST_RETRANSMIT);
    const end = server.nextEnd(`${name}.bin`, 30_000);
    const got = await nodeTftpGet({
      port: proxy.port,
      file: `${name}.bin`,
      options: [['blksize', '1468'], ['windowsize', String(windowsize)]],
      retryMs: 150,
      maxRetries: 20,
      dallyMs: 300,
      timeoutMs: 60_000,
    });
    t.same(got.oack, { blksize: '1468', windowsize: String(windowsize) }, 'OACK');
    await checkLossy(t, proxy, end, { sha: sha256(bytes), size: bytes.length, got: sha256(got.data) });
  });
}
