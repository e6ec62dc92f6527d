/**
 * The JSON document one bench run produces (written to dist/bench-tftp-result.json, printed by
 * --json). Figures are seconds and MiB/s; a figure is null when no run of it succeeded.
 */
import type { PeerId } from './peers.js';

export const RESULT_SCHEMA = 'thinboot-bench-tftp/1';

export interface PeerInfo {
  id: PeerId;
  version: string;
  port: number;
  pid: number;
}

export interface RunFigure {
  ok: boolean;
  seconds: number;
  sha256Checked: boolean;
  failure: string | null;
}

export interface SingleCell {
  peer: PeerId;
  runs: RunFigure[];
  /** Median over the successful runs. */
  medianSeconds: number | null;
  mibPerSecond: number | null;
  failures: number;
  /** For windowsize cases: did the server put windowsize in its OACK (false: it ran lockstep). */
  windowNegotiated: boolean | null;
}

export interface SingleCase {
  id: string;
  label: string;
  client: 'curl' | 'atftp';
  blockSize: number;
  windowSize: number | null;
  cells: SingleCell[];
}

export interface ConcurrencyCell {
  peer: PeerId;
  clients: number;
  /** From the first client's start to the last one's end. */
  wallSeconds: number;
  /** Bytes of complete downloads over the wall time. */
  aggregateMiBps: number;
  failures: number;
  /** Up to three distinct failure reasons, for the notes. */
  failureReasons: string[];
  /** Slowest successful client. */
  slowestSeconds: number | null;
  peakRssBytes: number;
  /** Peak PSS sum: shared pages split among their sharers (fairer for a forking server). */
  peakPssBytes: number;
  /** Processes in the peak sample (more than 1 for a forking server). */
  peakRssProcesses: number;
  clientTimeoutSeconds: number;
}

export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

export interface BenchResult {
  schema: typeof RESULT_SCHEMA;
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  fileBytes: number;
  runs: number;
  /** Share of all CPUs busy in the second before the bench started anything (null: unknown). */
  cpuBusyAtStartPercent: number | null;
  cpus: { server: number; singleClient: number; concurrentClient: number; available: number };
  peers: PeerInfo[];
  skipped: { id: PeerId; reason: string }[];
  single: SingleCase[];
  concurrency: ConcurrencyCell[];
  targets: TargetCheck[];
  notes: string[];
  resultPath: string;
}
