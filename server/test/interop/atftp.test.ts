/**
 * Interop with the atftp client (Debian `atftp`, 0.8): blksize (RFC 2348), windowsize (RFC 7440)
 * and tsize (RFC 2349). atftp 0.8 may send tsize with the value "enable" instead of "0"
 * (shared FACTS.md): the server must answer it with the size like any other tsize request.
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

const root = await tempDir(t, 'atftp-root');
const out = await tempDir(t, 'atftp-out');
const hashes = await writeStandardFiles(root);
const server = await startTestServer(t, root);

const atftp = (options: string[], args: string[]) => () =>
  runClient(
    requireClient(CLIENTS.atftp),
    [...options.flatMap((o) => ['--option', o]), ...args, '127.0.0.1', String(server.port)],
    { cwd: out, timeoutMs: 30_000 },
  );

for (const windowsize of [4, 16]) {
  for (const f of STANDARD_FILES) {
    t.test(`blksize 1468, windowsize ${windowsize}: ${f.name} (${f.size} bytes)`, async (t) => {
      requireClient(CLIENTS.atftp);
      const local = path.join(out, `ws${windowsize}-${f.name}`);
      await checkDownload(t, server, {
        file: f.name,
        local,
        sha: hashes.get(f.name)!,
        bytesSent: f.size,
        options: { blksize: 1468, windowsize },
        run: atftp([`blksize 1468`, `windowsize ${windowsize}`], ['-g', '-r', f.name, '-l', local]),
      });
    });
  }
}

// Both spellings of the tsize request; the OACK must carry the real size either way.
for (const tsizeValue of ['0', 'enable']) {
  t.test(`tsize ${tsizeValue} (with blksize 1468, windowsize 4) is answered with the file size`, async (t) => {
    requireClient(CLIENTS.atftp);
    const f = STANDARD_FILES.find((x) => x.name === 'random-3mib.bin')!;
    const local = path.join(out, `tsize-${tsizeValue}.bin`);
    let trace = '';
    await checkDownload(t, server, {
      file: f.name,
      local,
      sha: hashes.get(f.name)!,
      bytesSent: f.size,
      options: { tsize: f.size, blksize: 1468, windowsize: 4 },
      run: async () => {
        const run = await atftp([`tsize ${tsizeValue}`, 'blksize 1468', 'windowsize 4'], ['--trace', '-g', '-r', f.name, '-l', local])();
        trace = run.stdout + run.stderr;
        return run;
      },
    });
    t.match(trace, new RegExp(`sent RRQ <file: ${f.name}, mode: octet <tsize: ${tsizeValue}`), 'atftp asked with this tsize value');
    t.match(trace, new RegExp(`received OACK <[^>]*tsize: ${f.size}`), 'atftp received the size in the OACK');
  });
}

t.test('a missing file: atftp reports "file not found" and fails', async (t) => {
  requireClient(CLIENTS.atftp);
  const end = server.nextEnd('no-such-file.bin');
  const run = await atftp(['blksize 1468'], ['-g', '-r', 'no-such-file.bin', '-l', path.join(out, 'missing')])();
  t.equal(run.timedOut, false, 'client finished in time');
  t.not(run.code, 0, `atftp exit code is non-zero (${run.code})`);
  t.match(run.stdout + run.stderr, /file not found/, 'atftp shows the server message');
  t.equal((await end).outcome, 'refused', 'server outcome refused');
});

t.test('a write (put) is refused with an access violation', async (t) => {
  requireClient(CLIENTS.atftp);
  await fs.writeFile(path.join(out, 'upload.txt'), 'do not store me\n');
  const end = server.nextEnd('upload.txt');
  const run = await atftp([], ['-p', '-l', 'upload.txt', '-r', 'upload.txt'])();
  t.equal(run.timedOut, false, 'client finished in time');
  t.not(run.code, 0, `atftp exit code is non-zero (${run.code})`);
  t.match(run.stdout + run.stderr, /write requests are not accepted/, 'atftp shows the server message');
  t.equal((await end).outcome, 'refused', 'server outcome refused');
  await t.rejects(fs.access(path.join(root, 'upload.txt')), 'nothing was written to the served root');
});
