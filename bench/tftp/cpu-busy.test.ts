/** Reading the machine's CPU use from /proc/stat. */
import t from 'tap';
import { cpuBusyPercent, parseCpuLine } from './cpu-busy.js';

t.test('idle and iowait count as idle; the first 8 fields are summed', async (t) => {
  t.same(parseCpuLine('cpu  100 0 50 800 50 0 0 0 7 7\ncpu0 1 2 3 4 5\n'), { idle: 850, total: 1000 });
});

t.test('no aggregate cpu line: null', async (t) => {
  t.equal(parseCpuLine('cpu0 1 2 3 4 5\nintr 1 2 3'), null);
});

t.test('a real reading is a percentage', async (t) => {
  const busy = await cpuBusyPercent(50);
  if (busy !== null) t.ok(busy >= 0 && busy <= 100);
});
