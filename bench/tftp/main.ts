/**
 * `npm run bench:tftp`: thinboot's TFTP server against tftpd-hpa (and dnsmasq when it can listen on
 * a free port) on 127.0.0.1, in one run. See README.md for what is measured and how to read it.
 *
 * Exit codes: 0 the bench ran (whatever the figures), 1 it broke part-way, 2 it could not run
 * (missing tool, server that does not start, bad argument), 130 interrupted.
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchEnv } from './bench-env.js';
import { parseBenchArgs, USAGE, type BenchConfig } from './config.js';
import { runConcurrency } from './concurrency.js';
import { cpuBusyPercent } from './cpu-busy.js';
import { PEER_ORDER, pinProcess, startPeer, stopPeer, thinbootCli, type Peer, type PeerContext } from './peers.js';
import { PortPicker } from './ports.js';
import { ProcessRegistry } from './processes.js';
import { formatReport } from './report.js';
import { RESULT_SCHEMA, type BenchResult, type ConcurrencyCell, type SingleCase } from './result.js';
import { runSingleMatrix } from './single-matrix.js';
import { evaluateTargets } from './targets.js';
import { installSentence, lookUpTools, type ToolPaths } from './tools.js';
import { createWorkspace, removeWorkspaceNow, type Workspace } from './workspace.js';

/** dist/js/bench/tftp/main.js → the repository. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const RESULT_PATH = path.join(REPO_ROOT, 'dist', 'bench-tftp-result.json');

/** CPU use of the whole machine, measured over one second before the start, above which a run is flagged noisy. */
const BUSY_PERCENT = 15;
const BUSY_WINDOW_MS = 1_000;

/** The bench cannot run here; the message says what to do about it. */
class CannotRun extends Error {
  readonly code = 'BENCH_CANNOT_RUN';
}

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function findTools(registry: ProcessRegistry): Promise<ToolPaths> {
  const lookup = await lookUpTools(process.env.PATH ?? '');
  if (lookup.missing.length > 0) throw new CannotRun(installSentence(lookup.missing));
  const curl = await registry.run(lookup.found.curl as string, ['--version'], { timeoutMs: 5_000 });
  if (!/^Protocols:.*\btftp\b/m.test(curl.stdout)) {
    throw new CannotRun('The TFTP bench cannot run: this curl has no TFTP support; install the Debian package curl.');
  }
  if (!existsSync(thinbootCli(REPO_ROOT))) {
    throw new CannotRun(`The TFTP bench cannot run: ${thinbootCli(REPO_ROOT)} is missing; run npm run build first.`);
  }
  return lookup.found;
}

function windowNotes(single: readonly SingleCase[]): string[] {
  const notes: string[] = [];
  for (const c of single.filter((x) => x.windowSize !== null)) {
    for (const cell of c.cells) {
      if (cell.windowNegotiated === false) {
        notes.push(`${cell.peer} does not negotiate windowsize (RFC 7440): its "${c.label}" figure is a lockstep transfer.`);
      }
    }
  }
  return notes;
}

function failureNotes(single: readonly SingleCase[], concurrency: readonly ConcurrencyCell[]): string[] {
  const notes: string[] = [];
  for (const c of single) {
    for (const cell of c.cells) {
      for (const [i, run] of cell.runs.entries()) {
        if (!run.ok) notes.push(`FAILED: ${cell.peer} ${c.label} run ${i + 1}: ${run.failure}`);
      }
    }
  }
  for (const c of concurrency) {
    if (c.failures > 0) notes.push(`FAILED: ${c.peer} with ${c.clients} clients: ${c.failures} failed (${c.failureReasons.join('; ')})`);
  }
  return notes;
}

