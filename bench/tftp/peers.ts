/**
 * The three servers under test, each started on its own free port of 127.0.0.1, pinned to one CPU
 * (`taskset -a -cp`, every thread; threads and forks made later inherit it) and stopped by its PID.
 */
import { closeSync, openSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { download } from './clients.js';
import type { BenchConfig } from './config.js';
import { LOOPBACK, type PortPicker } from './ports.js';
import type { ProcessRegistry } from './processes.js';
import type { ToolPaths } from './tools.js';
import type { Workspace } from './workspace.js';

export type PeerId = 'thinboot' | 'tftpd-hpa' | 'dnsmasq';

/** Measuring order inside each round (A, B, C, A, B, C, ...). */
export const PEER_ORDER: readonly PeerId[] = ['thinboot', 'tftpd-hpa', 'dnsmasq'];

export interface Peer {
  id: PeerId;
  version: string;
  port: number;
  pid: number;
  /** Forks a process per transfer (its RSS is summed over the tree). */
  forks: boolean;
  logFile: string;
}

export type StartResult =
  | { kind: 'up'; peer: Peer }
  | { kind: 'skipped'; id: PeerId; reason: string }
  | { kind: 'failed'; id: PeerId; reason: string };

export interface PeerContext {
  registry: ProcessRegistry;
  tools: ToolPaths;
  ws: Workspace;
  ports: PortPicker;
  config: BenchConfig;
  /** The repository (holds dist/js/server/src/cli/main.js and package.json). */
  repoRoot: string;
}

const POLL_MS = 100;
const PROBE_TIMEOUT_MS = 2_000;

export function thinbootCli(repoRoot: string): string {
  return path.join(repoRoot, 'dist', 'js', 'server', 'src', 'cli', 'main.js');
}

async function firstOutputLine(ctx: PeerContext, cmd: string, args: string[]): Promise<string> {
  const out = await ctx.registry.run(cmd, args, { timeoutMs: 5_000 });
  return `${out.stdout}\n${out.stderr}`.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown';
}

async function logTail(file: string): Promise<string> {
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    return text === '' ? '(no output)' : text.split('\n').slice(-5).join(' | ');
  } catch {
    return '(no log)';
  }
}

/** Pins every thread of `pid` to `cpu`. */
export async function pinProcess(ctx: PeerContext, pid: number, cpu: number): Promise<void> {
  const out = await ctx.registry.run(ctx.tools.taskset, ['-a', '-cp', String(cpu), String(pid)], { timeoutMs: 5_000 });
  if (out.code !== 0) throw new Error(`taskset -a -cp ${cpu} ${pid} failed: ${out.stderr.trim()}`);
}

function exited(child: { exitCode: number | null; signalCode: NodeJS.Signals | null }): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

type Alive = { exitCode: number | null; signalCode: NodeJS.Signals | null };

/** Polls `ready` until it says yes, the process dies, or the start limit passes. */
async function waitUntil(ctx: PeerContext, child: Alive, ready: () => Promise<boolean>): Promise<string | null> {
  const deadline = Date.now() + ctx.config.startTimeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) return `exited during start (code ${child.exitCode ?? child.signalCode})`;
    if (await ready()) return null;
    await sleep(POLL_MS);
  }
  return `not ready after ${ctx.config.startTimeoutMs / 1000} s`;
}

/** A TFTP server is up once it serves the probe file whole. */
function tftpServes(ctx: PeerContext, port: number): () => Promise<boolean> {
  return async () => {
    const spec = {
      client: 'curl' as const,
      port,
      name: ctx.ws.probeName,
      blockSize: 1468,
      windowSize: null,
      out: path.join(ctx.ws.downloads, `ready-${port}.bin`),
      cpu: ctx.config.clientCpu,
      timeoutMs: PROBE_TIMEOUT_MS,
    };
    const got = await download(ctx.registry, ctx.tools, spec, { bytes: ctx.ws.probeBytes, sha256: null }, async () => '');
    return got.ok;
  };
}

function daemon(ctx: PeerContext, id: PeerId, cmd: string, args: string[], forks: boolean) {
  const logFile = path.join(ctx.ws.logs, `${id}.log`);
  const fd = openSync(logFile, 'a');
  try {
    return { child: ctx.registry.startDaemon(cmd, args, fd, forks), logFile };
  } finally {
    closeSync(fd);
  }
}

