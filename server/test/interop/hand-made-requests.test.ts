/**
 * Requests no packaged client sends, built by hand and sent over real sockets: Windows-style
 * backslash paths (some PXE menus and WDS-era configs write `boot\pxe\file.bin`), hostile names,
 * and odd corners of the served directory.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { constants, openSync, closeSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { TftpErrorCode } from '../../src/tftp/iana.js';
import { decodePacket, encodePacket } from '../../src/tftp/packet.js';
import type { TransferStats } from '../../src/tftp/transfer-stats.js';
import { sha256, startTestServer, tempDir, writeFile, writeStandardFiles } from './interop-harness.js';
import { TftpServerError, nodeTftpGet } from './node-tftp-client.js';

const root = await tempDir(t, 'handmade-root');
const hashes = await writeStandardFiles(root);
const server = await startTestServer(t, root);

/** RRQ bytes exactly as written: opcode 1, then NUL-terminated fields (RFC 1350 §5). */
const rrq = (...fields: string[]): Uint8Array =>
  Buffer.concat([Buffer.from([0, 1]), ...fields.map((f) => Buffer.from(`${f}\0`, 'utf8'))]);

t.test('backslash path boot\\pxe\\file.bin is served as boot/pxe/file.bin (lockstep)', async (t) => {
  const name = 'boot\\pxe\\file.bin';
  const end = server.nextEnd(name);
  const got = await nodeTftpGet({ port: server.port, file: name, rawRequest: rrq(name, 'octet'), timeoutMs: 10_000 });
  t.equal(sha256(got.data), hashes.get('boot/pxe/file.bin'), 'bytes of boot/pxe/file.bin');
  t.equal(got.oack, null, 'no options asked, no OACK');
  const stats = await end;
  t.equal(stats.outcome, 'complete', 'server outcome complete');
  t.equal(stats.bytesSent, 5000, 'server bytesSent');
});

t.test('backslash path with blksize 1468 and windowsize 4', async (t) => {
  const name = '\\boot\\pxe\\file.bin';
  const end = server.nextEnd(name);
  const got = await nodeTftpGet({
    port: server.port,
    file: name,
    rawRequest: rrq(name, 'octet', 'blksize', '1468', 'windowsize', '4', 'tsize', '0'),
    timeoutMs: 10_000,
  });
  t.equal(sha256(got.data), hashes.get('boot/pxe/file.bin'), 'bytes of boot/pxe/file.bin');
  t.same(got.oack, { blksize: '1468', windowsize: '4', tsize: '5000' }, 'OACK');
  const stats = await end;
  t.equal(stats.outcome, 'complete', 'server outcome complete');
  t.equal(stats.bytesSent, 5000, 'server bytesSent');
});

t.test('edk2-style size probe: OACK, then error 8, then the real download', async (t) => {
  // shared FACTS.md: UEFI asks with tsize, reads the size from the OACK, aborts with error 8 and asks again.
  const size = 5000;
  const s = dgram.createSocket('udp4');
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', () => res()));
  t.teardown(() => new Promise<void>((res) => s.close(() => res())));
  const probeEnd = server.nextEnd('boot/pxe/file.bin');
  const oack = new Promise<{ msg: Buffer; port: number }>((res) => s.once('message', (msg, rinfo) => res({ msg, port: rinfo.port })));
  s.send(rrq('boot/pxe/file.bin', 'octet', 'tsize', '0', 'blksize', '1468', 'windowsize', '4'), server.port, '127.0.0.1');
  const reply = await oack;
  t.same(decodePacket(reply.msg), { op: 'OACK', options: [{ name: 'tsize', value: String(size) }, { name: 'blksize', value: '1468' }, { name: 'windowsize', value: '4' }] }, 'OACK with the size');
  s.send(encodePacket({ op: 'ERROR', code: 8, message: 'User aborted the transfer' }), reply.port, '127.0.0.1');
  const probe = await probeEnd;
  t.equal(probe.outcome, 'size-probe', `first request ends as a size probe (${probe.detail})`);
  t.equal(probe.bytesSent, 0, 'no data was sent for the probe');

  const end = server.nextEnd('boot/pxe/file.bin');
  const got = await nodeTftpGet({ port: server.port, file: 'boot/pxe/file.bin', options: [['blksize', '1468'], ['windowsize', '4']], timeoutMs: 10_000 });
  t.equal(sha256(got.data), hashes.get('boot/pxe/file.bin'), 'then the download is byte-exact');
  t.equal((await end).outcome, 'complete', 'and complete');
});

