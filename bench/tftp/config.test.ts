/** Arguments and environment of the TFTP bench. */
import t from 'tap';
import { concurrentClientTimeoutMs, MIB, parseBenchArgs } from './config.js';

t.test('default is the full run, clients on CPU 1 when there are two', async (t) => {
  const p = parseBenchArgs([], {}, 2);
  if (p.kind !== 'run') throw new Error('expected a run');
  t.equal(p.config.fileBytes, 64 * MIB);
  t.equal(p.config.quick, false);
  t.same(p.config.concurrencyLevels, [1, 10, 50, 100]);
  t.equal(p.config.concurrencyClientCpu, 1);
  t.equal(p.config.clientCpu, 0);
});

t.test('--quick and BENCH_QUICK=1 both give 16 MiB; BENCH_QUICK=0 does not', async (t) => {
  for (const [argv, env, quick] of [
    [['--quick'], {}, true],
    [[], { BENCH_QUICK: '1' }, true],
    [[], { BENCH_QUICK: '0' }, false],
  ] as const) {
    const p = parseBenchArgs(argv, env, 2);
    if (p.kind !== 'run') throw new Error('expected a run');
    t.equal(p.config.quick, quick);
    t.equal(p.config.fileBytes, quick ? 16 * MIB : 64 * MIB);
    t.same(p.config.concurrencyLevels, [1, 10, 50, 100]);
  }
});

t.test('one CPU: concurrent clients share the server CPU', async (t) => {
  const p = parseBenchArgs(['--json'], {}, 1);
  if (p.kind !== 'run') throw new Error('expected a run');
  t.equal(p.config.json, true);
  t.equal(p.config.concurrencyClientCpu, 0);
});

t.test('unknown argument is an error, --help is help', async (t) => {
  t.equal(parseBenchArgs(['--fast'], {}, 2).kind, 'error');
  t.equal(parseBenchArgs(['--help'], {}, 2).kind, 'help');
});

t.test('a concurrent client gets more time in a big batch', async (t) => {
  const p = parseBenchArgs([], {}, 2);
  if (p.kind !== 'run') throw new Error('expected a run');
  t.equal(concurrentClientTimeoutMs(p.config, 1), 180_000);
  t.equal(concurrentClientTimeoutMs(p.config, 100), 320_000, '100 × 64 MiB at 20 MiB/s');
});