async function startThinboot(ctx: PeerContext): Promise<StartResult> {
  const cli = thinbootCli(ctx.repoRoot);
  const pkg = JSON.parse(await fs.readFile(path.join(ctx.repoRoot, 'package.json'), 'utf8')) as { version?: string };
  const [port, httpPort, statusPort] = [await ctx.ports.udp(), await ctx.ports.tcp(), await ctx.ports.udp()];
  const args = [
    // The same V8 flag as the `thinboot` command's shebang, so the bench runs what users run.
    '--max-semi-space-size=4',
    cli, 'serve',
    '--data', ctx.ws.data,
    '--tftp-root', ctx.ws.root,
    '--listen', LOOPBACK,
    '--tftp-port', String(port),
    '--http-port', String(httpPort),
    // Its default (6970) may be taken on a shared machine; the bench gives it a free one.
    '--status-port', String(statusPort),
    '--dhcp', 'off',
    '--log-level', 'warn',
    '--tftp-max-per-client', String(ctx.config.maxTransfers),
  ];
  const { child, logFile } = daemon(ctx, 'thinboot', process.execPath, args, false);
  if (child.pid === undefined) return { kind: 'failed', id: 'thinboot', reason: `could not start node ${cli}` };
  const healthy = async () => {
    try {
      const res = await fetch(`http://${LOOPBACK}:${httpPort}/api/health`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  };
  const peer: Peer = { id: 'thinboot', version: `thinboot ${pkg.version ?? '?'}`, port, pid: child.pid, forks: false, logFile };
  const notHealthy = await waitUntil(ctx, child, healthy);
  if (notHealthy !== null) return { kind: 'failed', id: 'thinboot', reason: `${notHealthy}; log: ${await logTail(logFile)}` };
  // Pinned only once healthy: its worker threads exist by then, later ones inherit the mask.
  await pinProcess(ctx, peer.pid, ctx.config.serverCpu);
  const noTftp = await waitUntil(ctx, child, tftpServes(ctx, port));
  if (noTftp !== null) return { kind: 'failed', id: 'thinboot', reason: `TFTP ${noTftp}; log: ${await logTail(logFile)}` };
  return { kind: 'up', peer };
}

async function startTftpdHpa(ctx: PeerContext): Promise<StartResult> {
  const cmd = ctx.tools['in.tftpd'];
  const version = await firstOutputLine(ctx, cmd, ['-V']);
  const port = await ctx.ports.udp();
  // -L: stay in the foreground, so the PID we hold is the listener's.
  const { child, logFile } = daemon(ctx, 'tftpd-hpa', cmd, ['-L', '-a', `${LOOPBACK}:${port}`, '-s', ctx.ws.root], true);
  if (child.pid === undefined) return { kind: 'failed', id: 'tftpd-hpa', reason: 'could not start in.tftpd' };
  const peer: Peer = { id: 'tftpd-hpa', version, port, pid: child.pid, forks: true, logFile };
  await pinProcess(ctx, peer.pid, ctx.config.serverCpu);
  const down = await waitUntil(ctx, child, tftpServes(ctx, port));
  if (down !== null) return { kind: 'failed', id: 'tftpd-hpa', reason: `${down}; log: ${await logTail(logFile)}` };
  return { kind: 'up', peer };
}

/** dnsmasq 2.90 binds its TFTP listener to the fixed port 69; only a build with --tftp-port can join. */
async function startDnsmasq(ctx: PeerContext): Promise<StartResult> {
  const cmd = ctx.tools.dnsmasq;
  if (cmd === undefined) {
    return { kind: 'skipped', id: 'dnsmasq', reason: 'dnsmasq not found (Debian package dnsmasq-base); optional peer skipped' };
  }
  // "Dnsmasq version 2.90  Copyright (c) ...": the part before the copyright.
  const version = (await firstOutputLine(ctx, cmd, ['--version'])).split(/\s{2,}/)[0] ?? 'dnsmasq';
  const help = await ctx.registry.run(cmd, ['--help'], { timeoutMs: 5_000 });
  if (!/--tftp-port[=\s]/.test(help.stdout)) {
    return {
      kind: 'skipped',
      id: 'dnsmasq',
      reason: `${version}: no option moves its TFTP server off port 69 (only --tftp-port-range, for transfer ports), so it cannot listen on a free high port; skipped`,
    };
  }
  const port = await ctx.ports.udp();
  const args = [
    '-k', '--port=0', '--conf-file=/dev/null', `--listen-address=${LOOPBACK}`, '--bind-interfaces', '--interface=lo',
    '--enable-tftp', `--tftp-root=${ctx.ws.root}`, `--tftp-port=${port}`, `--tftp-max=${ctx.config.maxTransfers}`,
    `--pid-file=${path.join(ctx.ws.dir, 'dnsmasq.pid')}`,
  ];
  const { child, logFile } = daemon(ctx, 'dnsmasq', cmd, args, false);
  if (child.pid === undefined) return { kind: 'failed', id: 'dnsmasq', reason: 'could not start dnsmasq' };
  const peer: Peer = { id: 'dnsmasq', version, port, pid: child.pid, forks: false, logFile };
  await pinProcess(ctx, peer.pid, ctx.config.serverCpu);
  const down = await waitUntil(ctx, child, tftpServes(ctx, port));
  if (down !== null) return { kind: 'failed', id: 'dnsmasq', reason: `${down}; log: ${await logTail(logFile)}` };
  return { kind: 'up', peer };
}

export function startPeer(ctx: PeerContext, id: PeerId): Promise<StartResult> {
  switch (id) {
    case 'thinboot':
      return startThinboot(ctx);
    case 'tftpd-hpa':
      return startTftpdHpa(ctx);
    case 'dnsmasq':
      return startDnsmasq(ctx);
  }
}

export function stopPeer(ctx: PeerContext, peer: Peer): Promise<void> {
  return ctx.registry.stop(peer.pid, ctx.config.stopTimeoutMs);
}
