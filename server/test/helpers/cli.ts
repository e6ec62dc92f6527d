/** Runs the built `thinboot` command as a user would, for CLI tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const CLI = path.resolve('dist/js/server/src/cli/main.js');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment without tap's hooks: the CLI runs as a user would run it, not instrumented. */
export function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_OPTIONS' || k.startsWith('TAP') || k.startsWith('_TAP')) continue;
    env[k] = v;
  }
  return env;
}

/** Runs the CLI to completion (killed after `timeoutMs`). */
export function runCli(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; prefix?: string[] } = {}): Promise<RunResult> {
  const child = spawnCli(args, { env: opts.env, prefix: opts.prefix });
  return collect(child, opts.timeoutMs ?? 15000);
}

/**
 * Starts the CLI. tap hooks child_process to put its loaders into NODE_OPTIONS of every child;
 * `env -u NODE_OPTIONS` drops them again, so the product runs as shipped.
 */
export function spawnCli(args: string[], opts: { env?: NodeJS.ProcessEnv; prefix?: string[] } = {}): ChildProcess {
  const cmd = ['env', '-u', 'NODE_OPTIONS', ...(opts.prefix ?? []), process.execPath, CLI, ...args];
  return spawn(cmd[0]!, cmd.slice(1), { env: opts.env ?? plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A TCP and UDP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function waitForHealth(url: string, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`${url} not healthy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
