/** Defaults of `thinboot serve`, in one place; the CLI merges them with the user's options once. */
export const SERVE_DEFAULTS = {
  dataDir: './thinboot-data',
  listen: '0.0.0.0',
  tftpPort: 69,
  httpPort: 8080,
  /** UDP port agents send status reports to. Fixed and documented so agents need no configuration. */
  statusPort: 6970,
  dhcp: 'proxy',
  leaseTimeS: 3600,
  backupKeep: 14,
} as const;

export type DhcpMode = 'off' | 'proxy' | 'full';
