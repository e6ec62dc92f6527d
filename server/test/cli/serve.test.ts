/** `thinboot serve` as an operator runs it: help, clear errors, health, a clean SIGTERM. */
import t, { type Test } from 'tap';
import dgram from 'node:dgram';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePacket, encodePacket } from '../../src/tftp/packet.js';
import { VERSION } from '../../src/version.js';
import { collect, freePort, runCli, spawnCli, waitForHealth } from '../helpers/cli.js';

async function tempDir(t: Test): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'thinboot-cli-'));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** One sentence on stderr, no stack trace. */
function oneSentence(t: Test, stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
  t.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(stderr)}`);
  t.match(lines[0], pattern);
  t.notMatch(stderr, /\n\s+at /, 'no stack trace');
}

t.test('--help and --version', async (t) => {
  const help = await runCli(['--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /serve/);
  const serveHelp = await runCli(['serve', '--help']);
  t.equal(serveHelp.code, 0);
  for (const opt of ['--data', '--name', '--listen', '--tftp-port', '--tftp-root', '--http-port', '--status-port', '--dhcp', '--interface', '--pool', '--gateway', '--dns', '--lease-time', '--cluster-secret-file', '--backup-cron', '--backup-keep']) {
    t.match(serveHelp.stdout, opt, `serve --help lists ${opt}`);
  }
  const version = await runCli(['--version']);
  t.equal(version.stdout.trim(), VERSION);
  const pkg = JSON.parse(await fs.readFile('package.json', 'utf8')) as { version: string };
  t.equal(VERSION, pkg.version, 'version.ts matches package.json');
});

t.test('bad option values are refused with one sentence', async (t) => {
  for (const args of [['--tftp-port', 'abc'], ['--listen', 'not-an-ip'], ['--dhcp', 'maybe'], ['--pool', '10.0.0.1'], ['--http-port', '70000']]) {
    const r = await runCli(['serve', ...args]);
    t.not(r.code, 0, `${args.join(' ')} exits non-zero`);
    t.match(r.stderr, /invalid|expected|choose|port/i, `${args.join(' ')}: ${r.stderr.trim()}`);
  }
});

t.test('a missing --tftp-root is a clear error', async (t) => {
  const dir = await tempDir(t);
  const r = await runCli(['serve', '--data', dir, '--tftp-root', path.join(dir, 'nope'), '--tftp-port', '0', '--http-port', '0', '--dhcp', 'off']);
  t.equal(r.code, 2);
  oneSentence(t, r.stderr, /--tftp-root .*nope does not exist/);
});

t.test('a TFTP port in use is a clear error', async (t) => {
  const dir = await tempDir(t);
  const blocker = dgram.createSocket('udp4');
  await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => blocker.close());
  const port = blocker.address().port;
  const r = await runCli(['serve', '--data', dir, '--listen', '127.0.0.1', '--tftp-port', String(port), '--http-port', '0', '--dhcp', 'off']);
  t.equal(r.code, 2);
  oneSentence(t, r.stderr, new RegExp(`TFTP cannot listen on UDP 127\\.0\\.0\\.1:${port}: the port is already in use`));
});

t.test('an HTTP port in use is a clear error', async (t) => {
  const dir = await tempDir(t);
  const http = await import('node:http');
  const blocker = http.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const r = await runCli(['serve', '--data', dir, '--listen', '127.0.0.1', '--tftp-port', '0', '--http-port', String(port), '--dhcp', 'off']);
  t.equal(r.code, 2);
  oneSentence(t, r.stderr, /HTTP cannot listen on TCP .* already in use/);
});

t.test('a privileged port without root is a clear error', async (t) => {
  const dir = await tempDir(t);
  await fs.chmod(dir, 0o777);
  if (process.getuid?.() !== 0) {
    const r = await runCli(['serve', '--data', dir, '--tftp-port', '69', '--http-port', '0', '--dhcp', 'off']);
    oneSentence(t, r.stderr, /below 1024 need root or the CAP_NET_BIND_SERVICE capability/);
    return;
  }
  // As root (CI), run the command as "nobody" to see what an unprivileged operator sees.
  const r = await runCli(['serve', '--data', dir, '--listen', '127.0.0.1', '--tftp-port', '69', '--http-port', '0', '--dhcp', 'off'], {
    prefix: ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'],
  });
  t.equal(r.code, 2);
  oneSentence(t, r.stderr, /UDP 127\.0\.0\.1:69: ports below 1024 need root or the CAP_NET_BIND_SERVICE capability/);
});

t.test('--debug adds the stack trace', async (t) => {
  const dir = await tempDir(t);
  const r = await runCli(['--debug', 'serve', '--data', dir, '--tftp-root', path.join(dir, 'nope'), '--tftp-port', '0', '--http-port', '0', '--dhcp', 'off']);
  t.match(r.stderr, /\n\s+at /);
});

t.test('serve: health, token, a download, then SIGTERM ends an in-flight transfer with a TFTP error', async (t) => {
  const dir = await tempDir(t);
  const root = path.join(dir, 'root');
  await fs.mkdir(root);
  await fs.writeFile(path.join(root, 'big.bin'), Buffer.alloc(1_000_000, 7));
  const [tftpPort, httpPort] = [await freePort(), await freePort()];
  const child = spawnCli(['serve', '--data', dir, '--tftp-root', root, '--listen', '127.0.0.1', '--tftp-port', String(tftpPort), '--http-port', String(httpPort), '--dhcp', 'off']);
  const done = collect(child, 20000);
  t.teardown(() => child.kill('SIGKILL'));
  await waitForHealth(`http://127.0.0.1:${httpPort}/api/health`);
  const health = (await (await fetch(`http://127.0.0.1:${httpPort}/api/health`)).json()) as { status: string };
  t.equal(health.status, 'ok');

  const token = await runCli(['token', 'show', '--data', dir]);
  t.equal(token.code, 0);
  t.match(token.stdout.trim(), /^[A-Za-z0-9_-]{32,}$/, 'a token, nothing else');
  const api = JSON.parse(await fs.readFile(path.join(dir, 'admin-api.json'), 'utf8')) as { url: string };
  t.equal(api.url, `http://127.0.0.1:${httpPort}`);
  t.equal((await fs.stat(path.join(dir, 'admin-token'))).mode & 0o777, 0o600, 'token file readable by its owner only');

  // Start a transfer and never acknowledge: it is in flight when SIGTERM arrives.
  const sock = dgram.createSocket('udp4');
  t.teardown(() => sock.close());
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const packets: ReturnType<typeof decodePacket>[] = [];
  sock.on('message', (m) => packets.push(decodePacket(m)));
  sock.send(encodePacket({ op: 'RRQ', filename: 'big.bin', mode: 'octet', options: [] }), tftpPort, '127.0.0.1');
  for (let i = 0; i < 50 && packets.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(packets[0]?.op, 'DATA', 'transfer started');
  const killedAt = Date.now();
  child.kill('SIGTERM');
  const result = await done;
  t.equal(result.code, 0, 'exits 0 on SIGTERM');
  t.ok(Date.now() - killedAt < 3000, `stopped in ${Date.now() - killedAt} ms`);
  for (let i = 0; i < 20 && !packets.some((p) => p.op === 'ERROR'); i++) await new Promise((r) => setTimeout(r, 20));
  const error = packets.find((p) => p.op === 'ERROR');
  t.same(error, { op: 'ERROR', code: 0, message: 'the server is shutting down' }, 'the client is told, not left to time out');
});
