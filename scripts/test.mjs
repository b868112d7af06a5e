#!/usr/bin/env node
// `npm test`: every tier: unit tests (pure, seconds), system tests (the HTTP simulator, crash, load, memory,
// Chromium webview and the compressor's language oracles), integration tests in a real VS Code extension host,
// then E2E tests in a real browser. Every stage runs even when an earlier one failed (so one run shows everything); the exit code is
// non-zero when any stage failed or ran no test. A stage that cannot run (no launcher, missing packages) fails.
// Run a subset with `node scripts/test.mjs unit system` (stage names: unit, system, integration, e2e).
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAGES = [
  { name: 'unit', script: 'test:unit' },
  { name: 'system', script: 'test:system' },
  { name: 'integration', script: 'test:integration' },
  { name: 'e2e', script: 'test:e2e' },
];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const stages = wanted.length ? STAGES.filter((s) => wanted.includes(s.name)) : STAGES;
if (wanted.length && stages.length !== wanted.length) {
  console.error(`unknown stage in ${wanted.join(' ')}; stages: ${STAGES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

function runStage(stage) {
  return new Promise((resolveStage) => {
    const t0 = Date.now();
    let out = '';
    const child = spawn('npm', ['run', '--silent', stage.script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      out += d;
    });
    const stop = (sig) => child.kill(sig);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('close', (code) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // eslint-disable-next-line no-control-regex
      const text = out.replace(/\x1b\[[0-9;]*m/g, '');
      let passed,
        failed,
        skipped = 0;
      const plain = [...text.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/gm)].pop();
      if (plain) {
        passed = Number(plain[1]);
        failed = Number(plain[2]);
        skipped = Number(plain[3] ?? 0);
      } else {
        // mocha's spec reporter: "  12 passing (3s)", "  1 failing", "  2 pending"
        const p = /^\s*(\d+) passing/m.exec(text);
        if (p) {
          passed = Number(p[1]);
          failed = Number(/^\s*(\d+) failing/m.exec(text)?.[1] ?? 0);
          skipped = Number(/^\s*(\d+) pending/m.exec(text)?.[1] ?? 0);
        }
      }
      const counted = passed !== undefined;
      let ok = code === 0 && counted && passed + failed > 0 && failed === 0;
      let note = '';
      if (!counted) {
        note = code === 0 ? 'printed no test counts (ran no test?)' : `exited ${code} without test counts`;
        passed = 0;
        failed = 1;
        ok = false;
      } else if (passed + failed === 0) {
        note = 'ran no test';
        failed = 1;
        ok = false;
      } else if (code !== 0 && failed === 0) {
        note = `exited ${code}`;
        failed = 1;
        ok = false;
      }
      resolveStage({ ...stage, ok, passed, failed, skipped, code, note, secs: (Date.now() - t0) / 1000 });
    });
  });
}

const results = [];
for (const stage of stages) {
  console.log(`\n========== ${stage.name} tests (npm run ${stage.script}) ==========\n`);
  results.push(await runStage(stage));
}

console.log('\n========== summary ==========');
for (const r of results) {
  const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
  console.log(
    `${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed${skipped}  (${r.secs.toFixed(0)}s)${r.note ? `  - ${r.note}` : ''}`,
  );
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
const skipped = results.reduce((a, r) => a + r.skipped, 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
