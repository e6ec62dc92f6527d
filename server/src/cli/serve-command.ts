/** `thinboot serve`: runs a boot server until SIGTERM or SIGINT. */
import type { Command } from 'commander';
import { SERVE_DEFAULTS } from '../defaults.js';
import { createLogger, type LogLevel } from '../log.js';
import { startBootServer } from '../runtime/boot-server.js';
import { TFTP_DEFAULTS } from '../tftp/tftp-server.js';
import { collect, dhcpMode, ipv4, ipv4Range, port, positiveInt } from './option-parsers.js';
import os from 'node:os';

interface ServeOptions {
  data: string;
  name: string;
  listen: string;
  tftpPort: number;
  tftpRoot?: string;
  httpPort: number;
  statusPort: number;
  dhcp: 'off' | 'proxy' | 'full';
  interface: string[];
  pool?: string;
  gateway?: string;
  dns?: string;
  leaseTime: number;
  clusterSecretFile?: string;
  backupCron?: string;
  backupKeep: number;
  tftpMaxTransfers: number;
  tftpMaxPerClient: number;
  logLevel: LogLevel;
}

/** How long SIGTERM waits for listeners to close before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 3000;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run a boot server: TFTP and HTTP now; DHCP, sync and agent status as they land')
    .option('--data <dir>', 'all state of this server; created if missing', SERVE_DEFAULTS.dataDir)
    .option('--name <name>', 'this server\'s name in the server list (default: the host name)', os.hostname())
    .option('--listen <addr>', 'IPv4 address TFTP, HTTP and the status port bind to', ipv4, SERVE_DEFAULTS.listen)
    .option('--tftp-port <n>', 'TFTP port', port, SERVE_DEFAULTS.tftpPort)
    .option('--tftp-root <dir>', 'plain files served read-only over TFTP (default: DATA/tftp-root)')
    .option('--http-port <n>', 'HTTP port (admin API, boot files)', port, SERVE_DEFAULTS.httpPort)
    .option('--status-port <n>', 'UDP port for agent status reports', port, SERVE_DEFAULTS.statusPort)
    .option('--dhcp <mode>', 'off, proxy (PXE answers next to a DHCP server) or full', dhcpMode, SERVE_DEFAULTS.dhcp)
    .option('--interface <if>', 'network interface for DHCP (repeatable)', collect, [])
    .option('--pool <start-end>', 'address pool for --dhcp full', ipv4Range)
    .option('--gateway <ip>', 'router handed out with --dhcp full', ipv4)
    .option('--dns <ip>', 'DNS server handed out with --dhcp full', ipv4)
    .option('--lease-time <seconds>', 'DHCP lease time', positiveInt, SERVE_DEFAULTS.leaseTimeS)
    .option('--cluster-secret-file <file>', 'shared secret that lets servers synchronize')
    .option('--backup-cron <cron>', 'schedule for automatic backups')
    .option('--backup-keep <n>', 'scheduled backups to keep', positiveInt, SERVE_DEFAULTS.backupKeep)
    .option('--tftp-max-transfers <n>', 'concurrent TFTP transfers in total', positiveInt, TFTP_DEFAULTS.maxTransfers)
    .option('--tftp-max-per-client <n>', 'concurrent TFTP transfers per client address', positiveInt, TFTP_DEFAULTS.maxTransfersPerClient)
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

async function serve(opts: ServeOptions): Promise<void> {
  const logger = createLogger(opts.logLevel);
  const later: string[] = [];
  if (opts.dhcp !== 'off') later.push(`--dhcp ${opts.dhcp}`);
  if (opts.clusterSecretFile) later.push('--cluster-secret-file');
  if (opts.backupCron) later.push('--backup-cron');
  if (later.length) {
    logger.warn({ options: later }, 'these options are accepted but not active in this version: DHCP, sync and backups are not built yet');
  }
  const server = await startBootServer({
    dataDir: opts.data,
    name: opts.name,
    listen: opts.listen,
    tftpPort: opts.tftpPort,
    tftpRoot: opts.tftpRoot,
    httpPort: opts.httpPort,
    tftpMaxTransfers: opts.tftpMaxTransfers,
    tftpMaxTransfersPerClient: opts.tftpMaxPerClient,
    logger,
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'stopping');
      const force = setTimeout(() => {
        logger.warn('listeners did not close in time; exiting anyway');
        process.exit(0);
      }, SHUTDOWN_GRACE_MS);
      force.unref();
      server.close().then(resolve, resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  logger.flush();
}
