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
let sawSummary = false;
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail += chunk.toString('utf8');
  const lines = tail.split('\n');
  tail = lines.pop() ?? '';
  for (const line of lines) {
    // tap ends with "# { total: 63, pass: 61, fail: 2, ... }" over every assertion of every file.
    const m = /^# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?/.exec(line);
    if (m) {
      sawSummary = true;
      passed = Number(m[2]);
      failed = Number(m[1]) - Number(m[2]);
    }
  }
});
child.on('close', (code) => {
  if (!sawSummary) failed = Math.max(failed, 1);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(code === 0 && failed === 0 && sawSummary ? 0 : 1);
});
