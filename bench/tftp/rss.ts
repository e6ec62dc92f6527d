/**
 * Peak resident memory of a server while it works, sampled from /proc every 100 ms. For a server
 * that forks per transfer (tftpd-hpa) the sample is the sum over the parent and all its
 * descendants; pages they share (libc, the parent's image) are counted once per process, so that
 * RSS sum overstates the real total. PSS (proportional set size, from smaps_rollup) splits each
 * shared page among its sharers and so sums fairly: it is sampled alongside.
 */
import { readFileSync } from 'node:fs';
import { descendantsOf } from './processes.js';

/** VmRSS of one process in bytes, or null when it is gone. */
export function rssBytes(pid: number): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

/** Pss of one process in bytes (Linux 4.14+ smaps_rollup), or null when gone or unreadable. */
export function pssBytes(pid: number): number | null {
  let rollup: string;
  try {
    rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return null;
  }
  const m = /^Pss:\s+(\d+)\s+kB/m.exec(rollup);
  return m ? Number(m[1]) * 1024 : null;
}

/** RSS of `pid`, plus its descendants when `withChildren`, and how many processes that was. */
export function treeRss(pid: number, withChildren: boolean): { bytes: number; pssBytes: number; processes: number } {
  const pids = withChildren ? [pid, ...descendantsOf(pid)] : [pid];
  let bytes = 0;
  let pss = 0;
  let processes = 0;
  for (const p of pids) {
    const rss = rssBytes(p);
    if (rss !== null) {
      bytes += rss;
      pss += pssBytes(p) ?? rss;
      processes++;
    }
  }
  return { bytes, pssBytes: pss, processes };
}

export interface RssPeak {
  peakBytes: number;
  /** Highest PSS sum seen (its own peak, not necessarily at the same sample). */
  peakPssBytes: number;
  /** Processes counted in the peak sample. */
  peakProcesses: number;
  samples: number;
}

export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private peak: RssPeak = { peakBytes: 0, peakPssBytes: 0, peakProcesses: 0, samples: 0 };

  constructor(
    private readonly pid: number,
    private readonly withChildren: boolean,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): RssPeak {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return { ...this.peak };
  }

  private sample(): void {
    const now = treeRss(this.pid, this.withChildren);
    this.peak.samples++;
    this.peak.peakPssBytes = Math.max(this.peak.peakPssBytes, now.pssBytes);
    if (now.bytes > this.peak.peakBytes) {
      this.peak.peakBytes = now.bytes;
      this.peak.peakProcesses = now.processes;
    }
  }
}
