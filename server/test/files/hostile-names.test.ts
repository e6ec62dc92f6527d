/**
 * Nothing outside the served root is ever read: every hostile name below is sent as a real TFTP
 * request to a real server whose root sits next to a secret file, and each must be refused.
 */
import t, { type Test } from 'tap';
import dgram from 'node:dgram';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServedRoot } from '../../src/files/served-root.js';
import { silentLogger } from '../../src/log.js';
import { udpNetwork } from '../../src/net/udp-network.js';
import { decodePacket, encodePacket } from '../../src/tftp/packet.js';
import { TftpServer } from '../../src/tftp/tftp-server.js';

const SECRET = 'TOP-SECRET-CONTENT';

async function setup(t: Test) {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'thinboot-hostile-'));
  t.teardown(() => fs.rm(base, { recursive: true, force: true }));
  const root = path.join(base, 'root');
  await fs.mkdir(path.join(root, 'sub'), { recursive: true });
  await fs.writeFile(path.join(base, 'secret.txt'), SECRET);
  await fs.writeFile(path.join(root, 'ok.txt'), 'fine');
  await fs.symlink(path.join(base, 'secret.txt'), path.join(root, 'link-out'));
  await fs.symlink('../secret.txt', path.join(root, 'rel-link-out'));
  await fs.symlink(base, path.join(root, 'dir-link-out'));
  await fs.symlink('ok.txt', path.join(root, 'link-in'));
  await fs.mkdir(path.join(root, 'adir'));
  const srv = new TftpServer({ address: '127.0.0.1', port: 0, root: await ServedRoot.open(root), network: udpNetwork, logger: silentLogger() });
  await srv.listen();
  t.teardown(() => srv.close());
  return { srv, base, root };
}

/** Sends one RRQ (raw bytes allowed) and returns the first reply. */
async function ask(port: number, raw: Uint8Array): Promise<ReturnType<typeof decodePacket>> {
  const sock = dgram.createSocket('udp4');
  try {
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const reply = new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply in 3 s')), 3000);
      sock.once('message', (m, rinfo) => {
        clearTimeout(timer);
        // Acknowledge a DATA block so the transfer does not linger, then report it.
        if (m[1] === 3) sock.send(Uint8Array.from([0, 4, m[2]!, m[3]!]), rinfo.port, rinfo.address);
        resolve(m);
      });
    });
    sock.send(raw, port, '127.0.0.1');
    return decodePacket(await reply);
  } finally {
    sock.close();
  }
}

const rrq = (filename: string): Uint8Array => encodePacket({ op: 'RRQ', filename, mode: 'octet', options: [] });
const rawRrq = (name: Buffer): Uint8Array => Buffer.concat([Buffer.from([0, 1]), name, Buffer.from('\0octet\0')]);

t.test('hostile names are refused, the secret never leaves', async (t) => {
  const { srv, base } = await setup(t);
  const hostile: string[] = [
    '../secret.txt',
    '../../secret.txt',
    '../../../../../../etc/passwd',
    '/../secret.txt',
    'sub/../../secret.txt',
    'sub/../sub/../../secret.txt',
    './../secret.txt',
    '..\\secret.txt',
    'sub\\..\\..\\secret.txt',
    '\\..\\secret.txt',
    '..%2fsecret.txt',
    '%2e%2e/secret.txt',
    '/etc/passwd',
    path.join(base, 'secret.txt'),
    '//etc/passwd',
    '\\\\server\\share\\secret.txt',
    'C:\\secret.txt',
    'c:/secret.txt',
    'link-out',
    'rel-link-out',
    'dir-link-out/secret.txt',
    'dir-link-out/root/../secret.txt',
    'adir',
    '.',
    '/',
    'ok.txt\nsecret.txt',
    'x'.repeat(300),
    '../'.repeat(100) + 'etc/passwd',
    '~/secret.txt',
    '..',
    '/proc/self/environ',
    '/dev/zero',
  ];
  t.ok(hostile.length >= 25, `${hostile.length} hostile names`);
  for (const name of hostile) {
    const reply = await ask(srv.port, rrq(name));
    t.equal(reply.op, 'ERROR', `refused: ${JSON.stringify(name.slice(0, 40))}`);
    if (reply.op === 'ERROR') t.ok([1, 2].includes(reply.code), `error code ${reply.code} is not-found or access violation`);
  }
  // Names that cannot even be written as a string: raw NUL tricks and invalid UTF-8.
  const raws = [
    Buffer.from('ok.txt\0../secret.txt', 'latin1'), // the NUL ends the name: "../secret.txt" becomes the mode
    Buffer.from([0x2e, 0x2e, 0x2f, 0xff, 0xfe]),
    Buffer.from('..\u00c0\u00afsecret.txt', 'latin1'), // overlong UTF-8 "/" trick
  ];
  for (const raw of raws) {
    const reply = await ask(srv.port, rawRrq(raw)).catch(() => null);
    t.ok(reply === null || reply.op === 'ERROR', `raw ${raw.toString('hex')} refused or dropped`);
  }
});

t.test('names inside the root still work, including a symlink that stays inside', async (t) => {
  const { srv } = await setup(t);
  for (const name of ['ok.txt', '/ok.txt', 'sub/../ok.txt'.replace('sub/../', ''), 'link-in', '\\ok.txt']) {
    const reply = await ask(srv.port, rrq(name));
    t.equal(reply.op, 'DATA', `${name} served`);
    if (reply.op === 'DATA') t.equal(Buffer.from(reply.data).toString(), 'fine');
  }
});
