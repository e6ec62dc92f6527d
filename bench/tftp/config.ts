/**
 * What one bench run does: file size, cases, concurrency levels, time limits, CPUs.
 * Pure: `parseBenchArgs` turns argv and the environment (handed in by main.ts, the only reader of
 * `process.env`) into a `BenchConfig`, or a usage error.
 */

export const MIB = 1024 * 1024;

/** Defaults of a full run; `--quick` changes only the file size and the per-client time limit. */
export const BENCH_DEFAULTS = {
  fileBytes: 64 * MIB,
  quickFileBytes: 16 * MIB,
  runs: 3,
  blockSizes: [512, 1468, 8192],
  window: { blockSize: 1468, windowSize: 16 },
  concurrencyLevels: [1, 10, 50, 100],
  concurrencyBlockSize: 1468,
  /** Hard limit for one client of a single transfer; a client past it is killed and counted failed. */
  clientTimeoutMs: 180_000,
  quickClientTimeoutMs: 60_000,
  /**
   * A concurrent client's limit grows with the work of its whole batch: N clients × file size at this
   * aggregate rate. Below it a server counts as failing, not as slow.
   */
  minAggregateMiBps: 20,
  /** Transfers the servers admit at once (thinboot per client, dnsmasq in total). */
  maxTransfers: 200,
  /** Servers and single-transfer clients run here. */
  serverCpu: 0,
  /** Concurrent clients run here when the machine has a second CPU. */
  concurrencyClientCpu: 1,
  /** Readiness limits. */
  startTimeoutMs: 15_000,
  stopTimeoutMs: 3_000,
  rssIntervalMs: 100,
} as const;

export interface BenchConfig {
  quick: boolean;
  json: boolean;
  fileBytes: number;
  runs: number;
  blockSizes: readonly number[];
  window: { blockSize: number; windowSize: number };
  concurrencyLevels: readonly number[];
  concurrencyBlockSize: number;
  clientTimeoutMs: number;
  minAggregateMiBps: number;
  maxTransfers: number;
  serverCpu: number;
  /** CPU of the single-transfer clients: the server's, as in the published peer figures. */
  clientCpu: number;
  /** CPU of the concurrent clients: another one than the server's when there is one. */
  concurrencyClientCpu: number;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  rssIntervalMs: number;
}

export const USAGE = `usage: npm run bench:tftp [-- --quick] [-- --json]

  --quick   16 MiB file instead of 64 MiB (also: BENCH_QUICK=1)
  --json    print only the JSON result document on stdout
  --help    this text`;

export type ParsedArgs = { kind: 'run'; config: BenchConfig } | { kind: 'help' } | { kind: 'error'; message: string };

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * @param argv arguments after the script name
 * @param env the environment (only BENCH_QUICK is read)
 * @param cpuCount CPUs this process may use; with one CPU the concurrent clients share the server's
 */
export function parseBenchArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cpuCount: number,
): ParsedArgs {
  let quick = truthy(env.BENCH_QUICK);
  let json = false;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') return { kind: 'help' };
    else return { kind: 'error', message: `unknown argument ${JSON.stringify(arg)}` };
  }
  const d = BENCH_DEFAULTS;
  return {
    kind: 'run',
    config: {
      quick,
      json,
      fileBytes: quick ? d.quickFileBytes : d.fileBytes,
      runs: d.runs,
      blockSizes: d.blockSizes,
      window: { ...d.window },
      concurrencyLevels: d.concurrencyLevels,
      concurrencyBlockSize: d.concurrencyBlockSize,
      clientTimeoutMs: quick ? d.quickClientTimeoutMs : d.clientTimeoutMs,
      minAggregateMiBps: d.minAggregateMiBps,
      maxTransfers: d.maxTransfers,
      serverCpu: d.serverCpu,
      clientCpu: d.serverCpu,
      concurrencyClientCpu: cpuCount > 1 ? d.concurrencyClientCpu : d.serverCpu,
      startTimeoutMs: d.startTimeoutMs,
      stopTimeoutMs: d.stopTimeoutMs,
      rssIntervalMs: d.rssIntervalMs,
    },
  };
}

/** Time limit of each client in a batch of `clients` concurrent downloads. */
export function concurrentClientTimeoutMs(config: BenchConfig, clients: number): number {
  const batchMiB = (clients * config.fileBytes) / MIB;
  return Math.max(config.clientTimeoutMs, Math.ceil((batchMiB / config.minAggregateMiBps) * 1000));
}
