/**
 * How busy the machine is right now: the share of non-idle CPU time over a short window, from
 * /proc/stat. Taken before the bench starts anything. Unlike the load average it does not remember
 * the previous minute (a bench run just before would read as "busy" for minutes).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

interface CpuTimes {
  idle: number;
  total: number;
}

/** The "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal ... (in ticks). */
export function parseCpuLine(stat: string): CpuTimes | null {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) return null;
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 5 || ticks.some((n) => !Number.isFinite(n))) return null;
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { idle, total: ticks.reduce((a, b) => a + b, 0) };
}

/** Percentage of all CPUs busy during `windowMs`, or null when /proc/stat cannot be read. */
export async function cpuBusyPercent(windowMs: number): Promise<number | null> {
  const read = (): CpuTimes | null => {
    try {
      return parseCpuLine(readFileSync('/proc/stat', 'utf8'));
    } catch {
      return null;
    }
  };
  const before = read();
  await sleep(windowMs);
  const after = read();
  if (before === null || after === null || after.total <= before.total) return null;
  return (100 * (1 - (after.idle - before.idle) / (after.total - before.total)));
}
