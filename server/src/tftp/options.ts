/**
 * Pure option negotiation for a read request.
 * RFC 2347 (negotiation: the server answers only options it accepts, never ones the client did not ask for),
 * RFC 2348 (blksize), RFC 2349 (timeout, tsize), RFC 7440 (windowsize).
 */
import {
  DEFAULT_BLOCK_SIZE,
  MAX_BLOCK_SIZE,
  MAX_TIMEOUT_S,
  MAX_WINDOW_SIZE,
  MIN_BLOCK_SIZE,
  MIN_TIMEOUT_S,
  MIN_WINDOW_SIZE,
} from './iana.js';
import type { TftpOption } from './packet.js';

export interface NegotiationLimits {
  /** The largest blksize this server agrees to (a client asking more is answered with this). */
  maxBlockSize: number;
  /** The largest windowsize this server agrees to. */
  maxWindowSize: number;
  /**
   * The longest retransmit timeout (seconds) a client may ask for. Longer ones are not answered, so
   * one silent client cannot hold a transfer slot for 255 s x every retry (RFC 2349 lets us refuse).
   */
  maxTimeoutS: number;
}

export interface NegotiatedRead {
  blockSize: number;
  windowSize: number;
  /** Retransmit timeout the client asked for (RFC 2349), or null to use the server's own backoff. */
  timeoutMs: number | null;
  /** The options to send back in an OACK; empty means no OACK, start with DATA block 1. */
  oack: TftpOption[];
  /** Options ignored and why, for the debug log. */
  ignored: { name: string; value: string; reason: string }[];
}

function parseWhole(value: string): number | null {
  if (!/^[0-9]{1,10}$/.test(value)) return null;
  return Number(value);
}

/**
 * @param fileSize bytes the client will receive, or null when unknown up front (then tsize is not answered).
 */
export function negotiateRead(
  requested: readonly TftpOption[],
  fileSize: number | null,
  limits: NegotiationLimits,
): NegotiatedRead {
  const result: NegotiatedRead = {
    blockSize: DEFAULT_BLOCK_SIZE,
    windowSize: 1,
    timeoutMs: null,
    oack: [],
    ignored: [],
  };
  const seen = new Set<string>();
  for (const { name, value } of requested) {
    const key = name.toLowerCase();
    const ignore = (reason: string): void => {
      result.ignored.push({ name, value, reason });
    };
    if (seen.has(key)) {
      ignore('repeated option; the first one counts');
      continue;
    }
    seen.add(key);
    const n = parseWhole(value);
    switch (key) {
      case 'blksize': {
        if (n === null || n < MIN_BLOCK_SIZE) {
          ignore(`blksize must be a number from ${MIN_BLOCK_SIZE} to ${MAX_BLOCK_SIZE}`);
          break;
        }
        // RFC 2348 §2: the server may answer a smaller value than asked; never a larger one.
        result.blockSize = Math.min(n, MAX_BLOCK_SIZE, limits.maxBlockSize);
        result.oack.push({ name, value: String(result.blockSize) });
        break;
      }
      case 'windowsize': {
        if (n === null || n < MIN_WINDOW_SIZE) {
          ignore(`windowsize must be a number from ${MIN_WINDOW_SIZE} to ${MAX_WINDOW_SIZE}`);
          break;
        }
        result.windowSize = Math.min(n, MAX_WINDOW_SIZE, limits.maxWindowSize);
        result.oack.push({ name, value: String(result.windowSize) });
        break;
      }
      case 'timeout': {
        if (n === null || n < MIN_TIMEOUT_S || n > MAX_TIMEOUT_S) {
          ignore(`timeout must be ${MIN_TIMEOUT_S} to ${MAX_TIMEOUT_S} seconds`);
          break;
        }
        if (n > limits.maxTimeoutS) {
          ignore(`timeout above this server's maximum of ${limits.maxTimeoutS} s`);
          break;
        }
        result.timeoutMs = n * 1000;
        result.oack.push({ name, value: String(n) });
        break;
      }
      case 'tsize': {
        // RFC 2349 §3: a read request carries tsize 0. atftp sends "enable" instead; any value means "tell me".
        if (fileSize === null) {
          ignore('size not known in advance (netascii)');
          break;
        }
        result.oack.push({ name, value: String(fileSize) });
        break;
      }
      default:
        ignore('unknown option');
    }
  }
  return result;
}
