/**
 * The goals thinboot's TFTP server is held to against tftpd-hpa, and a pure PASS/MISS for each.
 * A figure that is missing (every run failed) is a MISS, never a pass.
 */
import type { ConcurrencyCell, SingleCase, TargetCheck } from './result.js';
import { rateRatio, speedRatio } from './stats.js';

export const TARGETS = {
  /** Lockstep (no windowsize) at these block sizes: at least as fast as tftpd-hpa. */
  lockstepBlockSizes: [1468, 8192],
  lockstepRatio: 1.0,
  /** windowsize 16 at 1468 against tftpd-hpa's plain 1468 (which has no windowsize). */
  windowBlockSize: 1468,
  windowRatio: 2.0,
  /** At the highest concurrency level: no failures, aggregate at least tftpd-hpa's. */
  concurrentAggregateRatio: 1.0,
  /** Peak RSS over all concurrency batches, in MB (10^6 bytes). */
  maxRssMb: 120,
} as const;

const OURS = 'thinboot';
const REFERENCE = 'tftpd-hpa';

function fmtRatio(r: number | null): string {
  return r === null ? 'no figure' : `${r.toFixed(2)}x`;
}

function medianOf(cases: readonly SingleCase[], match: (c: SingleCase) => boolean, peer: string): number | null {
  return cases.find(match)?.cells.find((c) => c.peer === peer)?.medianSeconds ?? null;
}

export function evaluateTargets(single: readonly SingleCase[], concurrency: readonly ConcurrencyCell[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const b of TARGETS.lockstepBlockSizes) {
    const lockstep = (c: SingleCase) => c.windowSize === null && c.blockSize === b;
    const r = speedRatio(medianOf(single, lockstep, OURS), medianOf(single, lockstep, REFERENCE));
    checks.push({
      name: `lockstep blksize ${b}`,
      target: `>= ${TARGETS.lockstepRatio.toFixed(1)}x ${REFERENCE}`,
      actual: fmtRatio(r),
      pass: r !== null && r >= TARGETS.lockstepRatio,
    });
  }
  const windowed = medianOf(single, (c) => c.windowSize !== null && c.blockSize === TARGETS.windowBlockSize, OURS);
  const plain = medianOf(single, (c) => c.windowSize === null && c.blockSize === TARGETS.windowBlockSize, REFERENCE);
  const wr = speedRatio(windowed, plain);
  checks.push({
    name: `windowsize at blksize ${TARGETS.windowBlockSize}`,
    target: `>= ${TARGETS.windowRatio.toFixed(1)}x ${REFERENCE} plain ${TARGETS.windowBlockSize}`,
    actual: fmtRatio(wr),
    pass: wr !== null && wr >= TARGETS.windowRatio,
  });

  const top = Math.max(0, ...concurrency.map((c) => c.clients));
  const ours = concurrency.find((c) => c.clients === top && c.peer === OURS);
  const theirs = concurrency.find((c) => c.clients === top && c.peer === REFERENCE);
  checks.push({
    name: `${top} concurrent: failures`,
    target: '0',
    actual: ours === undefined ? 'no figure' : `${ours.failures} of ${ours.clients}`,
    pass: ours !== undefined && ours.failures === 0,
  });
  const ar = rateRatio(ours?.aggregateMiBps ?? null, theirs?.aggregateMiBps ?? null);
  checks.push({
    name: `${top} concurrent: aggregate`,
    target: `>= ${TARGETS.concurrentAggregateRatio.toFixed(1)}x ${REFERENCE}`,
    actual: fmtRatio(ar),
    pass: ar !== null && ar >= TARGETS.concurrentAggregateRatio,
  });
  const ourCells = concurrency.filter((c) => c.peer === OURS);
  const peakMb = ourCells.length === 0 ? null : Math.max(...ourCells.map((c) => c.peakRssBytes)) / 1e6;
  checks.push({
    name: 'thinboot peak RSS (all concurrency runs)',
    target: `<= ${TARGETS.maxRssMb} MB`,
    actual: peakMb === null ? 'no figure' : `${peakMb.toFixed(1)} MB`,
    pass: peakMb !== null && peakMb <= TARGETS.maxRssMb,
  });
  return checks;
}
