/** The pure parts of the TFTP bench: medians, ratios, PASS/MISS decisions. */
import t from 'tap';
import type { ConcurrencyCell, SingleCase, SingleCell } from './result.js';
import { median, rateRatio, speedRatio } from './stats.js';
import { evaluateTargets } from './targets.js';

function cell(peer: 'thinboot' | 'tftpd-hpa', medianSeconds: number | null): SingleCell {
  return { peer, runs: [], medianSeconds, mibPerSecond: null, failures: medianSeconds === null ? 3 : 0, windowNegotiated: null };
}

function single(blockSize: number, windowSize: number | null, ours: number | null, theirs: number | null): SingleCase {
  return {
    id: `b${blockSize}${windowSize === null ? '' : `-w${windowSize}`}`,
    label: '',
    client: windowSize === null ? 'curl' : 'atftp',
    blockSize,
    windowSize,
    cells: [cell('thinboot', ours), cell('tftpd-hpa', theirs)],
  };
}

function batch(peer: 'thinboot' | 'tftpd-hpa', clients: number, aggregateMiBps: number, failures: number, rssMb: number): ConcurrencyCell {
  return {
    peer,
    clients,
    wallSeconds: 1,
    aggregateMiBps,
    failures,
    failureReasons: [],
    slowestSeconds: 1,
    peakRssBytes: rssMb * 1e6,
    peakPssBytes: rssMb * 1e6,
    peakRssProcesses: 1,
    clientTimeoutSeconds: 180,
  };
}

t.test('median: odd, even, empty', async (t) => {
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.equal(median([]), null);
});

t.test('ratios: > 1 means ours is faster; missing figures give null', async (t) => {
  t.equal(speedRatio(0.5, 1), 2);
  t.equal(rateRatio(200, 100), 2);
  t.equal(speedRatio(null, 1), null);
  t.equal(rateRatio(1, 0), null);
});

t.test('all targets met', async (t) => {
  const checks = evaluateTargets(
    [single(1468, null, 0.6, 0.7), single(8192, null, 0.18, 0.18), single(1468, 16, 0.35, 0.73)],
    [batch('thinboot', 100, 120, 0, 80), batch('tftpd-hpa', 100, 110, 0, 300), batch('thinboot', 50, 100, 0, 119)],
  );
  t.same(
    checks.map((c) => c.pass),
    [true, true, true, true, true, true],
  );
  t.equal(checks[2]?.actual, '2.00x', 'windowsize compared with tftpd-hpa plain 1468');
  t.equal(checks[5]?.actual, '119.0 MB', 'RSS is the peak over every batch');
});

t.test('a missing figure is a MISS, never a pass', async (t) => {
  const checks = evaluateTargets([single(1468, null, null, 0.7), single(1468, 16, null, 0.7)], []);
  t.ok(checks.every((c) => !c.pass));
  t.equal(checks[0]?.actual, 'no figure');
});

t.test('one failure at the top level misses; slower aggregate misses', async (t) => {
  const checks = evaluateTargets([], [batch('thinboot', 100, 90, 1, 50), batch('tftpd-hpa', 100, 100, 0, 5)]);
  const byName = new Map(checks.map((c) => [c.name, c]));
  t.equal(byName.get('100 concurrent: failures')?.pass, false);
  t.equal(byName.get('100 concurrent: aggregate')?.pass, false);
  t.equal(byName.get('thinboot peak RSS (all concurrency runs)')?.pass, true);
});
