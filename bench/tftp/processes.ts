/**
 * Child processes of the bench: every one is started here, remembered by PID, and ended by that PID
 * only (never by name). `killAllNow` is synchronous so a signal handler can call it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface RunOutcome {
  /** Exit code, or null when ended by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** From spawn to exit, in seconds (monotonic clock). */
  seconds: number;
  stdout: string;
  stderr: string;
  /** Set when the executable could not be started at all. */
  spawnError: string | null;
}

export interface RunOptions {
  timeoutMs: number;
  /** Bytes of stdout/stderr kept each; the rest is dropped (atftp --trace prints a line per block). */
  captureLimit?: number;
}

const DEFAULT_CAPTURE_LIMIT = 64 * 1024;

/** PIDs of the direct and indirect children of `pid` (from /proc/PID/task/TID/children), deepest last. */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  // A process tree of a forking server is small; the bound only guards against a /proc surprise.
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
    const current = queue.shift() as number;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      let text = '';
      try {
        text = readFileSync(`/proc/${current}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const word of text.split(/\s+/)) {
        const child = Number(word);
        if (word !== '' && Number.isInteger(child) && child > 0) {
          out.push(child);
          queue.push(child);
        }
      }
    }
  }
  return out;
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export class ProcessRegistry {
  private readonly live = new Map<number, ChildProcess>();
  /** Servers whose forked children are ours too (tftpd-hpa forks one per transfer). */
  private readonly forking = new Set<number>();

  /** Starts a long-running process (a server); stdout/stderr go to `logFd`. */
  startDaemon(cmd: string, args: readonly string[], logFd: number, forks: boolean): ChildProcess {
    const child = spawn(cmd, args, { stdio: ['ignore', logFd, logFd] });
    if (child.pid !== undefined) {
      const pid = child.pid;
      this.live.set(pid, child);
      if (forks) this.forking.add(pid);
      child.once('exit', () => {
        this.live.delete(pid);
        this.forking.delete(pid);
      });
    }
    return child;
  }

  /** Runs a command to its end or to its time limit (then killed by PID with SIGKILL). */
  run(cmd: string, args: readonly string[], options: RunOptions): Promise<RunOutcome> {
    const limit = options.captureLimit ?? DEFAULT_CAPTURE_LIMIT;
    return new Promise((resolve) => {
      const started = process.hrtime.bigint();
      let exitedAt: bigint | null = null;
      let timedOut = false;
      let stdout = '';
      let stderr = '';
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const pid = child.pid;
      if (pid !== undefined) this.live.set(pid, child);
      const timer = setTimeout(() => {
        timedOut = true;
        if (pid !== undefined) signalQuietly(pid, 'SIGKILL');
      }, options.timeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (stdout.length < limit) stdout += chunk.toString('utf8').slice(0, limit - stdout.length);
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < limit) stderr += chunk.toString('utf8').slice(0, limit - stderr.length);
      });
      child.once('exit', () => {
        exitedAt = process.hrtime.bigint();
      });
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError: string | null) => {
        clearTimeout(timer);
        if (pid !== undefined) this.live.delete(pid);
        const end = exitedAt ?? process.hrtime.bigint();
        resolve({ code, signal, timedOut, seconds: Number(end - started) / 1e9, stdout, stderr, spawnError });
      };
      child.once('error', (err) => finish(null, null, err.message));
      child.once('close', (code, signal) => finish(code, signal, null));
    });
  }

  /** Ends one process we started: SIGTERM, then SIGKILL after `graceMs`; its forked children too. */
  async stop(pid: number, graceMs: number): Promise<void> {
    const child = this.live.get(pid);
    const children = this.forking.has(pid) ? descendantsOf(pid) : [];
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      for (const c of children) signalQuietly(c, 'SIGKILL');
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalQuietly(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    if ((await Promise.race([exited, late])) === 'late') {
      signalQuietly(pid, 'SIGKILL');
      await exited;
    }
    clearTimeout(timer);
    for (const c of children) signalQuietly(c, 'SIGKILL');
  }

  /** Ends every process still running (servers that failed to start, stray clients). */
  async stopAll(graceMs: number): Promise<void> {
    await Promise.all([...this.live.keys()].map((pid) => this.stop(pid, graceMs)));
  }

  /** Synchronous last resort (signal handler, exit): SIGKILL every process still running. */
  killAllNow(): void {
    for (const pid of this.forking) for (const c of descendantsOf(pid)) signalQuietly(c, 'SIGKILL');
    for (const pid of this.live.keys()) signalQuietly(pid, 'SIGKILL');
  }
}
