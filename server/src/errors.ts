/**
 * One error base for thinboot. Callers branch on `code`, never on the message text
 * (the message is for humans and may be reworded).
 */
export class ThinbootError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'ThinbootError';
  }
}

/** True when `err` is a ThinbootError with the given code. */
export function hasCode(err: unknown, code: string): boolean {
  return err instanceof ThinbootError && err.code === code;
}

/** The `code` of a Node system error (`EADDRINUSE`, `EACCES`, …), if any. */
export function systemCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const c = (err as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}
