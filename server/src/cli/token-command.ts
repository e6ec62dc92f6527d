/** `thinboot token show`: prints this server's admin token, nothing else. */
import type { Command } from 'commander';
import { SERVE_DEFAULTS } from '../defaults.js';
import { readToken } from '../runtime/admin-credentials.js';

export function registerToken(program: Command): void {
  const token = program.command('token').description('the admin API token');
  token
    .command('show')
    .description('print this server\'s admin token, nothing else')
    .option('--data <dir>', 'the server\'s data directory', SERVE_DEFAULTS.dataDir)
    .action(async (opts: { data: string }) => {
      process.stdout.write((await readToken(opts.data)) + '\n');
    });
}
