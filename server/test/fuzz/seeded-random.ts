/**
 * A small seeded PRNG for fuzz and loss tests: the same seed gives the same sequence on every
 * machine, so a failure printed with its seed can be replayed. mulberry32 (public domain):
 * 32 bits of state, fast, good enough for test input (not for anything secret).
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** 32 random bits, as an unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let x = this.state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (x ^ (x >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const x = this.u32();
      out[i] = x;
      if (i + 1 < length) out[i + 1] = x >>> 8;
      if (i + 2 < length) out[i + 2] = x >>> 16;
      if (i + 3 < length) out[i + 3] = x >>> 24;
    }
    return out;
  }
}

/**
 * The seed for a fuzz run: `THINBOOT_FUZZ_SEED` to replay one, else a fresh one. Tests print it.
 */
export function fuzzSeed(): number {
  const fromEnv = process.env['THINBOOT_FUZZ_SEED'];
  if (fromEnv !== undefined && /^[0-9]+$/.test(fromEnv)) return Number(fromEnv) >>> 0;
  return (Math.random() * 4294967296) >>> 0;
}
