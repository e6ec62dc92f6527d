/**
 * What a transfer reads its DATA packets from. `packet(n)` answers synchronously on the hot path and
 * returns a promise only when the bytes must first come from disk; the caller then asks again.
 */
import { encodeDataHeader } from '../tftp/packet.js';
import type { CacheableFile, ChunkLease, PacketCache } from './packet-cache.js';

export interface PacketSource {
  /** Bytes of payload in the whole transfer. */
  readonly size: number;
  /** The complete DATA packet for block n (1-based). */
  packet(n: number): Uint8Array | Promise<void>;
  close(): Promise<void>;
}

/** Payload already in memory (netascii-converted files, tests): packets are built on demand. */
export class MemoryPacketSource implements PacketSource {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly blockSize: number,
  ) {}
  get size(): number {
    return this.bytes.length;
  }
  packet(n: number): Uint8Array {
    const start = (n - 1) * this.blockSize;
    const data = this.bytes.subarray(Math.min(start, this.bytes.length), Math.min(start + this.blockSize, this.bytes.length));
    const out = new Uint8Array(4 + data.length);
    out.set(encodeDataHeader(n), 0);
    out.set(data, 4);
    return out;
  }
  async close(): Promise<void> {}
}

/** Chunks a transfer keeps leased: the current one and the next (read ahead while the network waits). */
const HELD_CHUNKS = 2;

/**
 * A file read through the shared PacketCache. Entering a chunk, it asks for the next one, so the
 * disk read happens while the network waits; leases keep those chunks from being evicted.
 */
export class CachedPacketSource implements PacketSource {
  private readonly perChunk: number;
  private readonly lastBlock: number;
  private readonly chunkCount: number;
  private held: { index: number; lease: ChunkLease }[] = [];
  private closed = false;
  private failure: unknown = null;

  /**
   * @param sendsMayBeQueued true while packets handed to the socket may not have left yet; a chunk
   *   released then is never recycled by the cache.
   */
  constructor(
    private readonly file: CacheableFile,
    private readonly cache: PacketCache,
    private readonly blockSize: number,
    private readonly sendsMayBeQueued: () => boolean = () => true,
  ) {
    this.perChunk = cache.blocksPerChunk(blockSize);
    this.lastBlock = Math.floor(file.size / blockSize) + 1;
    this.chunkCount = Math.ceil(this.lastBlock / this.perChunk);
  }

  get size(): number {
    return this.file.size;
  }

  packet(n: number): Uint8Array | Promise<void> {
    if (this.failure) throw this.failure;
    const index = Math.floor((n - 1) / this.perChunk);
    const chunk = this.chunk(index);
    if (!(chunk instanceof Uint8Array)) return chunk;
    const at = ((n - 1) % this.perChunk) * (this.blockSize + 4);
    const len = n === this.lastBlock ? this.file.size - (n - 1) * this.blockSize : this.blockSize;
    return chunk.subarray(at, at + 4 + len);
  }

  private chunk(index: number): Uint8Array | Promise<void> {
    for (const h of this.held) if (h.index === index) return h.lease.bytes;
    const got = this.acquire(index);
    if (got instanceof Promise) return got;
    // Entering a new chunk: ask for the next one now, so the disk read is done before we need it.
    if (index + 1 < this.chunkCount) void this.acquire(index + 1);
    return got;
  }

  private acquire(index: number): Uint8Array | Promise<void> {
    const got = this.cache.chunk(this.file, this.blockSize, index);
    if (!(got instanceof Promise)) {
      this.hold(index, got);
      return got.bytes;
    }
    return got.then(
      (lease) => this.hold(index, lease),
      (err: unknown) => {
        this.failure = err;
      },
    );
  }

  private hold(index: number, lease: ChunkLease): void {
    if (this.held.some((h) => h.index === index)) {
      lease.release(false); // two waits for the same chunk: keep one lease
      return;
    }
    if (this.closed) {
      lease.release(this.sendsMayBeQueued());
      return;
    }
    this.held.unshift({ index, lease });
    while (this.held.length > HELD_CHUNKS) this.held.pop()!.lease.release(this.sendsMayBeQueued());
  }

  async close(): Promise<void> {
    this.closed = true;
    const queued = this.sendsMayBeQueued();
    for (const h of this.held) h.lease.release(queued);
    this.held = [];
    await this.file.handle.close();
  }
}
