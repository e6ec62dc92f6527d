/**
 * Fuzz of a running TftpServer over real sockets: over 100,000 hostile datagrams to the listening
 * port, then garbage into live transfers' ports. No input may end the service (STYLE.md: "input
 * never kills a listener"): afterwards no transfer is left behind, every transfer that started has
 * ended, and a real client still downloads a file byte-exact.
 *
 * Seeded: the seed is printed; THINBOOT_FUZZ_SEED=<n> replays a run. Retransmits are made short
 * (50 ms, 2 tries) so the transfers fuzzed requests start end within a second.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import t from 'tap';
import type { DatagramEndpoint, DatagramNetwork, PeerAddress } from '../../src/net/datagram.js';
import { udpNetwork } from '../../src/net/udp-network.js';
import { decodePacket } from '../../src/tftp/packet.js';
import type { TransferStats } from '../../src/tftp/transfer-stats.js';
import { CLIENTS, checkDownload, requireClient, runClient, sha256, startTestServer, tempDir, writeFile } from '../interop/interop-harness.js';
import { nodeTftpGet } from '../interop/node-tftp-client.js';
import { listenPortPacket, type FuzzKind } from './fuzz-packets.js';
import { SeededRandom, fuzzSeed } from './seeded-random.js';

const LISTEN_PORT_PACKETS = 100_000;
/** Datagrams sent before waiting for the server to read them (the kernel drops what overflows its buffer). */
const BURST = 250;
const FUZZ_SOCKETS = 48; // more than maxTransfersPerClient (32): the per-client limit gets exercised too
const SHORT_RETRANSMIT = { initialMs: 50, maxMs: 100, maxTries: 2 };

const seed = fuzzSeed();
t.comment(`server fuzz seed ${seed} (replay: THINBOOT_FUZZ_SEED=${seed})`);
const r = new SeededRandom(seed);

