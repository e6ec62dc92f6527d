/**
 * A cache of ready-to-send TFTP DATA packets, shared by every transfer.
 *
 * - A file served to many clients at once is read from disk once per chunk, not once per client.
 * - Chunks hold whole packets (4-byte header, then the block) back to back: a send is one contiguous
 *   buffer and no copy. The header is the same for every client: block n always goes out as
 *   n mod 65536 (RFC 1350 §5; the rollover is deterministic).
 * - Keys: file identity (device, inode, size, mtime: a replaced file is never served from stale
 *   chunks), block size, chunk index.
 * - Memory: chunks live in fixed-size slabs that are recycled, not garbage-collected (allocating
 *   a fresh buffer per chunk made V8 run a full collection every few megabytes). A slab is reused
 *   only when no transfer holds a lease on it and no send from it may still be queued in the socket
 *   layer. The pool is bounded by `maxBytes`; past it, chunks that transfers hold are allocated
 *   outside the pool and left to the collector.
 * - Reads: a boot server's files are few and hot, so a chunk is read synchronously (a page-cache read
 *   of 64 KiB takes microseconds; a thread-pool read costs five syscalls and two context switches).
 *   When a synchronous read turns out slow (a cold or busy disk), the cache switches to thread-pool
 *   reads for a while so one slow disk never stalls every transfer.
 */
import { readvSync, type promises as fs } from 'node:fs';
import { Opcode } from '../tftp/iana.js';

export const DEFAULT_CHUNK_BYTES = 64 * 1024;
export const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;
const HEADER = 4;
/** Block sizes below this get chunks bigger than a slab (too many headers): those go unpooled. */
const POOLED_MIN_BLOCK = 512;
/** Linux IOV_MAX: preadv takes at most this many buffers per call. */
const IOV_MAX = 1024;
/** A synchronous read slower than this means the disk is cold or busy: read in the thread pool. */
export const SLOW_SYNC_READ_MS = 2;
/** How long to stay with thread-pool reads after a slow synchronous one. */
export const ASYNC_READ_HOLD_MS = 10_000;

export interface CacheableFile {
  identity: string;
  size: number;
  handle: fs.FileHandle;
}

/** Injected so tests can make a read look slow. */
export type Now = () => number;

export interface ChunkLease {
  readonly bytes: Uint8Array;
  /**
   * Gives the chunk back. `mayBeQueued`: a send from it may still sit in a socket queue, so its
   * memory must never be recycled for other content.
   */
  release(mayBeQueued: boolean): void;
}

export interface PacketCacheStats {
  hits: number;
  misses: number;
  diskReads: number;
  bytesRead: number;
  slabs: number;
  unpooledChunks: number;
  syncReads: number;
  asyncReads: number;
}

interface Entry {
  key: string;
  bytes: Buffer;
  pooled: boolean;
  /** A queued send may still read it: never recycle. */
  tainted: boolean;
  refs: number;
  ready: Promise<void> | null;
}

export class PacketCache {
  private readonly chunkBytes: number;
  private readonly slabBytes: number;
  private readonly maxSlabs: number;
  private slabCount = 0;
  private readonly free: Buffer[] = [];
  private readonly entries = new Map<string, Entry>();
  /** Entries no transfer holds, least recently used first (Map keeps insertion order). */
  private readonly idle = new Map<string, Entry>();
  private readonly counters = { hits: 0, misses: 0, diskReads: 0, bytesRead: 0, unpooledChunks: 0, syncReads: 0, asyncReads: 0 };
  private readonly now: Now;
  /** Until this time (ms), chunks are read in the thread pool. */
  private asyncUntil: number;

  constructor(opts: { chunkBytes?: number; maxBytes?: number; now?: Now; startAsync?: boolean } = {}) {
    this.now = opts.now ?? (() => performance.now());
    this.asyncUntil = opts.startAsync ? Infinity : 0;
    this.chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.slabBytes = this.chunkBytes + HEADER * Math.floor(this.chunkBytes / POOLED_MIN_BLOCK);
    this.maxSlabs = Math.max(1, Math.floor((opts.maxBytes ?? DEFAULT_CACHE_BYTES) / this.slabBytes));
  }

  /** How many blocks of `blockSize` one chunk holds (at least one). */
  blocksPerChunk(blockSize: number): number {
    return Math.max(1, Math.floor(this.chunkBytes / blockSize));
  }

