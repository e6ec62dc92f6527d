/**
 * A lossy UDP relay between a TFTP client and a TftpServer, for the loss tests.
 *
 * - `packetFate` is pure: seeded random draws in, one packet's fate out (pass, drop, duplicate, or
 *   delay so that later packets overtake it). The relay only carries the decision out.
 * - The relay mirrors the server's transfer ports: the client sends its request to the proxy's
 *   front port; when the server answers from a new port (its transfer TID, RFC 1350 §4), the proxy
 *   opens a new port of its own for that transfer, so the client too sees the reply come from a new
 *   port, and whatever the client sends there goes on to the server's transfer port.
 * - Each direction draws from its own generator, so the fate of the n-th packet to the server does
 *   not depend on how many packets went the other way.
 */
import dgram from 'node:dgram';
import { SeededRandom } from '../fuzz/seeded-random.js';

export interface LossProfile {
  /** Probability a packet is dropped. */
  drop: number;
  /** Probability a packet is delivered twice. */
  duplicate: number;
  /** Probability a packet is held back (1..reorderMaxMs ms), so packets sent after it arrive first. */
  reorder: number;
  reorderMaxMs: number;
  /**
   * The first n packets of each client session, each way, pass untouched (default 0). atftp 0.8
   * aborts on a repeated OACK ("tftp: unexpected OACK"), so losing its ACK of the OACK, or
   * duplicating the OACK, would test atftp rather than the server.
   */
  spareFirst?: number;
}

export type Fate = { kind: 'pass' } | { kind: 'drop' } | { kind: 'duplicate' } | { kind: 'delay'; ms: number };

/** One packet's fate. Pure apart from advancing `random`. */
export function packetFate(random: SeededRandom, p: LossProfile): Fate {
  const x = random.next();
  if (x < p.drop) return { kind: 'drop' };
  if (x < p.drop + p.duplicate) return { kind: 'duplicate' };
  if (x < p.drop + p.duplicate + p.reorder) return { kind: 'delay', ms: random.int(1, Math.max(1, p.reorderMaxMs)) };
  return { kind: 'pass' };
}

export type Direction = 'toServer' | 'toClient';

export interface ProxyCounts {
  passed: number;
  dropped: number;
  duplicated: number;
  delayed: number;
}

interface Session {
  client: { address: string; port: number };
  upstream: dgram.Socket;
  /** Per server transfer port: the proxy port the client talks to for that transfer. */
  downstream: Map<number, Promise<dgram.Socket>>;
  /** Packets relayed so far, each way (for spareFirst). */
  seen: Record<Direction, number>;
}

function bound(): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      s.off('error', reject);
      // An unreachable client (it exited) must not crash the relay.
      s.on('error', () => {});
      resolve(s);
    });
  });
}

export class LossyProxy {
  readonly counts: Record<Direction, ProxyCounts> = {
    toServer: { passed: 0, dropped: 0, duplicated: 0, delayed: 0 },
    toClient: { passed: 0, dropped: 0, duplicated: 0, delayed: 0 },
  };
  private readonly sessions = new Map<string, Promise<Session>>();
  private readonly sockets: dgram.Socket[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: Record<Direction, SeededRandom>;
  private closed = false;

  private constructor(
    private readonly front: dgram.Socket,
    private readonly serverPort: number,
    private readonly profile: LossProfile,
    readonly seed: number,
  ) {
    this.random = { toServer: new SeededRandom(seed), toClient: new SeededRandom(seed ^ 0x5bd1e995) };
    this.sockets.push(front);
    front.on('message', (msg, rinfo) => {
      void this.session(rinfo).then((s) => this.relay(s, 'toServer', s.upstream, msg, this.serverPort));
    });
  }

  /** A proxy in front of a TFTP server listening on 127.0.0.1:`serverPort`. */
  static async start(serverPort: number, profile: LossProfile, seed: number): Promise<LossyProxy> {
    return new LossyProxy(await bound(), serverPort, profile, seed);
  }

  /** The port clients send their requests to. */
  get port(): number {
    return this.front.address().port;
  }

  total(kind: keyof ProxyCounts): number {
    return this.counts.toServer[kind] + this.counts.toClient[kind];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.all(this.sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  private session(client: { address: string; port: number }): Promise<Session> {
    const key = `${client.address}:${client.port}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = bound().then((upstream) => {
        this.sockets.push(upstream);
        const session: Session = {
          client: { address: client.address, port: client.port },
          upstream,
          downstream: new Map(),
          seen: { toServer: 0, toClient: 0 },
        };
        upstream.on('message', (msg, rinfo) => this.fromServer(session, msg, rinfo.port));
        return session;
      });
      this.sessions.set(key, s);
    }
    return s;
  }

  private fromServer(s: Session, msg: Buffer, fromPort: number): void {
    if (fromPort === this.serverPort) {
      // From the listening port (a refused request): back from the front port.
      this.relay(s, 'toClient', this.front, msg, s.client.port);
      return;
    }
    let down = s.downstream.get(fromPort);
    if (!down) {
      down = bound().then((sock) => {
        this.sockets.push(sock);
        sock.on('message', (m, rinfo) => {
          if (rinfo.port === s.client.port) this.relay(s, 'toServer', s.upstream, m, fromPort);
        });
        return sock;
      });
      s.downstream.set(fromPort, down);
    }
    void down.then((sock) => this.relay(s, 'toClient', sock, msg, s.client.port));
  }

  private relay(s: Session, dir: Direction, via: dgram.Socket, msg: Buffer, port: number): void {
    if (this.closed) return;
    const counts = this.counts[dir];
    const send = (): void => {
      if (!this.closed) via.send(msg, port, '127.0.0.1');
    };
    const spared = s.seen[dir]++ < (this.profile.spareFirst ?? 0);
    const fate: Fate = spared ? { kind: 'pass' } : packetFate(this.random[dir], this.profile);
    switch (fate.kind) {
      case 'drop':
        counts.dropped++;
        return;
      case 'duplicate':
        counts.duplicated++;
        send();
        send();
        return;
      case 'delay': {
        counts.delayed++;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, fate.ms);
        this.timers.add(timer);
        return;
      }
      case 'pass':
        counts.passed++;
        send();
    }
  }
}
