/**
 * The admin API URL and token of a server, kept in its data directory so that commands on the same
 * host find them with `--data`. The token file is readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ThinbootError, systemCode } from '../errors.js';

const TOKEN_FILE = 'admin-token';
const API_FILE = 'admin-api.json';

export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, TOKEN_FILE);
  try {
    const token = (await fs.readFile(file, 'utf8')).trim();
    if (token) return token;
  } catch (err) {
    if (systemCode(err) !== 'ENOENT') throw err;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(file, token + '\n', 0o600);
  return token;
}

export async function readToken(dataDir: string): Promise<string> {
  try {
    return (await fs.readFile(path.join(dataDir, TOKEN_FILE), 'utf8')).trim();
  } catch (err) {
    throw new ThinbootError(
      'NO_TOKEN',
      `no admin token in ${dataDir}: start the server there once with "thinboot serve --data ${dataDir}"`,
      { cause: err },
    );
  }
}

export async function writeApiUrl(dataDir: string, url: string): Promise<void> {
  await writeFileAtomic(path.join(dataDir, API_FILE), JSON.stringify({ url }, null, 2) + '\n', 0o644);
}

export async function readApiUrl(dataDir: string): Promise<string> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(dataDir, API_FILE), 'utf8')) as { url?: unknown };
    if (typeof parsed.url === 'string') return parsed.url;
  } catch (err) {
    if (systemCode(err) !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
  }
  throw new ThinbootError('NO_API_URL', `no server address recorded in ${dataDir}: is "thinboot serve --data ${dataDir}" running?`);
}

/** Write to a temporary file, fsync, rename: a crash leaves the old file or the new one, never half. */
export async function writeFileAtomic(file: string, content: string | Uint8Array, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}
