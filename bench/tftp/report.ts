/**
 * The human-readable report of a bench run: pure, from the result document to text.
 * Every figure is shown as seconds and MiB/s; ratios are thinboot against tftpd-hpa, > 1.0 meaning
 * thinboot is faster.
 */
import { MIB } from './config.js';
import type { BenchResult, ConcurrencyCell, SingleCase, SingleCell } from './result.js';
import { rateRatio, speedRatio } from './stats.js';

const OURS = 'thinboot';
const REFERENCE = 'tftpd-hpa';

/** Left-aligned columns separated by two spaces. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

function ratioText(r: number | null): string {
  return r === null ? '-' : `${r.toFixed(2)}x`;
}

function singleCellText(cell: SingleCell | undefined, windowCase: boolean): string {
  if (cell === undefined) return '-';
  const runs = cell.runs.length;
  const failed = cell.failures > 0 ? ` (${cell.failures}/${runs} FAILED)` : '';
  const mode = windowCase ? (cell.windowNegotiated ? ' [ws]' : ' [lockstep]') : '';
  if (cell.medianSeconds === null) return `FAILED ${cell.failures}/${runs}${mode}`;
  return `${cell.medianSeconds.toFixed(2)} s ${(cell.mibPerSecond ?? 0).toFixed(1)} MiB/s${mode}${failed}`;
}

function singleTable(result: BenchResult): string[] {
  const peers = result.peers.map((p) => p.id);
  const rows: string[][] = [['case', ...peers, `${OURS} vs ${REFERENCE}`]];
  const plain = new Map<number, SingleCase>();
  for (const c of result.single) if (c.windowSize === null) plain.set(c.blockSize, c);
  for (const c of result.single) {
    const windowCase = c.windowSize !== null;
    const cell = (id: string) => c.cells.find((x) => x.peer === id);
    let ratio = ratioText(speedRatio(cell(OURS)?.medianSeconds ?? null, cell(REFERENCE)?.medianSeconds ?? null));
    if (windowCase) {
      const theirsPlain = plain.get(c.blockSize)?.cells.find((x) => x.peer === REFERENCE)?.medianSeconds ?? null;
      ratio += `; vs ${REFERENCE} plain ${c.blockSize}: ${ratioText(speedRatio(cell(OURS)?.medianSeconds ?? null, theirsPlain))}`;
    }
    rows.push([c.label, ...peers.map((id) => singleCellText(cell(id), windowCase)), ratio]);
  }
  return formatTable(rows);
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function rssText(cell: ConcurrencyCell): string {
  return cell.peakRssProcesses > 1 ? `${mb(cell.peakRssBytes)} (sum of ${cell.peakRssProcesses} processes)` : mb(cell.peakRssBytes);
}

function concurrencyTable(result: BenchResult): string[] {
  const rows: string[][] = [['clients', 'server', 'wall', 'aggregate', 'failed', 'slowest client', 'peak RSS', 'peak PSS']];
  const levels = [...new Set(result.concurrency.map((c) => c.clients))];
  for (const level of levels) {
    const cells = result.concurrency.filter((c) => c.clients === level);
    for (const c of cells) {
      rows.push([
        String(level),
        c.peer,
        `${c.wallSeconds.toFixed(2)} s`,
        `${c.aggregateMiBps.toFixed(1)} MiB/s`,
        `${c.failures}/${c.clients}`,
        c.slowestSeconds === null ? '-' : `${c.slowestSeconds.toFixed(2)} s`,
        rssText(c),
        mb(c.peakPssBytes),
      ]);
    }
    const ours = cells.find((c) => c.peer === OURS);
    const theirs = cells.find((c) => c.peer === REFERENCE);
    rows.push(['', `${OURS} vs ${REFERENCE}`, '', ratioText(rateRatio(ours?.aggregateMiBps ?? null, theirs?.aggregateMiBps ?? null))]);
  }
  return formatTable(rows);
}

export function formatReport(result: BenchResult): string {
  const mib = result.fileBytes / MIB;
  const { cpus } = result;
  const lines: string[] = [];
  const busy = result.cpuBusyAtStartPercent === null ? '?' : `${result.cpuBusyAtStartPercent.toFixed(0)} %`;
  lines.push(
    `thinboot TFTP bench: ${mib} MiB random file over 127.0.0.1${result.quick ? ' (quick run)' : ''}; ` +
      `${cpus.available} CPUs, ${busy} busy at start`,
  );
  for (const p of result.peers) lines.push(`  ${p.id.padEnd(9)} ${p.version} (port ${p.port}, pid ${p.pid})`);
  for (const s of result.skipped) lines.push(`  ${s.id.padEnd(9)} SKIPPED: ${s.reason}`);
  lines.push('');
  lines.push(
    `Single transfer, median of ${result.runs} interleaved runs (server and client both on CPU ${cpus.server}; ` +
      'curl for lockstep, atftp for windowsize):',
  );
  lines.push(...singleTable(result).map((l) => `  ${l}`));
  lines.push('  [ws]: the server answered windowsize in its OACK; [lockstep]: it left it out and sent one block per ACK.');
  lines.push('');
  const clientCpu =
    cpus.concurrentClient === cpus.server ? `clients also on CPU ${cpus.server} (one CPU only)` : `clients on CPU ${cpus.concurrentClient}`;
  lines.push(
    `Concurrent downloads of ${mib} MiB at blksize 1468 with curl, one batch per level ` +
      `(server on CPU ${cpus.server}, ${clientCpu}; size checked, no sha256):`,
  );
  lines.push(...concurrencyTable(result).map((l) => `  ${l}`));
  lines.push('');
  lines.push(`Targets (${OURS} against ${REFERENCE}):`);
  const targetRows = result.targets.map((t) => [t.pass ? 'PASS' : 'MISS', t.name, t.target, t.actual]);
  lines.push(...formatTable([['', 'target', 'goal', 'measured'], ...targetRows]).map((l) => `  ${l}`));
  const passed = result.targets.filter((t) => t.pass).length;
  lines.push(`  ${passed} of ${result.targets.length} targets met`);
  if (result.notes.length > 0) {
    lines.push('');
    lines.push('Notes:');
    for (const n of result.notes) lines.push(`  - ${n}`);
  }
  lines.push('');
  lines.push(`Result JSON: ${result.resultPath}`);
  return lines.join('\n');
}