t.test('windowed transfer past block 65535 (blksize 8, windowsize 16: 75,001 blocks)', async (t) => {
  // The curl test covers the rollover in lockstep; this one maps windowed ACKs across the wrap.
  const bytes = randomBytes(600_000);
  await writeFile(root, 'tiny-blocks.bin', bytes);
  const end = server.nextEnd('tiny-blocks.bin', 60_000);
  const got = await nodeTftpGet({ port: server.port, file: 'tiny-blocks.bin', options: [['blksize', '8'], ['windowsize', '16']], timeoutMs: 60_000 });
  t.equal(sha256(got.data), sha256(bytes), 'byte-exact');
  const stats = await end;
  t.equal(stats.outcome, 'complete', 'server outcome complete');
  t.equal(stats.bytesSent, bytes.length, 'server bytesSent');
  t.equal(stats.packetsSent - stats.retransmits, 600_000 / 8 + 1 + 1, 'OACK plus 75,001 DATA blocks, each sent once');
});

t.test('hostile names are refused over the wire, never served', async (t) => {
  await fs.symlink('/etc', path.join(root, 'escape'));
  const cases: [string, number][] = [
    ['../../etc/passwd', TftpErrorCode.ACCESS_VIOLATION],
    ['..\\..\\etc\\passwd', TftpErrorCode.ACCESS_VIOLATION],
    ['boot/../../etc/passwd', TftpErrorCode.ACCESS_VIOLATION],
    ['C:\\Windows\\win.ini', TftpErrorCode.ACCESS_VIOLATION],
    ['escape/passwd', TftpErrorCode.ACCESS_VIOLATION], // a symlink out of the root
    ['boot', TftpErrorCode.ACCESS_VIOLATION], // a directory
    ['/etc/passwd', TftpErrorCode.FILE_NOT_FOUND], // "/" means the served root, where there is no etc/
    ['a'.repeat(300), TftpErrorCode.ACCESS_VIOLATION],
  ];
  for (const [name, code] of cases) {
    const end = server.nextEnd(name);
    const err = await nodeTftpGet({ port: server.port, file: name, rawRequest: rrq(name, 'octet'), timeoutMs: 5_000 }).then(
      () => null,
      (e: unknown) => e,
    );
    t.ok(err instanceof TftpServerError, `${JSON.stringify(name.slice(0, 40))}: refused with a TFTP error`);
    if (err instanceof TftpServerError) t.equal(err.tftpCode, code, `  error code ${code}`);
    t.equal((await end).outcome, 'refused', '  server outcome refused');
  }
});

// Bugs found by these tests, now fixed: each test keeps them fixed.
{
  t.test('a name that starts with a UTF-8 byte order mark names another file than the name without it', async (t) => {
    const name = '\uFEFFone-byte.bin';
    const err = await nodeTftpGet({ port: server.port, file: name, rawRequest: rrq(name, 'octet'), timeoutMs: 5_000 }).then(
      () => null,
      (e: unknown) => e,
    );
    t.ok(err instanceof TftpServerError && err.tftpCode === TftpErrorCode.FILE_NOT_FOUND, 'file not found (no such file on disk)');
  });

  t.test('a client-requested timeout does not keep an abandoned transfer beyond the retransmit budget', async (t) => {
    // Policy: 50 + 100 + 100 ms of retransmits, then give up. The client asks for "timeout 255" and goes silent.
    const short = await startTestServer(t, root, { retransmit: { initialMs: 50, maxMs: 100, maxTries: 2 } });
    const s = dgram.createSocket('udp4');
    await new Promise<void>((res) => s.bind(0, '127.0.0.1', () => res()));
    t.teardown(() => new Promise<void>((res) => s.close(() => res())));
    s.send(rrq('one-byte.bin', 'octet', 'timeout', '255'), short.port, '127.0.0.1');
    await new Promise((res) => setTimeout(res, 2_000));
    t.equal(short.srv.activeTransfers, 0, 'the abandoned transfer ended within 2 s');
  });

  // Last in the file: it blocks threads of libuv's pool until the cleanup below unblocks them.
  t.test('a named pipe in the served root is refused without stalling the server', async (t) => {
    const fifo = path.join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const refused: TransferStats[] = [];
    const onEnd = (s: TransferStats): void => {
      if (s.file === 'pipe') refused.push(s);
    };
    server.srv.events.on('transfer-end', onEnd);
    t.teardown(() => server.srv.events.off('transfer-end', onEnd));
    // Five requests from five client ports: more than the 4 threads of libuv's default pool.
    const senders = await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<dgram.Socket>((res) => {
            const s = dgram.createSocket('udp4');
            s.bind(0, '127.0.0.1', () => res(s));
          }),
      ),
    );
    t.teardown(() => senders.forEach((s) => s.close()));
    for (const s of senders) s.send(rrq('pipe', 'octet'), server.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 200));
    const other = await nodeTftpGet({ port: server.port, file: 'one-byte.bin', timeoutMs: 2_000 }).then(
      (r) => sha256(r.data) === hashes.get('one-byte.bin'),
      () => false,
    );
    t.ok(other, 'another file is still served while pipes are asked for');
    // Cleanup: open the write end (without blocking, on the main thread) until every reader woke up.
    const deadline = Date.now() + 5_000;
    while (refused.length < senders.length && Date.now() < deadline) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        /* ENXIO: no reader blocked right now */
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    t.equal(refused.length, senders.length, 'every pipe request ends refused once unblocked');
  });
}
