/**
 * Shared pieces of the interop tests: a TftpServer on 127.0.0.1 over a temporary served root,
 * the files every client downloads, and a way to run a real client binary with a hard time limit.
 *
 * The clients are Debian packages CI installs. A missing one is a test failure naming the package,
 * never a silent skip: a green run must mean every client was really exercised.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { ServedRoot } from '../../src/files/served-root.js';
import { silentLogger } from '../../src/log.js';
import { udpNetwork } from '../../src/net/udp-network.js';
import { TftpServer, type TftpServerOptions } from '../../src/tftp/tftp-server.js';
import type { TransferStats } from '../../src/tftp/transfer-stats.js';

/** Client binaries and the Debian package that installs each. */
export const CLIENTS = {
  tftpHpa: { bin: '/usr/bin/tftp', pkg: 'tftp-hpa' },
  atftp: { bin: '/usr/bin/atftp', pkg: 'atftp' },
  curl: { bin: '/usr/bin/curl', pkg: 'curl' },
  busybox: { bin: '/usr/bin/busybox', pkg: 'busybox-static' },
} as const;

/** Throws (so the test fails, loudly) when a client binary is not installed. */
export function requireClient(client: { bin: string; pkg: string }): string {
  try {
    accessSync(client.bin, fsConstants.X_OK);
  } catch {
    throw new Error(
      `${client.bin} is missing: install the Debian package "${client.pkg}" (CI installs it; this test must not be skipped)`,
    );
  }
  return client.bin;
}

export interface ClientRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Runs one client process; it is killed (by its own PID) after `timeoutMs`. Never rejects on exit codes. */
export function runClient(bin: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<ClientRun> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: performance.now() - started });
    });
  });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  return sha256(await fs.readFile(file));
}

/** A fresh temporary directory, removed when the test ends. */
export async function tempDir(t: Test, prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `thinboot-${prefix}-`));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The sizes every client downloads: edge cases of the block arithmetic, then bulk. */
export const STANDARD_FILES: readonly { name: string; size: number }[] = [
  { name: 'empty.bin', size: 0 },
  { name: 'one-byte.bin', size: 1 },
  { name: 'block-512.bin', size: 512 },
  { name: 'blocks-3x1468.bin', size: 1468 * 3 },
  { name: 'random-3mib.bin', size: 3 * 1024 * 1024 + 17 },
];

/**
 * Text for netascii: LF alone, CR alone, CR LF, and a CR at the very end (netascii sends CR NUL).
 * The file is served as is; the client must end up with exactly these bytes.
 */
export const NETASCII_TEXT = 'line one\nbare\rcarriage\r\nwindows line\r\n\n\n\r\rtab\there\nlast\r';

export async function writeFile(root: string, name: string, bytes: Uint8Array): Promise<void> {
  const file = path.join(root, ...name.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
}

/** Writes STANDARD_FILES (random content) plus a few named files; returns name -> sha256. */
export async function writeStandardFiles(root: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const put = async (name: string, bytes: Uint8Array): Promise<void> => {
    await writeFile(root, name, bytes);
    hashes.set(name, sha256(bytes));
  };
  for (const f of STANDARD_FILES) await put(f.name, randomBytes(f.size));
  await put('text.txt', Buffer.from(NETASCII_TEXT, 'latin1'));
  await put('grub/grub.cfg', Buffer.from('set timeout=1\nmenuentry "thinboot" {\n  linux /vmlinuz\n}\n'));
  await put('boot/pxe/file.bin', randomBytes(5000));
  return hashes;
}

export interface TestServer {
  srv: TftpServer;
  port: number;
  root: string;
  /** Every transfer-end event, in order. */
  ends: TransferStats[];
  /**
   * The first transfer-end for `file` (the name as the client asked it) emitted after this call.
   * Call it before starting the client. Rejects after `timeoutMs`. `match` narrows it further
   * (checked when the event comes, so it may read a client port learnt in the meantime).
   */
  nextEnd(file: string, timeoutMs?: number, match?: (s: TransferStats) => boolean): Promise<TransferStats>;
}

/** A TftpServer on 127.0.0.1, port 0, serving `root`; closed when the test ends. */
export async function startTestServer(
  t: Test,
  root: string,
  extra: Partial<Omit<TftpServerOptions, 'address' | 'port' | 'root'>> = {},
): Promise<TestServer> {
  const srv = new TftpServer({
    address: '127.0.0.1',
    port: 0,
    root: await ServedRoot.open(root),
    network: udpNetwork,
    logger: silentLogger(),
    ...extra,
  });
  await srv.listen();
  t.teardown(() => srv.close());
  const ends: TransferStats[] = [];
  srv.events.on('transfer-end', (s) => ends.push(s));
  const nextEnd = (file: string, timeoutMs = 15_000, match?: (s: TransferStats) => boolean): Promise<TransferStats> =>
    new Promise((resolve, reject) => {
      const onEnd = (s: TransferStats): void => {
        if (s.file !== file || (match && !match(s))) return;
        clearTimeout(timer);
        srv.events.off('transfer-end', onEnd);
        resolve(s);
      };
      const timer = setTimeout(() => {
        srv.events.off('transfer-end', onEnd);
        reject(new Error(`no transfer-end event for ${file} within ${timeoutMs} ms`));
      }, timeoutMs);
      srv.events.on('transfer-end', onEnd);
    });
  return { srv, port: srv.port, root, ends, nextEnd };
}

export interface DownloadCheck {
  /** The file name as the client asks for it (what the server's event reports). */
  file: string;
  /** Where the client writes it. */
  local: string;
  /** sha256 of the bytes the client must end up with. */
  sha: string;
  /** Payload bytes the server must report as sent (the netascii form for netascii). */
  bytesSent: number;
  /** Narrows which transfer-end event belongs to this download (see TestServer.nextEnd). */
  match?: (s: TransferStats) => boolean;
  /** Options the server must report as negotiated; omitted: not checked. */
  options?: Record<string, number>;
  run: () => Promise<ClientRun>;
}

/**
 * Runs a client and checks everything one download must satisfy: the client exits 0 in time,
 * its file is byte-exact, and the server reports the transfer complete with the right byte count.
 */
export async function checkDownload(t: Test, server: TestServer, c: DownloadCheck): Promise<TransferStats> {
  const end = server.nextEnd(c.file, undefined, c.match);
  const run = await c.run();
  t.equal(run.timedOut, false, `client finished in time (${Math.round(run.ms)} ms)`);
  t.equal(run.code, 0, `client exit code 0 (stderr: ${run.stderr.trim() || 'none'})`);
  let got = '';
  try {
    got = await sha256File(c.local);
  } catch (err) {
    t.ok(false, `client wrote ${c.local}: ${(err as Error).message}`);
  }
  t.equal(got, c.sha, 'received bytes equal the source (sha256)');
  const stats = await end;
  t.equal(stats.outcome, 'complete', `server outcome complete (${stats.detail})`);
  t.equal(stats.bytesSent, c.bytesSent, 'server bytesSent');
  if (c.options) t.same(stats.options, c.options, 'negotiated options (exactly these)');
  return stats;
}
