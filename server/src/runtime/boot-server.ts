/**
 * One running boot server: its listeners composed, started in order, stopped together.
 * The CLI builds a BootServerConfig and calls startBootServer; tests do the same with port 0.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ThinbootError } from '../errors.js';
import { PacketCache } from '../files/packet-cache.js';
import { ServedRoot } from '../files/served-root.js';
import { buildHttpApp } from '../http/http-app.js';
import type { DatagramNetwork } from '../net/datagram.js';
import { udpNetwork } from '../net/udp-network.js';
import { TftpServer } from '../tftp/tftp-server.js';
import { loadOrCreateToken, writeApiUrl } from './admin-credentials.js';
import { listenError } from './listen-errors.js';

export interface BootServerConfig {
  dataDir: string;
  name: string;
  listen: string;
  tftpPort: number;
  /** Defaults to DATA/tftp-root, created if missing; an explicit one must exist. */
  tftpRoot?: string;
  httpPort: number;
  tftpMaxTransfers?: number;
  tftpMaxTransfersPerClient?: number;
  logger: Logger;
  network?: DatagramNetwork;
}

export interface BootServer {
  readonly tftp: TftpServer;
  readonly httpPort: number;
  readonly tftpRoot: string;
  readonly token: string;
  close(): Promise<void>;
}

export async function startBootServer(cfg: BootServerConfig): Promise<BootServer> {
  await fs.mkdir(cfg.dataDir, { recursive: true });
  const tftpRootDir = cfg.tftpRoot ?? path.join(cfg.dataDir, 'tftp-root');
  if (!cfg.tftpRoot) await fs.mkdir(tftpRootDir, { recursive: true });
  let root: ServedRoot;
  try {
    root = await ServedRoot.open(tftpRootDir);
  } catch (err) {
    throw new ThinbootError('TFTP_ROOT_MISSING', `--tftp-root ${tftpRootDir} does not exist or is not a directory`, { cause: err });
  }
  const token = await loadOrCreateToken(cfg.dataDir);

  let ready = false;
  const tftp = new TftpServer({
    address: cfg.listen,
    port: cfg.tftpPort,
    root,
    network: cfg.network ?? udpNetwork,
    logger: cfg.logger.child({ svc: 'tftp' }),
    cache: new PacketCache(),
    maxTransfers: cfg.tftpMaxTransfers,
    maxTransfersPerClient: cfg.tftpMaxTransfersPerClient,
  });
  const http = buildHttpApp({
    ready: () => ready,
    details: () => ({ name: cfg.name, tftpPort: tftp.port, activeTransfers: tftp.activeTransfers }),
  });

  try {
    await tftp.listen();
  } catch (err) {
    throw listenError(err, 'TFTP', 'UDP', cfg.listen, cfg.tftpPort);
  }
  let httpPort: number;
  try {
    await http.listen({ host: cfg.listen, port: cfg.httpPort });
    const addr = http.server.address();
    httpPort = typeof addr === 'object' && addr ? addr.port : cfg.httpPort;
  } catch (err) {
    await tftp.close();
    throw listenError(err, 'HTTP', 'TCP', cfg.listen, cfg.httpPort);
  }
  const urlHost = cfg.listen === '0.0.0.0' ? '127.0.0.1' : cfg.listen;
  await writeApiUrl(cfg.dataDir, `http://${urlHost}:${httpPort}`);
  ready = true;
  cfg.logger.info({ server: cfg.name, tftp: `${cfg.listen}:${tftp.port}`, http: `${cfg.listen}:${httpPort}`, tftpRoot: root.realRoot }, 'boot server ready');

  let closed: Promise<void> | null = null;
  return {
    tftp,
    httpPort,
    tftpRoot: root.realRoot,
    token,
    close() {
      closed ??= (async () => {
        ready = false;
        await Promise.all([tftp.close(), http.close()]);
      })();
      return closed;
    },
  };
}
