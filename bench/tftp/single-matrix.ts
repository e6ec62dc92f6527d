/**
 * Single transfers of the big file, each case run `runs` times per server, servers interleaved
 * within each round (A, B, C, A, B, C, ...) so that any drift of the machine hits all of them.
 * Client and server share one CPU, as in the published peer figures.
 */
import path from 'node:path';
import type { BenchEnv } from './bench-env.js';
import { download, probeWindowSize, type ClientKind } from './clients.js';
import type { BenchConfig } from './config.js';
import type { Peer, PeerId } from './peers.js';
import type { RunFigure, SingleCase, SingleCell } from './result.js';
import { median, mibPerSecond } from './stats.js';
import { sha256File } from './workspace.js';

export interface CaseSpec {
  id: string;
  label: string;
  client: ClientKind;
  blockSize: number;
  windowSize: number | null;
}

export function singleCases(config: BenchConfig): CaseSpec[] {
  const lockstep: CaseSpec[] = config.blockSizes.map((b) => ({
    id: `b${b}`,
    label: `blksize ${b}`,
    client: 'curl',
    blockSize: b,
    windowSize: null,
  }));
  const { blockSize, windowSize } = config.window;
  return [
    ...lockstep,
    { id: `b${blockSize}-w${windowSize}`, label: `${blockSize} + ws ${windowSize}`, client: 'atftp', blockSize, windowSize },
  ];
}

function emptyCell(peer: PeerId, windowNegotiated: boolean | null): SingleCell {
  return { peer, runs: [], medianSeconds: null, mibPerSecond: null, failures: 0, windowNegotiated };
}

async function windowSupport(env: BenchEnv, spec: CaseSpec, peer: Peer): Promise<boolean | null> {
  if (spec.windowSize === null) return null;
  const probe = await probeWindowSize(env.registry, env.tools, {
    port: peer.port,
    name: env.ws.probeName,
    blockSize: spec.blockSize,
    windowSize: spec.windowSize,
    out: path.join(env.ws.downloads, `probe-${peer.id}.bin`),
    cpu: env.config.clientCpu,
    timeoutMs: 10_000,
  });
  env.progress(`  ${peer.id}: OACK to windowsize ${spec.windowSize}: ${probe.oack ?? 'none'}`);
  return probe.negotiated;
}

export async function runSingleMatrix(env: BenchEnv, peers: readonly Peer[]): Promise<SingleCase[]> {
  const { config, ws } = env;
  const out: SingleCase[] = [];
  for (const spec of singleCases(config)) {
    env.progress(`single transfer: ${spec.label} (${spec.client})`);
    const cells = new Map<PeerId, SingleCell>();
    for (const peer of peers) cells.set(peer.id, emptyCell(peer.id, await windowSupport(env, spec, peer)));
    for (let round = 0; round < config.runs; round++) {
      for (const peer of peers) {
        const got = await download(
          env.registry,
          env.tools,
          {
            client: spec.client,
            port: peer.port,
            name: ws.bigName,
            blockSize: spec.blockSize,
            windowSize: spec.windowSize,
            out: path.join(ws.downloads, `${peer.id}-${spec.id}-${round}.bin`),
            cpu: config.clientCpu,
            timeoutMs: config.clientTimeoutMs,
          },
          { bytes: ws.bigBytes, sha256: ws.bigSha256 },
          sha256File,
        );
        const figure: RunFigure = { ok: got.ok, seconds: got.seconds, sha256Checked: got.sha256Checked, failure: got.failure };
        const cell = cells.get(peer.id) as SingleCell;
        cell.runs.push(figure);
        if (!got.ok) cell.failures++;
        const shown = got.ok ? `${got.seconds.toFixed(2)} s` : `FAILED (${got.failure})`;
        env.progress(`  run ${round + 1}/${config.runs} ${peer.id}: ${shown}`);
      }
    }
    for (const cell of cells.values()) {
      cell.medianSeconds = median(cell.runs.filter((r) => r.ok).map((r) => r.seconds));
      cell.mibPerSecond = cell.medianSeconds === null ? null : mibPerSecond(ws.bigBytes, cell.medianSeconds);
    }
    out.push({ ...spec, cells: [...cells.values()] });
  }
  return out;
}