/** Counts the datagrams the server's listening socket hands to the server. */
class CountingEndpoint implements DatagramEndpoint {
  received = 0;
  constructor(private readonly inner: DatagramEndpoint) {}
  get address(): string {
    return this.inner.address;
  }
  get port(): number {
    return this.inner.port;
  }
  send(datagram: Uint8Array, to?: PeerAddress): void {
    this.inner.send(datagram, to);
  }
  pendingSends(): number {
    return this.inner.pendingSends();
  }
  onMessage(handler: (msg: Uint8Array, from: PeerAddress) => void): void {
    this.inner.onMessage((msg, from) => {
      this.received++;
      handler(msg, from);
    });
  }
  onError(handler: (err: Error) => void): void {
    this.inner.onError(handler);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

let listener: CountingEndpoint | null = null;
let transferSockets = 0;
/**
 * The `timeout` (seconds, RFC 2349) each client's OACK granted, by client "address:port". The server
 * retransmits on that timeout instead of its own policy, so such a transfer outlives the short policy.
 */
const grantedTimeoutS = new Map<string, number>();
const network: DatagramNetwork = {
  async bind(address, port, opts) {
    listener = new CountingEndpoint(await udpNetwork.bind(address, port, opts));
    return listener;
  },
  async connect(localAddress, peer) {
    transferSockets++;
    const ep = await udpNetwork.connect(localAddress, peer);
    const key = `${peer.address}:${peer.port}`;
    const send = ep.send.bind(ep);
    ep.send = (datagram, to) => {
      if (datagram[0] === 0 && datagram[1] === 6) {
        const oack = decodePacket(datagram);
        const timeout = oack.op === 'OACK' ? oack.options.find((o) => o.name.toLowerCase() === 'timeout') : undefined;
        if (timeout) grantedTimeoutS.set(key, Number(timeout.value));
      }
      send(datagram, to);
    };
    return ep;
  },
};

const root = await tempDir(t, 'fuzz-root');
const big = randomBytes(256 * 1024 + 3);
await writeFile(root, 'a.bin', randomBytes(1000));
await writeFile(root, 'boot/pxe/file.bin', randomBytes(5000));
await writeFile(root, 'big.bin', big);
await writeFile(root, 'text.txt', Buffer.from('netascii\nfile\r\n'.repeat(100)));
const server = await startTestServer(t, root, { network, retransmit: SHORT_RETRANSMIT });
/** Transfer id -> client "address:port". */
const started = new Map<number, string>();
const ended = new Map<number, TransferStats>();
const outcomes: Record<string, number> = {};
const refusals: Record<string, number> = {};
server.srv.events.on('transfer-start', (s) => started.set(s.id, s.client));
server.srv.events.on('transfer-end', (s) => {
  ended.set(s.id, s);
  outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1;
  if (s.outcome === 'refused') {
    // Group by reason, without the quoted name or mode the client sent.
    const reason = s.detail.replace(/".*"$/s, '"…"');
    refusals[reason] = (refusals[reason] ?? 0) + 1;
  }
});

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));
/** `p`, or `fallback` after `ms`; the timer is cleared either way so it cannot hold the process open. */
function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((res) => (timer = setTimeout(() => res(fallback), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
const tick = (): Promise<void> => new Promise((res) => setImmediate(res));

async function udpSocket(): Promise<dgram.Socket & { replies: number }> {
  const s = dgram.createSocket('udp4') as dgram.Socket & { replies: number };
  s.replies = 0;
  s.on('message', () => s.replies++);
  s.on('error', () => {}); // EMSGSIZE, ECONNREFUSED after the peer closed: not the server's concern
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', () => res()));
  t.teardown(() => new Promise<void>((res) => s.close(() => res())));
  return s;
}

/** Lets the server read what was sent: until it has read `target` datagrams, or stops reading. */
async function drain(count: () => number, target: number): Promise<void> {
  let last = -1;
  let idle = 0;
  while (count() < target && idle < 20) {
    await tick();
    if (count() === last) {
      idle++;
      await sleep(1);
    } else {
      idle = 0;
    }
    last = count();
  }
}

/**
 * A fuzzed request may carry a valid `timeout` (a bit flip turns "256" into "216"): the server then
 * waits that many seconds between retransmits, whatever its own policy (see the report in README).
 * Transfers granted at least this long are expected to outlive the wait below; any other must end.
 */
const LONG_TIMEOUT_S = 4;
const runningIds = (): number[] => [...started.keys()].filter((id) => !ended.has(id));
const longTimeout = (id: number): boolean => (grantedTimeoutS.get(started.get(id)!) ?? 0) >= LONG_TIMEOUT_S;

/** Waits (bounded) until every transfer has ended but those granted a long client timeout. */
async function settle(): Promise<{ unexplained: number[]; longLived: number[] }> {
  const deadline = performance.now() + 15_000;
  const split = (): { unexplained: number[]; longLived: number[] } => {
    const running = runningIds();
    return { unexplained: running.filter((id) => !longTimeout(id)), longLived: running.filter(longTimeout) };
  };
  while (split().unexplained.length > 0 && performance.now() < deadline) await sleep(50);
  const result = split();
  if (result.longLived.length > 0) {
    const timeouts = result.longLived.map((id) => grantedTimeoutS.get(started.get(id)!));
    t.comment(`${result.longLived.length} transfer(s) still running on a client-requested timeout of ${timeouts.join(', ')} s`);
  }
  return result;
}

t.test(`${LISTEN_PORT_PACKETS} fuzzed datagrams to the listening port`, async (t) => {
  const sockets = await Promise.all(Array.from({ length: FUZZ_SOCKETS }, () => udpSocket()));
  const kinds: Partial<Record<FuzzKind, number>> = {};
  const t0 = performance.now();
  for (let i = 1; i <= LISTEN_PORT_PACKETS; i++) {
    const p = listenPortPacket(r);
    kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
    r.pick(sockets).send(p.bytes, server.port, '127.0.0.1');
    if (i % BURST === 0) await drain(() => listener!.received, i);
  }
  await drain(() => listener!.received, LISTEN_PORT_PACKETS);
  const ms = performance.now() - t0;
  const handled = listener!.received;
  t.comment(`sent ${JSON.stringify(kinds)} in ${Math.round(ms)} ms; server read ${handled} (${((100 * handled) / LISTEN_PORT_PACKETS).toFixed(1)} %)`);
  t.comment(`transfers started ${started.size}, transfer sockets ${transferSockets}, outcomes ${JSON.stringify(outcomes)}`);
  t.comment(`refusals by reason: ${JSON.stringify(refusals)}`);
  t.comment(`replies to fuzz sockets: ${sockets.reduce((n, s) => n + s.replies, 0)}`);
  t.ok(handled >= LISTEN_PORT_PACKETS * 0.9, 'the server read at least 90 % of the datagrams');
  t.ok(started.size > 0, 'fuzzed requests did start transfers');
  t.ok((outcomes['refused'] ?? 0) > 0, 'fuzzed requests were refused');
  t.ok(server.srv.port === server.port, 'still listening');
  const { unexplained, longLived } = await settle();
  t.same(unexplained, [], 'the transfers fuzzed requests started have ended (but for long client timeouts)');
  t.equal(server.srv.activeTransfers, longLived.length, 'the server counts exactly those still running');
});

t.test('garbage into a live lockstep transfer: the download stays byte-exact', async (t) => {
  let garbage = 0;
  let client = '';
  const end = server.nextEnd('big.bin', 30_000, (s) => s.client === client);
  const got = await nodeTftpGet({
    port: server.port,
    file: 'big.bin',
    timeoutMs: 30_000,
    onBound: (port) => (client = `127.0.0.1:${port}`),
    retryMs: 200,
    beforeAck: (send) => {
      for (let i = 0; i < 10; i++) {
        const b = listenPortPacket(r).bytes;
        // An ERROR from the client's own port would legitimately end the transfer.
        if (b.length >= 2 && b[0] === 0 && b[1] === 5) b[1] = 7;
        send(b);
        garbage++;
      }
    },
  });
  t.comment(`${garbage} garbage datagrams sent to the transfer port`);
  t.equal(sha256(got.data), sha256(big), 'bytes equal the source');
  const stats = await end;
  t.equal(stats.outcome, 'complete', `outcome complete (${stats.detail})`);
});

t.test('garbage (no ACK, no ERROR) into a live windowed transfer: the download stays byte-exact', async (t) => {
  let garbage = 0;
  let client = '';
  const end = server.nextEnd('big.bin', 30_000, (s) => s.client === client);
  const got = await nodeTftpGet({
    port: server.port,
    file: 'big.bin',
    options: [['blksize', '1468'], ['windowsize', '8']],
    timeoutMs: 30_000,
    onBound: (port) => (client = `127.0.0.1:${port}`),
    retryMs: 200,
    beforeAck: (send) => {
      for (let i = 0; i < 10; i++) {
        const b = listenPortPacket(r).bytes;
        // A stray ACK in a window may acknowledge blocks this client has not got yet.
        if (b.length >= 2 && b[0] === 0 && (b[1] === 4 || b[1] === 5)) b[1] = 7;
        send(b);
        garbage++;
      }
    },
  });
  t.comment(`${garbage} garbage datagrams sent to the transfer port`);
  t.equal(sha256(got.data), sha256(big), 'bytes equal the source');
  const stats = await end;
  t.equal(stats.outcome, 'complete', `outcome complete (${stats.detail})`);
});

t.test('anything at all into live transfers: each one ends, none takes the server down', async (t) => {
  const rounds = 10;
  const perRound = 2000;
  let sent = 0;
  for (let round = 0; round < rounds; round++) {
    // Most rounds leave ERROR out, so the transfer lives to take all the datagrams; the last ones don't.
    const allowError = round >= rounds - 2;
    const s = await udpSocket();
    const client = `127.0.0.1:${s.address().port}`;
    const firstReply = new Promise<number>((res) => s.once('message', (_m, rinfo) => res(rinfo.port)));
    const end = new Promise<TransferStats>((res) => {
      const onEnd = (st: TransferStats): void => {
        if (st.client !== client) return;
        server.srv.events.off('transfer-end', onEnd);
        res(st);
      };
      server.srv.events.on('transfer-end', onEnd);
    });
    s.send(Buffer.from('\0\x01big.bin\0octet\0'), server.port, '127.0.0.1');
    const transferPort = await within(firstReply, 5_000, 0);
    t.not(transferPort, 0, `round ${round}: the transfer answered`);
    if (transferPort === 0) continue;
    for (let i = 0; i < perRound; i++) {
      const b = r.chance(0.2) ? Uint8Array.of(0, 4, r.int(0, 255), r.int(0, 255)) : listenPortPacket(r).bytes;
      if (!allowError && b.length >= 2 && b[0] === 0 && b[1] === 5) b[1] = 7;
      s.send(b, transferPort, '127.0.0.1');
      sent++;
      if (i % BURST === 0) await tick();
    }
    const stats = await within(end, 10_000, null);
    t.ok(
      stats !== null && ['timeout', 'client-error', 'complete'].includes(stats.outcome),
      `round ${round}: the transfer ended: ${stats?.outcome} (${stats?.detail})`,
    );
  }
  t.comment(`${sent} datagrams to ${rounds} transfer ports; outcomes so far ${JSON.stringify(outcomes)}`);
});

t.test('afterwards: no transfer left behind, every started transfer ended, a real client still works', async (t) => {
  const { unexplained, longLived } = await settle();
  t.same(unexplained, [], `every started transfer ended (${started.size} started), but for long client timeouts`);
  t.equal(server.srv.activeTransfers, longLived.length, `no other transfer left behind (${longLived.length} on long timeouts)`);
  t.comment(`outcomes ${JSON.stringify(outcomes)}`);

  const curl = requireClient(CLIENTS.curl);
  const out = await tempDir(t, 'fuzz-out');
  const local = path.join(out, 'big.bin');
  await checkDownload(t, server, {
    file: 'big.bin',
    local,
    sha: sha256(big),
    bytesSent: big.length,
    // A fuzzed transfer of big.bin on a long client timeout can only end by timing out.
    match: (s) => s.outcome !== 'timeout',
    run: () => runClient(curl, ['-s', '-S', '--tftp-blksize', '1468', '-o', local, `tftp://127.0.0.1:${server.port}/big.bin`]),
  });
});
