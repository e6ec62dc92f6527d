/**
 * One download by a real client (curl or atftp), pinned to a CPU with taskset, then checked: a
 * non-zero exit, a time-out, a wrong size or a wrong sha256 is a failure with its reason, never a
 * number.
 */
import { promises as fs } from 'node:fs';
import { LOOPBACK } from './ports.js';
import type { ProcessRegistry, RunOutcome } from './processes.js';
import type { ToolPaths } from './tools.js';

export type ClientKind = 'curl' | 'atftp';

export interface DownloadSpec {
  client: ClientKind;
  port: number;
  name: string;
  blockSize: number;
  /** RFC 7440 windowsize to ask for (atftp only); null asks for none. */
  windowSize: number | null;
  /** Where the file goes; null discards it (curl only: its byte count is checked instead). */
  out: string | null;
  cpu: number;
  timeoutMs: number;
}

export interface Expected {
  bytes: number;
  /** Checked when given (needs `out`). */
  sha256: string | null;
}

export interface Download {
  ok: boolean;
  seconds: number;
  bytes: number | null;
  sha256Checked: boolean;
  failure: string | null;
}

function clientArgs(tools: ToolPaths, spec: DownloadSpec): { cmd: string; args: string[] } {
  const pin = ['-c', String(spec.cpu)];
  if (spec.client === 'curl') {
    return {
      cmd: tools.taskset,
      args: [
        ...pin,
        tools.curl,
        '-s',
        '--tftp-blksize',
        String(spec.blockSize),
        '-o',
        spec.out ?? '/dev/null',
        '-w',
        '%{size_download}',
        `tftp://${LOOPBACK}:${spec.port}/${spec.name}`,
      ],
    };
  }
  if (spec.out === null) throw new Error('atftp needs an output file');
  const options = ['--option', `blksize ${spec.blockSize}`];
  if (spec.windowSize !== null) options.push('--option', `windowsize ${spec.windowSize}`);
  return {
    cmd: tools.taskset,
    args: [...pin, tools.atftp, ...options, '-g', '-r', spec.name, '-l', spec.out, LOOPBACK, String(spec.port)],
  };
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

function exitFailure(spec: DownloadSpec, outcome: RunOutcome): string | null {
  if (outcome.spawnError !== null) return `could not start ${spec.client}: ${outcome.spawnError}`;
  if (outcome.timedOut) return `timed out after ${Math.round(spec.timeoutMs / 1000)} s (killed)`;
  if (outcome.code !== 0) {
    const how = outcome.code === null ? `signal ${outcome.signal}` : `exit ${outcome.code}`;
    const why = firstLine(outcome.stderr);
    return `${spec.client} ${how}${why === '' ? '' : `: ${why}`}`;
  }
  return null;
}

async function fileSize(file: string): Promise<number | null> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return null;
  }
}

/**
 * Runs one download and checks it. `hash` computes a file's sha256 (injected so the caller decides
 * which runs pay for it). The downloaded file is removed afterwards.
 */
export async function download(
  registry: ProcessRegistry,
  tools: ToolPaths,
  spec: DownloadSpec,
  expected: Expected,
  hash: (file: string) => Promise<string>,
): Promise<Download> {
  const { cmd, args } = clientArgs(tools, spec);
  const outcome = await registry.run(cmd, args, { timeoutMs: spec.timeoutMs });
  const result: Download = { ok: false, seconds: outcome.seconds, bytes: null, sha256Checked: false, failure: null };
  try {
    result.failure = exitFailure(spec, outcome);
    if (result.failure !== null) return result;
    result.bytes = spec.out === null ? Number(outcome.stdout.trim()) : await fileSize(spec.out);
    if (result.bytes === null || !Number.isFinite(result.bytes)) {
      result.failure = 'no download size';
      return result;
    }
    if (result.bytes !== expected.bytes) {
      result.failure = `short download: ${result.bytes} of ${expected.bytes} bytes`;
      return result;
    }
    if (expected.sha256 !== null && spec.out !== null) {
      result.sha256Checked = true;
      if ((await hash(spec.out)) !== expected.sha256) {
        result.failure = 'sha256 differs from the served file';
        return result;
      }
    }
    result.ok = true;
    return result;
  } finally {
    if (spec.out !== null) await fs.rm(spec.out, { force: true });
  }
}

export interface WindowProbe {
  /** true: the server's OACK carried windowsize; false: it answered without (lockstep); null: no answer. */
  negotiated: boolean | null;
  /** The OACK as atftp printed it, for the notes. */
  oack: string | null;
}

/**
 * Asks for blksize + windowsize with `atftp --trace` on a small file and reads the server's OACK.
 * RFC 7440 §4: a server that does not know windowsize leaves it out of its OACK and sends lockstep.
 */
export async function probeWindowSize(
  registry: ProcessRegistry,
  tools: ToolPaths,
  spec: Omit<DownloadSpec, 'client'> & { out: string },
): Promise<WindowProbe> {
  const { cmd, args } = clientArgs(tools, { ...spec, client: 'atftp' });
  const traced = [...args.slice(0, 3), '--trace', ...args.slice(3)];
  const outcome = await registry.run(cmd, traced, { timeoutMs: spec.timeoutMs });
  await fs.rm(spec.out, { force: true });
  const text = `${outcome.stdout}\n${outcome.stderr}`;
  const oack = /received OACK <([^>]*)>/.exec(text);
  if (oack === null) return { negotiated: outcome.code === 0 ? false : null, oack: null };
  const fields = oack[1] ?? '';
  // atftp ends the list with ", " and two backspaces to erase them on a terminal.
  return { negotiated: /windowsize/i.test(fields), oack: fields.replace(/[,\s\x08]+$/, '') };
}
