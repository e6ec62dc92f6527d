/**
 * A directory served read-only. Opening a file resolves symlinks and refuses anything whose real
 * path is not inside the root's real path, and anything that is not a regular file.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { ThinbootError, systemCode } from '../errors.js';
import { requestPathSegments } from './request-path.js';

export interface OpenedFile {
  handle: fs.FileHandle;
  size: number;
  /** Changes when the file is replaced or modified: the key of the shared block cache. */
  identity: string;
  realPath: string;
}

export class ServedFileError extends ThinbootError {
  constructor(code: 'FILE_NOT_FOUND' | 'FILE_ACCESS_DENIED', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ServedFileError';
  }
}

export class ServedRoot {
  private constructor(readonly realRoot: string) {}

  /** Fails with ROOT_MISSING / ROOT_NOT_DIRECTORY when `dir` is unusable. */
  static async open(dir: string): Promise<ServedRoot> {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (err) {
      throw new ThinbootError('ROOT_MISSING', `the served directory ${dir} does not exist`, { cause: err });
    }
    const st = await fs.stat(real);
    if (!st.isDirectory()) throw new ThinbootError('ROOT_NOT_DIRECTORY', `${dir} is not a directory`);
    return new ServedRoot(real);
  }

  /** `name` as asked on the network. Throws RequestPathError or ServedFileError. */
  async openFile(name: string): Promise<OpenedFile> {
    const segments = requestPathSegments(name);
    const joined = path.join(this.realRoot, ...segments);
    let real: string;
    try {
      real = await fs.realpath(joined);
    } catch (err) {
      const code = systemCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new ServedFileError('FILE_NOT_FOUND', 'file not found', { cause: err });
      throw new ServedFileError('FILE_ACCESS_DENIED', 'file cannot be read', { cause: err });
    }
    if (!isInside(this.realRoot, real)) {
      throw new ServedFileError('FILE_ACCESS_DENIED', 'file resolves outside the served directory');
    }
    // Refuse pipes, devices and directories before opening: open() of a FIFO blocks until a writer comes.
    const kind = await fs.stat(real).catch(() => null);
    if (!kind?.isFile()) throw new ServedFileError('FILE_ACCESS_DENIED', 'not a regular file');
    let handle: fs.FileHandle;
    try {
      // O_NOFOLLOW: the real path has no symlink left; if one appeared since realpath, refuse it.
      // O_NONBLOCK: if a FIFO took the file's place since the stat, open() still returns at once.
      handle = await fs.open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (err) {
      throw new ServedFileError('FILE_ACCESS_DENIED', 'file cannot be opened', { cause: err });
    }
    const st = await handle.stat({ bigint: true });
    if (!st.isFile()) {
      await handle.close();
      throw new ServedFileError('FILE_ACCESS_DENIED', 'not a regular file');
    }
    return {
      handle,
      size: Number(st.size),
      identity: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`,
      realPath: real,
    };
  }
}

function isInside(root: string, candidate: string): boolean {
  if (candidate === root) return false;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}