  /** A lease on chunk `index` of `file` cut in `blockSize` blocks: synchronously when resident. */
  chunk(file: CacheableFile, blockSize: number, index: number): ChunkLease | Promise<ChunkLease> {
    const key = `${file.identity}/${blockSize}#${index}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.counters.hits++;
    } else {
      this.counters.misses++;
      entry = this.load(key, file, blockSize, index);
    }
    this.idle.delete(key);
    entry.refs++;
    const lease = this.lease(entry);
    if (!entry.ready) return lease;
    const e = entry;
    return entry.ready.then(
      () => lease,
      (err: unknown) => {
        e.refs--;
        throw err;
      },
    );
  }

  stats(): PacketCacheStats {
    return { ...this.counters, slabs: this.slabCount };
  }

  private lease(entry: Entry): ChunkLease {
    let released = false;
    return {
      get bytes() {
        return entry.bytes;
      },
      release: (mayBeQueued) => {
        if (released) return;
        released = true;
        if (mayBeQueued) entry.tainted = true;
        entry.refs--;
        if (entry.refs === 0 && this.entries.get(entry.key) === entry) this.idle.set(entry.key, entry);
        else if (entry.refs === 0) this.recycle(entry);
      },
    };
  }

  private load(key: string, file: CacheableFile, blockSize: number, index: number): Entry {
    const perChunk = this.blocksPerChunk(blockSize);
    const firstBlock = index * perChunk + 1;
    const lastBlockOfFile = Math.floor(file.size / blockSize) + 1;
    const blocks = Math.max(0, Math.min(perChunk, lastBlockOfFile - firstBlock + 1));
    const start = index * perChunk * blockSize;
    const dataLength = Math.max(0, Math.min(perChunk * blockSize, file.size - start));
    const length = dataLength + blocks * HEADER;
    const slab = length <= this.slabBytes ? this.takeSlab() : null;
    const entry: Entry = {
      key,
      bytes: slab ? slab.subarray(0, length) : Buffer.allocUnsafeSlow(length),
      pooled: slab !== null,
      tainted: false,
      refs: 0,
      ready: null,
    };
    if (!slab) this.counters.unpooledChunks++;
    this.entries.set(key, entry);
    const slots = this.layOut(entry.bytes, blockSize, firstBlock, blocks);
    if (this.now() >= this.asyncUntil && this.fillSync(slots, file, start)) return entry;
    entry.ready = this.fillAsync(slots, file, start).then(
      () => {
        entry.ready = null;
      },
      (err: unknown) => {
        this.entries.delete(key);
        this.idle.delete(key);
        if (entry.pooled) this.free.push(Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, this.slabBytes));
        entry.pooled = false;
        throw err;
      },
    );
    return entry;
  }

  /** Writes the headers; returns the data slots, where preadv puts the blocks straight away. */
  private layOut(out: Buffer, blockSize: number, firstBlock: number, blocks: number): Buffer[] {
    const slots: Buffer[] = [];
    for (let i = 0; i < blocks; i++) {
      const n = firstBlock + i;
      const at = i * (blockSize + HEADER);
      out[at] = 0;
      out[at + 1] = Opcode.DATA;
      out[at + 2] = (n >> 8) & 0xff;
      out[at + 3] = n & 0xff;
      const end = i === blocks - 1 ? out.length : at + HEADER + blockSize;
      if (end > at + HEADER) slots.push(out.subarray(at + HEADER, end));
    }
    return slots;
  }

  /**
   * Reads on this thread. Returns false (nothing half-done matters: the async path rereads every
   * slot) when a read fails or comes back short, so the async path with its error handling takes over.
   */
  private fillSync(slots: Buffer[], file: CacheableFile, start: number): boolean {
    const began = this.now();
    try {
      let position = start;
      for (let s = 0; s < slots.length; s += IOV_MAX) {
        const batch = slots.slice(s, s + IOV_MAX);
        const want = batch.reduce((a, b) => a + b.length, 0);
        const got = readvSync(file.handle.fd, batch, position);
        this.counters.diskReads++;
        this.counters.bytesRead += got;
        if (got < want) return false;
        position += want;
      }
    } catch {
      return false;
    } finally {
      if (this.now() - began > SLOW_SYNC_READ_MS) this.asyncUntil = this.now() + ASYNC_READ_HOLD_MS;
    }
    this.counters.syncReads++;
    return true;
  }

  private async fillAsync(slots: Buffer[], file: CacheableFile, start: number): Promise<void> {
    this.counters.asyncReads++;
    let position = start;
    for (let s = 0; s < slots.length; s += IOV_MAX) {
      const batch = slots.slice(s, s + IOV_MAX);
      const want = batch.reduce((a, b) => a + b.length, 0);
      const { bytesRead } = await file.handle.readv(batch, position);
      this.counters.diskReads++;
      this.counters.bytesRead += bytesRead;
      if (bytesRead < want) {
        // Short read: the file shrank under us, or the kernel split the read. Finish slot by slot.
        await this.finishShortRead(file, batch, bytesRead, position);
      }
      position += want;
    }
  }

  private async finishShortRead(file: CacheableFile, batch: Buffer[], done: number, position: number): Promise<void> {
    let offset = 0;
    for (const slot of batch) {
      const slotEnd = offset + slot.length;
      let filled = Math.max(0, Math.min(slot.length, done - offset));
      while (filled < slot.length) {
        const { bytesRead } = await file.handle.read(slot, filled, slot.length - filled, position + offset + filled);
        this.counters.diskReads++;
        if (bytesRead === 0) {
          slot.fill(0, filled); // past the end of a file that shrank: zeros, never stale bytes
          break;
        }
        filled += bytesRead;
        this.counters.bytesRead += bytesRead;
      }
      offset = slotEnd;
    }
  }

  private takeSlab(): Buffer | null {
    const recycled = this.free.pop();
    if (recycled) return recycled;
    if (this.slabCount < this.maxSlabs) {
      this.slabCount++;
      return Buffer.allocUnsafeSlow(this.slabBytes);
    }
    for (const entry of this.idle.values()) {
      this.idle.delete(entry.key);
      this.entries.delete(entry.key);
      if (entry.pooled && !entry.tainted) return Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, this.slabBytes);
      // A tainted slab leaves the pool for good; the collector takes it once nothing refers to it.
      if (entry.pooled) this.slabCount--;
      if (this.free.length > 0) return this.free.pop()!;
      if (this.slabCount < this.maxSlabs) {
        this.slabCount++;
        return Buffer.allocUnsafeSlow(this.slabBytes);
      }
    }
    return null;
  }

  private recycle(entry: Entry): void {
    if (!entry.pooled) return;
    if (entry.tainted) this.slabCount--;
    else this.free.push(Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, this.slabBytes));
  }
}
