#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The `thinboot` command. Errors: one sentence on stderr and a non-zero exit; the stack only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { ThinbootError } from '../errors.js';
import { registerServe } from './serve-command.js';
import { registerToken } from './token-command.js';
import { VERSION } from '../version.js';

const program = new Command('thinboot')
  .description('open thin-client boot server: PXE, TFTP, HTTP, synchronized configuration')
  .version(VERSION)
  .option('--debug', 'show stack traces on errors')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerServe(program);
registerToken(program);

function fail(err: unknown): never {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const debug = process.argv.includes('--debug');
  const message = err instanceof ThinbootError || !(err instanceof Error) ? String((err as Error).message ?? err) : err.message;
  process.stderr.write(`thinboot: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(err instanceof ThinbootError ? 2 : 1);
}

program.parseAsync(process.argv).catch(fail);
