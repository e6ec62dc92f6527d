/**
 * Interop with busybox's tftp applet (Debian `busybox-static`), the client of small initrds:
 * it asks only for tsize (RFC 2349), plus blksize (RFC 2348) when given `-b`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import {
  CLIENTS,
  STANDARD_FILES,
  checkDownload,
  requireClient,
  runClient,
  startTestServer,
  tempDir,
  writeStandardFiles,
} from './interop-harness.js';

const root = await tempDir(t, 'busybox-root');
const out = await tempDir(t, 'busybox-out');
const hashes = await writeStandardFiles(root);
const server = await startTestServer(t, root);

const busybox = (args: string[]) => () =>
  runClient(requireClient(CLIENTS.busybox), ['tftp', ...args, '127.0.0.1', String(server.port)], { cwd: out, timeoutMs: 30_000 });

for (const blksize of [null, 1024] as const) {
  for (const f of STANDARD_FILES) {
    const label = blksize === null ? 'default (512, tsize only)' : `-b ${blksize}`;
    t.test(`${label}: ${f.name} (${f.size} bytes)`, async (t) => {
      requireClient(CLIENTS.busybox);
      const local = path.join(out, `b${blksize ?? 512}-${f.name}`);
      await checkDownload(t, server, {
        file: f.name,
        local,
        sha: hashes.get(f.name)!,
        bytesSent: f.size,
        options: blksize === null ? { tsize: f.size } : { blksize, tsize: f.size },
        run: busybox([...(blksize === null ? [] : ['-b', String(blksize)]), '-g', '-r', f.name, '-l', local]),
      });
    });
  }
}

t.test('a file in a subdirectory', async (t) => {
  requireClient(CLIENTS.busybox);
  const local = path.join(out, 'sub-file.bin');
  await checkDownload(t, server, {
    file: 'boot/pxe/file.bin',
    local,
    sha: hashes.get('boot/pxe/file.bin')!,
    bytesSent: 5000,
    run: busybox(['-g', '-r', 'boot/pxe/file.bin', '-l', local]),
  });
});

t.test('a missing file: busybox reports error 1 and fails', async (t) => {
  requireClient(CLIENTS.busybox);
  const end = server.nextEnd('no-such-file.bin');
  const run = await busybox(['-g', '-r', 'no-such-file.bin', '-l', path.join(out, 'missing')])();
  t.equal(run.timedOut, false, 'client finished in time');
  t.not(run.code, 0, `busybox exit code is non-zero (${run.code})`);
  t.match(run.stdout + run.stderr, /server error: \(1\) file not found/, 'busybox shows error 1');
  t.equal((await end).outcome, 'refused', 'server outcome refused');
});

t.test('a write (-p) is refused with an access violation (error 2)', async (t) => {
  requireClient(CLIENTS.busybox);
  await fs.writeFile(path.join(out, 'upload.txt'), 'do not store me\n');
  const end = server.nextEnd('upload.txt');
  const run = await busybox(['-p', '-l', 'upload.txt', '-r', 'upload.txt'])();
  t.equal(run.timedOut, false, 'client finished in time');
  t.not(run.code, 0, `busybox exit code is non-zero (${run.code})`);
  t.match(run.stdout + run.stderr, /server error: \(2\) write requests are not accepted/, 'busybox shows error 2');
  t.equal((await end).outcome, 'refused', 'server outcome refused');
  await t.rejects(fs.access(path.join(root, 'upload.txt')), 'nothing was written to the served root');
});
