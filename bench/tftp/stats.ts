/** Small pure arithmetic of the bench: medians and rates. */
import { MIB } from './config.js';

/** Median of the values (mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function mibPerSecond(bytes: number, seconds: number): number {
  return seconds > 0 ? bytes / MIB / seconds : 0;
}

/**
 * How many times faster `ours` is than `theirs`, from two durations (>1: ours is faster);
 * null when either is missing.
 */
export function speedRatio(oursSeconds: number | null, theirsSeconds: number | null): number | null {
  if (oursSeconds === null || theirsSeconds === null || oursSeconds <= 0) return null;
  return theirsSeconds / oursSeconds;
}

/** Same from two rates (>1: ours is faster). */
export function rateRatio(ours: number | null, theirs: number | null): number | null {
  if (ours === null || theirs === null || theirs <= 0) return null;
  return ours / theirs;
}
