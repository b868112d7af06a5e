// Pipeline overhead: the time Frugal adds to a request over the provider's own answer time, measured against the
// real simulator over HTTP answering instantly. For each request: total pipeline.run() time minus the time spent
// inside the provider client (HTTP round trip included). Also bundle size and activation time.
import { mkdtempSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import { performance } from 'node:perf_hooks';
import { Pipeline } from '../src/core/pipeline';
import { Ledger } from '../src/core/ledger';
import { ResponseCache } from '../src/core/cache';
import { ProviderClient } from '../src/core/provider';
import { parseConfig } from '../src/core/config';
import { silentLogger } from '../src/core/ports';
import type { EditorRequest } from '../src/core/types';
import { startSimulator } from '../test/fixtures/simulator';
import { makeVscodeStub } from './vscodeStub';
import { median, percentile, round } from './stats';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const SAMPLE = `import { readFile } from 'node:fs/promises';

export interface User { id: number; name: string; email: string }

export async function loadUsers(file: string): Promise<User[]> {
  const text = await readFile(file, 'utf8');
  return JSON.parse(text).filter((u: User) => u.email.includes('@'));
}

export function byName(users: User[]): User[] {
  return [...users].sort((a, b) => a.name.localeCompare(b.name));
}
`;

export async function runPipelineBench(): Promise<Figures> {
  const sim = await startSimulator({ port: 0, chunkDelayMs: 0 });
  const { config } = parseConfig({ baseUrl: sim.baseUrl, 'cache.enabled': false });
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-bench-'));
  const ledger = new Ledger({ dir, logger: silentLogger });
  await ledger.load();
  const client = new ProviderClient({ logger: silentLogger });
  let providerMs = 0;
  const timed = {
    chat: async (call: Parameters<ProviderClient['chat']>[0]) => {
      const t = performance.now();
      try {
        return await client.chat(call);
      } finally {
        providerMs += performance.now() - t;
      }
    },
    complete: client.complete.bind(client),
  };
  const cache = new ResponseCache({
    dir: path.join(dir, 'cache'),
    logger: silentLogger,
    ttlMs: 7 * 86_400_000,
    maxEntries: 5000,
    maxBytes: 50 << 20,
  });
  await cache.load();
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider: timed,
    secrets: { getApiKey: async () => undefined },
    ledger,
    cache,
    logger: silentLogger,
    workspace: 'bench',
  });
  const tasks: EditorRequest['task'][] = ['explain', 'ask', 'document', 'refactor', 'generate'];
  const N = 1000;
  const ROUNDS = 3;
  const WARMUP = 300;
  const lines = SAMPLE.split('\n');
  const p50s: number[] = [];
  const p99s: number[] = [];
  let i = 0;
  const once = async (): Promise<number> => {
    const req: EditorRequest = {
      task: tasks[i % tasks.length],
      instruction: i % 5 === 1 ? `what does byName do? (${i})` : `variant ${i}`,
      languageId: 'typescript',
      selection: lines.slice(4, 8).join('\n'),
      prefix: lines.slice(0, 4).join('\n'),
      suffix: lines.slice(8).join('\n'),
      filePath: 'src/users.ts',
    };
    i++;
    providerMs = 0;
    const t0 = performance.now();
    await pipeline.run(req);
    return performance.now() - t0 - providerMs;
  };
  for (let w = 0; w < WARMUP; w++) await once(); // JIT warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const overhead: number[] = [];
    for (let k = 0; k < N; k++) overhead.push(await once());
    p50s.push(median(overhead));
    p99s.push(percentile(overhead, 99));
  }
  await ledger.flush();
  await sim.close();
  await cache.dispose();
  return {
    pipeline_overhead_p50_ms: {
      value: round(median(p50s), 3),
      unit: 'ms',
      note: `median over ${ROUNDS} rounds of ${N} requests (after ${WARMUP} warm-up) against the simulator answering instantly: pipeline.run() time minus time inside the provider client`,
    },
    pipeline_overhead_p99_ms: {
      value: round(median(p99s), 3),
      unit: 'ms',
      note: `median of the ${ROUNDS} rounds' 99th percentiles`,
    },
  };
}

export function runBundleBench(root: string): Figures {
  const file = path.join(root, 'dist', 'extension.js');
  if (!existsSync(file)) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const vsix = path.join(root, 'dist', 'frugal.vsix');
  const out: Figures = {
    bundle_bytes: { value: statSync(file).size, unit: 'bytes', note: 'dist/extension.js, production build (minified)' },
  };
  if (existsSync(vsix))
    out.vsix_bytes = { value: statSync(vsix).size, unit: 'bytes', note: 'dist/frugal.vsix from npm run package' };
  return out;
}

/** Loads dist/extension.js with the editor API stubbed and calls activate(), in a fresh module cache each run. */
export async function runActivationBench(root: string): Promise<Figures> {
  const file = path.join(root, 'dist', 'extension.js');
  const stub = makeVscodeStub();
  const M = Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown };
  const load = M._load;
  M._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  const times: number[] = [];
  try {
    for (let i = 0; i < 15; i++) {
      delete require.cache[require.resolve(file)];
      const storage = mkdtempSync(path.join(tmpdir(), 'frugal-act-'));
      const context = {
        subscriptions: [] as { dispose(): void }[],
        globalStorageUri: stub.Uri.file(path.join(storage, 'global')),
        storageUri: stub.Uri.file(path.join(storage, 'ws')),
        extensionUri: stub.Uri.file(root),
        extensionPath: root,
        secrets: {
          get: async () => undefined,
          store: async () => undefined,
          delete: async () => undefined,
          onDidChange: () => ({ dispose() {} }),
        },
        globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
        workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
      };
      const t0 = performance.now();
      const ext = require(file);
      await ext.activate(context);
      times.push(performance.now() - t0);
      for (const d of context.subscriptions) {
        try {
          d.dispose();
        } catch {}
      }
    }
  } finally {
    M._load = load;
  }
  return {
    activation_require_ms: {
      value: round(median(times), 3),
      unit: 'ms',
      note: 'require(dist/extension.js) + activate() with the editor API stubbed; median of 15 fresh loads',
    },
  };
}

if (require.main === module) {
  runPipelineBench().then((f) => console.log(JSON.stringify(f, null, 2)));
}
