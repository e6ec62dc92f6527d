/** Checks every pure decoder of the project must pass under fuzzing. */
import { isDeepStrictEqual } from 'node:util';

/**
 * Runs `decode` over `runs` inputs from `next` and counts the inputs it changed. A decoder gets
 * bytes straight from a socket buffer: it must never write to them, whether it succeeds or throws.
 */
export function countInputMutations(decode: (bytes: Uint8Array) => unknown, next: () => Uint8Array, runs = 10_000): number {
  let changed = 0;
  for (let i = 0; i < runs; i++) {
    const bytes = next();
    const copy = Uint8Array.from(bytes);
    try {
      decode(bytes);
    } catch {
      // failing is allowed; changing the input is not
    }
    if (!isDeepStrictEqual(copy, bytes)) changed++;
  }
  return changed;
}
