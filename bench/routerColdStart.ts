// The router's first decision in a fresh process: what the first request after activation (or a one-request CLI
// run) pays before any warm-up. The prefilters are built on first use, so that request builds them unless
// prepareRouter() ran before it. Each sample is a new Node process running a bundle of src/core/router.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { EditorRequest } from '../src/core/types';
import { median } from './stats';

export interface ColdStart {
  /** route() on the first request, nothing prepared (ms). */
  first: number;
  /** prepareRouter() alone (ms). */
  prepare: number;
  /** route() on the first request after prepareRouter() (ms). */
  firstPrepared: number;
  samples: number;
}

/** Medians over `samples` fresh processes for each of the two orders (lazy, prepared first). */
export function measureColdStart(req: EditorRequest, samples = 9): ColdStart {
  const root = join(__dirname, '..');
  const dir = mkdtempSync(join(tmpdir(), 'frugal-cold-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { defaultConfig } from ${JSON.stringify(join(root, 'src/core/config'))};
import { prepareRouter, route } from ${JSON.stringify(join(root, 'src/core/router'))};
const config = defaultConfig();
const req = JSON.parse(process.argv[3]);
const t0 = performance.now();
if (process.argv[2] === 'prepared') prepareRouter();
const t1 = performance.now();
route(req, config);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ prepare: t1 - t0, first: t2 - t1 }));
`,
    );
    const out = join(dir, 'entry.js');
    buildSync({ entryPoints: [entry], bundle: true, platform: 'node', outfile: out, logLevel: 'warning' });
    const run = (mode: string): { prepare: number; first: number } => {
      const r = spawnSync(process.execPath, [out, mode, JSON.stringify(req)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`cold-start sample failed: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };
    const lazy: number[] = [];
    const prep: number[] = [];
    const after: number[] = [];
    // Alternated, so a noisy stretch of the shared machine falls on both.
    for (let i = 0; i < samples; i++) {
      lazy.push(run('lazy').first);
      const p = run('prepared');
      prep.push(p.prepare);
      after.push(p.first);
    }
    return { first: median(lazy), prepare: median(prep), firstPrepared: median(after), samples };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
