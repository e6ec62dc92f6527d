/**
 * N clients at once downloading the big file from one server, for each N and each server in turn
 * (levels outer, servers interleaved inner). The server stays on its CPU; the clients run on another
 * one when there is one, so that N curl processes do not starve the server they measure. One batch
 * per level and server: a batch of 100 is long enough to smooth itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchEnv } from './bench-env.js';
import { download } from './clients.js';
import { concurrentClientTimeoutMs } from './config.js';
import type { Peer } from './peers.js';
import { descendantsOf } from './processes.js';
import type { ConcurrencyCell } from './result.js';
import { RssSampler } from './rss.js';
import { mibPerSecond } from './stats.js';

const SETTLE_LIMIT_MS = 5_000;
const SETTLE_POLL_MS = 100;
const MAX_REASONS = 3;

/** Waits (bounded) until a forking server has no transfer children left from the batch before. */
async function settle(peer: Peer): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  while (peer.forks && descendantsOf(peer.pid).length > 0 && Date.now() < deadline) await sleep(SETTLE_POLL_MS);
  await sleep(SETTLE_POLL_MS * 5);
}

async function batch(env: BenchEnv, peer: Peer, clients: number): Promise<ConcurrencyCell> {
  const { config, ws } = env;
  const timeoutMs = concurrentClientTimeoutMs(config, clients);
  await settle(peer);
  const sampler = new RssSampler(peer.pid, peer.forks, config.rssIntervalMs);
  sampler.start();
  const started = process.hrtime.bigint();
  const downloads = await Promise.all(
    Array.from({ length: clients }, () =>
      download(
        env.registry,
        env.tools,
        {
          client: 'curl',
          port: peer.port,
          name: ws.bigName,
          blockSize: config.concurrencyBlockSize,
          windowSize: null,
          // Discarded: curl's byte count is checked instead, so 100 × 64 MiB never touch the disk.
          out: null,
          cpu: config.concurrencyClientCpu,
          timeoutMs,
        },
        { bytes: ws.bigBytes, sha256: null },
        async () => '',
      ),
    ),
  );
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = sampler.stop();
  const ok = downloads.filter((d) => d.ok);
  const reasons = [...new Set(downloads.flatMap((d) => (d.failure === null ? [] : [d.failure])))];
  return {
    peer: peer.id,
    clients,
    wallSeconds,
    aggregateMiBps: mibPerSecond(ok.length * ws.bigBytes, wallSeconds),
    failures: clients - ok.length,
    failureReasons: reasons.slice(0, MAX_REASONS),
    slowestSeconds: ok.length === 0 ? null : Math.max(...ok.map((d) => d.seconds)),
    peakRssBytes: rss.peakBytes,
    peakPssBytes: rss.peakPssBytes,
    peakRssProcesses: rss.peakProcesses,
    clientTimeoutSeconds: timeoutMs / 1000,
  };
}

export async function runConcurrency(env: BenchEnv, peers: readonly Peer[]): Promise<ConcurrencyCell[]> {
  const out: ConcurrencyCell[] = [];
  for (const clients of env.config.concurrencyLevels) {
    env.progress(`concurrency: ${clients} client${clients === 1 ? '' : 's'}`);
    for (const peer of peers) {
      const cell = await batch(env, peer, clients);
      out.push(cell);
      const rssMb = (cell.peakRssBytes / 1e6).toFixed(1);
      env.progress(
        `  ${peer.id}: ${cell.wallSeconds.toFixed(2)} s, ${cell.aggregateMiBps.toFixed(1)} MiB/s, ` +
          `${cell.failures} failed, peak RSS ${rssMb} MB`,
      );
    }
  }
  return out;
}
