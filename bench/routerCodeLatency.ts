// Decision time on selected code: the request most users make most (Explain, Document, Tests... on a selection),
// which the routing data holds few long examples of. The selections are the openai SDK's TypeScript sources as npm
// installs them from the lockfile (node_modules/openai/src; code nobody here wrote), cut to 2,000, 4,000 and 8,000
// characters (the router reads at most 8,000 of a selection; the cost estimate counts all of it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../src/core/config';
import { route } from '../src/core/router';
import type { EditorRequest, Task } from '../src/core/types';

const COMMANDS: Array<[Task, string]> = [
  ['explain', ''],
  ['document', ''],
  ['tests', ''],
  ['refactor', 'make this simpler'],
  ['ask', 'why is this slow?'],
  ['fix', 'this throws sometimes'],
];

export interface CodeLatency {
  /** By selection size: the median and the largest of the requests' fastest of `repeats` calls (µs). */
  sizes: Array<{ chars: number; requests: number; medianUs: number; maxUs: number }>;
  files: number;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function measureCodeLatency(repeats = 5): CodeLatency | undefined {
  const dir = join(__dirname, '..', 'node_modules', 'openai', 'src');
  let files: string[];
  try {
    files = sources(dir);
  } catch {
    return undefined;
  }
  const texts = files.map((f) => readFileSync(f, 'utf8')).filter((t) => t.length >= 8000);
  if (!texts.length) return undefined;
  const config = defaultConfig();
  const sizes: CodeLatency['sizes'] = [];
  for (const chars of [2000, 4000, 8000]) {
    const reqs: EditorRequest[] = texts.map((t, i) => ({
      task: COMMANDS[i % COMMANDS.length][0],
      instruction: COMMANDS[i % COMMANDS.length][1],
      selection: t.slice(0, chars),
      languageId: 'typescript',
    }));
    for (let i = 0; i < 2000; i++) route(reqs[i % reqs.length], config);
    const best = reqs.map((r) => {
      let b = Infinity;
      for (let k = 0; k < repeats; k++) {
        const t0 = process.hrtime.bigint();
        route(r, config);
        b = Math.min(b, Number(process.hrtime.bigint() - t0) / 1000);
      }
      return b;
    });
    best.sort((a, b) => a - b);
    sizes.push({ chars, requests: reqs.length, medianUs: best[best.length >> 1], maxUs: best[best.length - 1] });
  }
  return { sizes, files: texts.length };
}
