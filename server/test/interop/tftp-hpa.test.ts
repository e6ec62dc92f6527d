/**
 * Interop with the tftp-hpa client (Debian `tftp-hpa`, /usr/bin/tftp): RFC 1350 lockstep with
 * 512-byte blocks and no options at all, plus netascii (RFC 1350 §1, RFC 764) and a refused write.
 *
 * tftp-hpa exits 0 even when the server answers with an ERROR, and prints it on stdout: errors are
 * checked in its output.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { toNetascii } from '../../src/tftp/netascii.js';
import {
  CLIENTS,
  NETASCII_TEXT,
  STANDARD_FILES,
  checkDownload,
  requireClient,
  runClient,
  sha256,
  startTestServer,
  tempDir,
  writeStandardFiles,
} from './interop-harness.js';

const root = await tempDir(t, 'tftp-hpa-root');
const out = await tempDir(t, 'tftp-hpa-out');
const hashes = await writeStandardFiles(root);
const server = await startTestServer(t, root);

const tftp = (args: string[]) => () => runClient(requireClient(CLIENTS.tftpHpa), ['127.0.0.1', String(server.port), ...args], { cwd: out });

for (const f of STANDARD_FILES) {
  t.test(`binary (lockstep, 512): ${f.name} (${f.size} bytes)`, async (t) => {
    requireClient(CLIENTS.tftpHpa);
    const local = path.join(out, `binary-${f.name}`);
    await checkDownload(t, server, {
      file: f.name,
      local,
      sha: hashes.get(f.name)!,
      bytesSent: f.size,
      options: {},
      run: tftp(['-m', 'binary', '-c', 'get', f.name, local]),
    });
  });
}

t.test('binary: a file in a subdirectory', async (t) => {
  requireClient(CLIENTS.tftpHpa);
  const local = path.join(out, 'sub-file.bin');
  await checkDownload(t, server, {
    file: 'boot/pxe/file.bin',
    local,
    sha: hashes.get('boot/pxe/file.bin')!,
    bytesSent: 5000,
    run: tftp(['-m', 'binary', '-c', 'get', 'boot/pxe/file.bin', local]),
  });
});

t.test('netascii: LF, bare CR and CR LF survive the round trip through the wire form', async (t) => {
  requireClient(CLIENTS.tftpHpa);
  const local = path.join(out, 'ascii-text.txt');
  const source = Buffer.from(NETASCII_TEXT, 'latin1');
  const stats = await checkDownload(t, server, {
    file: 'text.txt',
    local,
    sha: sha256(source),
    // On the wire every LF became CR LF and every bare CR became CR NUL.
    bytesSent: toNetascii(source).length,
    options: {},
    run: tftp(['-m', 'ascii', '-c', 'get', 'text.txt', local]),
  });
  t.equal(stats.mode, 'netascii', 'server saw a netascii request');
  t.ok(stats.bytesSent > source.length, 'the wire form is longer than the file (conversion happened)');
});

t.test('a missing file is reported as "file not found" (error 1)', async (t) => {
  requireClient(CLIENTS.tftpHpa);
  const end = server.nextEnd('no-such-file.bin');
  const run = await tftp(['-m', 'binary', '-c', 'get', 'no-such-file.bin', path.join(out, 'missing')])();
  t.equal(run.timedOut, false, 'client finished in time');
  t.match(run.stdout + run.stderr, /Error code 1: file not found/, `client reports error 1 (${(run.stdout + run.stderr).trim()})`);
  const stats = await end;
  t.equal(stats.outcome, 'refused', 'server outcome refused');
  t.equal(stats.bytesSent, 0, 'nothing sent');
});

t.test('a write (put) is refused with an access violation (error 2)', async (t) => {
  requireClient(CLIENTS.tftpHpa);
  const upload = 'upload.txt';
  await fs.writeFile(path.join(out, upload), 'do not store me\n');
  const end = server.nextEnd(upload);
  const run = await tftp(['-m', 'binary', '-c', 'put', upload])();
  t.equal(run.timedOut, false, 'client finished in time');
  t.match(run.stdout + run.stderr, /Error code 2: write requests are not accepted/, `client reports error 2 (${(run.stdout + run.stderr).trim()})`);
  const stats = await end;
  t.equal(stats.outcome, 'refused', 'server outcome refused');
  await t.rejects(fs.access(path.join(root, upload)), 'nothing was written to the served root');
});