async function runBench(config: BenchConfig, registry: ProcessRegistry, onWorkspace: (ws: Workspace) => void): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const busyAtStart = await cpuBusyPercent(BUSY_WINDOW_MS);
  const tools = await findTools(registry);
  const available = os.availableParallelism();
  const notes: string[] = [];

  progress(`generating a ${config.fileBytes / (1024 * 1024)} MiB random file`);
  const ws = await createWorkspace(config.fileBytes);
  onWorkspace(ws);
  const ctx: PeerContext = { registry, tools, ws, ports: new PortPicker(), config, repoRoot: REPO_ROOT };
  if (available > 1) {
    // Keeps this process's own wake-ups off the CPU where server and single-transfer client run.
    await pinProcess(ctx, process.pid, config.concurrencyClientCpu);
    notes.push(`The bench process itself runs on CPU ${config.concurrencyClientCpu}, away from the servers' CPU ${config.serverCpu}.`);
  } else {
    notes.push('Only one CPU is available: the concurrent clients share the servers\' CPU.');
  }

  const peers: Peer[] = [];
  const skipped: BenchResult['skipped'] = [];
  try {
    for (const id of PEER_ORDER) {
      progress(`starting ${id}`);
      const started = await startPeer(ctx, id);
      if (started.kind === 'up') peers.push(started.peer);
      else if (id === 'dnsmasq') skipped.push({ id, reason: started.reason });
      else throw new CannotRun(`The TFTP bench cannot run: ${id} did not start: ${started.reason}`);
    }
    const env: BenchEnv = { config, registry, tools, ws, progress };
    const single = await runSingleMatrix(env, peers);
    const concurrency = await runConcurrency(env, peers);
    notes.push(...windowNotes(single), ...failureNotes(single, concurrency));
    if (peers.some((p) => p.forks)) {
      notes.push('tftpd-hpa forks a process per transfer: its RSS is the sum over the parent and its children, ' +
          'shared pages counted once per process; PSS splits shared pages among their sharers and sums fairly.');
    }
    if (config.concurrencyClientCpu !== config.serverCpu) {
      notes.push(
        `Concurrent clients run on CPU ${config.concurrencyClientCpu}, the servers on CPU ${config.serverCpu}: every packet ` +
          'wakes the other CPU, so 1 client there is slower than the same transfer in the single-transfer table.',
      );
    }
    const timeouts = [...new Set(concurrency.map((c) => `${c.clients}: ${c.clientTimeoutSeconds} s`))].join(', ');
    notes.push(`Client time limits: ${config.clientTimeoutMs / 1000} s per single transfer; per concurrent client by batch size (${timeouts}).`);
    if (busyAtStart !== null && busyAtStart > BUSY_PERCENT) {
      notes.push(
        `The machine was busy before the bench began (${busyAtStart.toFixed(0)} % of ${available} CPUs): ` +
          'other processes shared the CPUs, so figures may be noisy; compare within this run only.',
      );
    }
    return {
      schema: RESULT_SCHEMA,
      startedAt,
      finishedAt: new Date().toISOString(),
      quick: config.quick,
      fileBytes: config.fileBytes,
      runs: config.runs,
      cpuBusyAtStartPercent: busyAtStart,
      cpus: { server: config.serverCpu, singleClient: config.clientCpu, concurrentClient: config.concurrencyClientCpu, available },
      peers: peers.map(({ id, version, port, pid }) => ({ id, version, port, pid })),
      skipped,
      single,
      concurrency,
      targets: evaluateTargets(single, concurrency),
      notes,
      resultPath: RESULT_PATH,
    };
  } finally {
    for (const peer of peers) await stopPeer(ctx, peer);
  }
}

async function main(): Promise<number> {
  const parsed = parseBenchArgs(process.argv.slice(2), process.env, os.availableParallelism());
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.message}\n${USAGE}\n`);
    return 2;
  }
  const { config } = parsed;
  const registry = new ProcessRegistry();
  let workspace: string | null = null;
  const cleanUpNow = (): void => {
    registry.killAllNow();
    if (workspace !== null) removeWorkspaceNow(workspace);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the servers and clients this bench started, removing ${workspace ?? 'nothing'}\n`);
      cleanUpNow();
      process.exit(130);
    });
  }
  process.once('exit', cleanUpNow);

  try {
    const result = await runBench(config, registry, (ws) => (workspace = ws.dir));
    await fs.mkdir(path.dirname(RESULT_PATH), { recursive: true });
    await fs.writeFile(RESULT_PATH, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(config.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(result)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CannotRun) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`The TFTP bench broke: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  } finally {
    await registry.stopAll(config.stopTimeoutMs);
    cleanUpNow();
  }
}

process.exitCode = await main();
