/** The TFTP service over loopback with scripted peers: requests, refusals, limits, quirks, events. */
import t, { type Test } from 'tap';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServedRoot } from '../../src/files/served-root.js';
import { silentLogger } from '../../src/log.js';
import { udpNetwork } from '../../src/net/udp-network.js';
import { TftpServer, type TftpServerOptions } from '../../src/tftp/tftp-server.js';
import type { TransferStats } from '../../src/tftp/transfer-stats.js';
import { RawPeer } from '../helpers/raw-tftp.js';

async function start(t: Test, extra: Partial<TftpServerOptions> = {}) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'thinboot-tftp-'));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  await fs.mkdir(path.join(dir, 'grub'));
  await fs.writeFile(path.join(dir, 'grub', 'grub.cfg'), 'set timeout=1\n');
  await fs.writeFile(path.join(dir, 'text.txt'), 'line one\nline two\rbare\n');
  await fs.writeFile(path.join(dir, 'big.bin'), Buffer.alloc(100_000, 0x5a));
  const srv = new TftpServer({ address: '127.0.0.1', port: 0, root: await ServedRoot.open(dir), network: udpNetwork, logger: silentLogger(), ...extra });
  await srv.listen();
  const ended: TransferStats[] = [];
  srv.events.on('transfer-end', (s) => ended.push(s));
  const peers: RawPeer[] = [];
  const peer = async () => {
    const p = await RawPeer.open();
    peers.push(p);
    return p;
  };
  t.teardown(async () => {
    for (const p of peers) p.close();
    await srv.close();
  });
  return { srv, ended, peer, dir };
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

t.test('GRUB asks with a leading slash', async (t) => {
  const { srv, peer } = await start(t);
  const p = await peer();
  const { data } = await p.download(srv.port, '/grub/grub.cfg', [{ name: 'blksize', value: '1024' }, { name: 'tsize', value: '0' }]);
  t.equal(data.toString(), 'set timeout=1\n');
});

t.test('netascii: LF goes out as CR LF, a bare CR as CR NUL', async (t) => {
  const { srv, peer } = await start(t);
  const p = await peer();
  const { data } = await p.download(srv.port, 'text.txt', [], 'netascii');
  t.equal(data.toString('latin1'), 'line one\r\nline two\r\0bare\r\n');
});

t.test('write requests are refused with an access violation', async (t) => {
  const { srv, peer, ended, dir } = await start(t);
  const p = await peer();
  p.send(srv.port, { op: 'WRQ', filename: 'new.bin', mode: 'octet', options: [] });
  const [r] = await p.waitFor(1);
  t.same(r!.packet, { op: 'ERROR', code: 2, message: 'write requests are not accepted' });
  t.equal(ended[0]?.outcome, 'refused');
  await t.rejects(fs.stat(path.join(dir, 'new.bin')), 'nothing written');
});

t.test('mail and unknown modes are refused with an illegal-operation error', async (t) => {
  const { srv, peer } = await start(t);
  const p = await peer();
  p.rrq(srv.port, 'text.txt', [], 'mail');
  p.rrq(srv.port, 'text.txt', [], 'binary');
  const got = await p.waitFor(2);
  t.same(got.map((g) => g.packet), [
    { op: 'ERROR', code: 4, message: 'mail mode is not supported' },
    { op: 'ERROR', code: 4, message: 'unknown transfer mode "binary"' },
  ]);
});

t.test('a missing file is error 1', async (t) => {
  const { srv, peer } = await start(t);
  const p = await peer();
  p.rrq(srv.port, 'nope.bin');
  t.same((await p.waitFor(1))[0]!.packet, { op: 'ERROR', code: 1, message: 'file not found' });
});

t.test('each transfer on its own port; a repeated request does not start a second transfer', async (t) => {
  const { srv, peer, ended } = await start(t);
  const p = await peer();
  p.rrq(srv.port, 'big.bin');
  p.rrq(srv.port, 'big.bin');
  const [first] = await p.waitFor(1);
  t.not(first!.port, srv.port, 'DATA comes from a new port');
  await new Promise((r) => setTimeout(r, 100));
  t.equal(p.received.length, 1, 'one DATA, not two');
  t.equal(srv.activeTransfers, 1);
  p.send(first!.port, { op: 'ERROR', code: 0, message: 'bye' });
  await until(() => ended.length === 1);
  t.equal(ended[0]!.outcome, 'client-error');
  t.equal(srv.activeTransfers, 0);
});

t.test('limits: per client and in total, refused with a TFTP error', async (t) => {
  const { srv, peer } = await start(t, { maxTransfersPerClient: 2, maxTransfers: 3 });
  const ps = await Promise.all([1, 2, 3, 4].map(() => peer()));
  ps[0]!.rrq(srv.port, 'big.bin');
  ps[1]!.rrq(srv.port, 'big.bin');
  await ps[0]!.waitFor(1);
  await ps[1]!.waitFor(1);
  ps[2]!.rrq(srv.port, 'big.bin');
  t.same((await ps[2]!.waitFor(1))[0]!.packet, { op: 'ERROR', code: 0, message: 'too many transfers from this client' });
  t.equal(srv.activeTransfers, 2);
});

t.test('limits: total', async (t) => {
  const { srv, peer } = await start(t, { maxTransfersPerClient: 10, maxTransfers: 2 });
  const ps = await Promise.all([1, 2, 3].map(() => peer()));
  ps[0]!.rrq(srv.port, 'big.bin');
  ps[1]!.rrq(srv.port, 'big.bin');
  await ps[0]!.waitFor(1);
  await ps[1]!.waitFor(1);
  ps[2]!.rrq(srv.port, 'big.bin');
  t.same((await ps[2]!.waitFor(1))[0]!.packet, { op: 'ERROR', code: 0, message: 'server busy: too many transfers, try again' });
});

t.test('UEFI: tsize probe, error 8, then the real request; stats on the event stream', async (t) => {
  const { srv, peer, ended } = await start(t);
  const p = await peer();
  p.rrq(srv.port, 'big.bin', [{ name: 'tsize', value: '0' }, { name: 'blksize', value: '1468' }, { name: 'windowsize', value: '4' }]);
  const [oack] = await p.waitFor(1);
  t.same(oack!.packet, { op: 'OACK', options: [{ name: 'tsize', value: '100000' }, { name: 'blksize', value: '1468' }, { name: 'windowsize', value: '4' }] });
  p.send(oack!.port, { op: 'ERROR', code: 8, message: 'User aborted the transfer' });
  await until(() => ended.length === 1);
  t.equal(ended[0]!.outcome, 'size-probe');
  const p2 = await peer();
  const { data } = await p2.download(srv.port, 'big.bin', [{ name: 'blksize', value: '1468' }]);
  t.equal(data.length, 100_000);
  await until(() => ended.length === 2);
  const s = ended[1]!;
  t.match(s, { file: 'big.bin', mode: 'octet', options: { blksize: 1468 }, size: 100_000, bytesSent: 100_000, outcome: 'complete', retransmits: 0 });
  t.ok(s.durationMs >= 0);
  t.match(s.client, /^127\.0\.0\.1:\d+$/);
});

t.test('garbage on the listening port is dropped and the service goes on', async (t) => {
  const { srv, peer } = await start(t);
  const p = await peer();
  for (const junk of [[], [0], [0, 9, 1, 2], [0, 3, 0, 1, 1, 2, 3], [0, 4, 0, 0], [0, 1, 0x61]]) p.send(srv.port, Uint8Array.from(junk));
  const { data } = await p.download(srv.port, 'text.txt');
  t.equal(data.length, 'line one\nline two\rbare\n'.length);
});
