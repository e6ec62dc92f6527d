#!/usr/bin/env node
// Runs the whole test suite with tap and ends with the line CI reads: "N passed, N failed".
// tap's own closing line is not one CI understands, so we count from its TAP summary.
import { spawn } from 'node:child_process';
import path from 'node:path';

// tap's package exports hide its bin; call it by path, from this repo's node_modules.
const tapBin = path.resolve('node_modules/tap/dist/esm/run.mjs');
const args = [tapBin, '--reporter=tap', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });

let passed = 0;
let failed = 0;
let skipped = 0;
let todo = 0;
let sawSummary = false;
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail += chunk.toString('utf8');
  const lines = tail.split('\n');
  tail = lines.pop() ?? '';
  for (const line of lines) {
    // tap ends with "# { total: 63, pass: 58, fail: 2, todo: 1, skip: 2 }" over every assertion of every file.
    const m = /^# \{ total: (\d+)(.*)\}/.exec(line);
    if (m) {
      sawSummary = true;
      const count = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(m[2])?.[1] ?? 0);
      passed = count('pass');
      failed = count('fail');
      skipped = count('skip');
      todo = count('todo');
      // Anything tap counted that is neither pass, todo nor skip is a failure.
      failed = Math.max(failed, Number(m[1]) - passed - skipped - todo);
    }
  }
});
child.on('close', (code) => {
  if (!sawSummary) failed = Math.max(failed, 1);
  // No silent skips: a skipped or todo assertion is shown on the closing line.
  const extra = skipped + todo > 0 ? `, ${skipped + todo} skipped` : '';
  process.stdout.write(`\n${passed} passed, ${failed} failed${extra}\n`);
  process.exit(code === 0 && failed === 0 && sawSummary ? 0 : 1);
});
