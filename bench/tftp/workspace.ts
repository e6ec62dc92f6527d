/**
 * The bench's temporary folder: the served root with one random file, the thinboot data folder,
 * downloads and server logs. Made world-readable because tftpd-hpa and dnsmasq, started as root,
 * drop to the user nobody before they read files.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Workspace {
  dir: string;
  /** Served by every TFTP server. */
  root: string;
  /** thinboot's --data. */
  data: string;
  /** Downloads land here and are removed after each check. */
  downloads: string;
  /** Server logs (kept until the end, shown when a server fails to start). */
  logs: string;
  bigName: string;
  bigBytes: number;
  bigSha256: string;
  /** A small file for readiness checks and the windowsize probe. */
  probeName: string;
  probeBytes: number;
}

export const BIG_NAME = 'big.bin';
export const PROBE_NAME = 'probe.bin';
const PROBE_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;

async function writeRandomFile(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await fs.open(file, 'w', 0o644);
  try {
    const chunk = Buffer.alloc(CHUNK);
    for (let written = 0; written < bytes; written += CHUNK) {
      const part = chunk.subarray(0, Math.min(CHUNK, bytes - written));
      randomFillSync(part);
      hash.update(part);
      await handle.write(part);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

export async function createWorkspace(bigBytes: number): Promise<Workspace> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'thinboot-bench-tftp-'));
  const ws: Workspace = {
    dir,
    root: path.join(dir, 'root'),
    data: path.join(dir, 'data'),
    downloads: path.join(dir, 'downloads'),
    logs: path.join(dir, 'logs'),
    bigName: BIG_NAME,
    bigBytes,
    bigSha256: '',
    probeName: PROBE_NAME,
    probeBytes: PROBE_BYTES,
  };
  try {
    await fs.chmod(dir, 0o755);
    for (const sub of [ws.root, ws.data, ws.downloads, ws.logs]) await fs.mkdir(sub, { mode: 0o755 });
    ws.bigSha256 = await writeRandomFile(path.join(ws.root, BIG_NAME), bigBytes);
    await writeRandomFile(path.join(ws.root, PROBE_NAME), PROBE_BYTES);
  } catch (err) {
    removeWorkspaceNow(dir);
    throw err;
  }
  return ws;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Synchronous, so a signal handler can call it; never throws. */
export function removeWorkspaceNow(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // nothing more to do at the end of a run
  }
}
