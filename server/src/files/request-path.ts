/**
 * Pure rules that turn a file name asked for over the network (TFTP or HTTP) into path segments
 * below a served root, or refuse it. The file-system side (symlinks) is in served-root.ts.
 *
 * Accepted quirks (see shared FACTS.md): GRUB asks for "/grub/grub.cfg" (a leading "/" means the
 * root), Windows-minded clients use "\" as the separator.
 */
import { ThinbootError } from '../errors.js';

/** Longest name we look up, in bytes. Boot paths are short; a longer name is an attack or an error. */
export const MAX_REQUEST_PATH_BYTES = 255;

export class RequestPathError extends ThinbootError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'RequestPathError';
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Throws RequestPathError (code PATH_*) when the name must not be served. */
export function requestPathSegments(name: string): string[] {
  if (Buffer.byteLength(name, 'utf8') > MAX_REQUEST_PATH_BYTES) {
    throw new RequestPathError('PATH_TOO_LONG', `file name longer than ${MAX_REQUEST_PATH_BYTES} bytes`);
  }
  if (CONTROL.test(name)) throw new RequestPathError('PATH_CONTROL_CHAR', 'file name contains a control character');
  const slashed = name.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(slashed)) {
    throw new RequestPathError('PATH_DRIVE_LETTER', 'file name starts with a drive letter');
  }
  const segments: string[] = [];
  for (const seg of slashed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw new RequestPathError('PATH_PARENT', 'file name contains ".."');
    segments.push(seg);
  }
  if (segments.length === 0) throw new RequestPathError('PATH_EMPTY', 'file name names no file');
  return segments;
}
