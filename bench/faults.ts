// Fault figures (GitHub issue #9): how many provider-fault scenarios meet all their conditions, whether a burst of
// 200 concurrent requests with 5 % faults loses anything, and whether killing a process mid-write loses ledger
// records. Runnable alone: `npx tsx bench/faults.ts`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline, PipelineError, type PipelineResult } from '../src/core/pipeline';
import { Ledger } from '../src/core/ledger';
import { ProviderClient } from '../src/core/provider';
import { recordingClock } from '../test/fixtures/clock';
import { parseConfig } from '../src/core/config';
import { MemoryLogger } from '../src/core/ports';
import type { EditorRequest, Outcome } from '../src/core/types';
import { startSimulator, type Fault, type Simulator } from '../test/fixtures/simulator';
import { startSimulatorProcess } from '../test/fixtures/crash/children';
import { runLoad } from '../test/fixtures/crash/load';
import { crashLoop } from '../test/fixtures/crash/crashLoop';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const EXPLAIN: EditorRequest = {
  task: 'explain',
  instruction: '',
  languageId: 'typescript',
  selection:
    'export function byName(users: User[]): User[] {\n  return [...users].sort((a, b) => a.name.localeCompare(b.name));\n}',
};

interface Scenario {
  name: string;
  faults: Fault[];
  key?: string;
  unknownModels?: string[];
  /** output streamed before the fault: with the cascade off the partial answer must be kept and labelled */
  partial?: boolean;
  /** the host refused before any output: the failed attempt costs $0 */
  refused?: boolean;
  /** the answer arrives in the end without a fallback (retried, or usable as is) */
  recovers?: boolean;
  /** no other model may be tried (auth) */
  noFallback?: boolean;
  /** usage missing: the record is a flagged estimate */
  estimated?: boolean;
}

const CHEAP = 'Qwen/Qwen3-8B';
const SCENARIOS: Scenario[] = [
  { name: '429 with Retry-After', faults: [{ type: 'status', status: 429, retryAfter: 1 }], recovers: true },
  { name: '429 without Retry-After', faults: [{ type: 'status', status: 429 }], recovers: true },
  {
    name: '429 persistent',
    faults: [{ type: 'status', status: 429, retryAfterMs: 10, times: -1, model: CHEAP }],
    refused: true,
  },
  { name: '500', faults: [{ type: 'status', status: 500, times: -1, model: CHEAP }], refused: true },
  { name: '502', faults: [{ type: 'status', status: 502, times: -1, model: CHEAP }], refused: true },
  { name: '503', faults: [{ type: 'status', status: 503, times: -1, model: CHEAP }], refused: true },
  { name: 'hang before output', faults: [{ type: 'hang', model: CHEAP }] },
  { name: 'hang mid-answer', faults: [{ type: 'hang', afterChars: 40, model: CHEAP }], partial: true },
  { name: 'stream cut mid-answer', faults: [{ type: 'disconnect', afterChars: 20, model: CHEAP }], partial: true },
  { name: 'malformed chunk', faults: [{ type: 'malformed', model: CHEAP }] },
  { name: 'malformed chunk mid-answer', faults: [{ type: 'malformed', afterChars: 30, model: CHEAP }], partial: true },
  { name: 'response without usage', faults: [{ type: 'noUsage' }], recovers: true, estimated: true },
  { name: 'wrong model name', faults: [], unknownModels: [CHEAP], refused: true },
  { name: 'bad key', faults: [], key: 'sk-bad', refused: true, noFallback: true },
];

function readable(m: string | undefined): boolean {
  return (
    !!m &&
    m.length > 10 &&
    m.length < 400 &&
    !/\bat .+:\d+:\d+|\[object Object\]|\bundefined\b|TypeError|SyntaxError/.test(m)
  );
}

/** Runs one scenario; returns the conditions it failed (empty = passed). */
async function runScenario(sim: Simulator, s: Scenario, cascade: boolean, n: number): Promise<string[]> {
  sim.reset();
  const failed: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failed.push(what);
  };
  const unhandled: unknown[] = [];
  const onUnhandled = (r: unknown) => {
    unhandled.push(r);
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-bench-faults-'));
    const logger = new MemoryLogger();
    const ledger = new Ledger({ dir, logger });
    await ledger.load();
    const { config } = parseConfig({
      baseUrl: sim.baseUrl,
      'request.timeoutSeconds': 1,
      'cache.enabled': false,
      'cascade.enabled': cascade,
    });
    const client = new ProviderClient({ logger, clock: recordingClock((ms) => Math.min(ms, 1000)) });
    let key = s.key ?? 'sk-test';
    const pipeline = new Pipeline({
      getConfig: () => config,
      provider: client,
      secrets: { getApiKey: async () => key },
      ledger,
      logger,
      workspace: 'bench',
    });
    sim.setFaults(s.faults);
    if (s.unknownModels) sim.setConfig({ unknownModels: s.unknownModels });

    let result: PipelineResult | undefined;
    let error: PipelineError | undefined;
    try {
      result = await pipeline.run({ ...EXPLAIN, instruction: `scenario ${n}` });
    } catch (e) {
      if (e instanceof PipelineError) error = e;
      else check(false, `rejected with ${String(e)}`);
    }
    await ledger.flush();
    const recs = ledger.recent();
    const first = recs[0];
    check(recs.length >= 1, 'a ledger record');
    check(
      recs.every((r) => Number.isFinite(r.costUsd) && r.costUsd >= 0),
      'finite costs',
    );

    const expectFallback = cascade && !s.recovers && !s.noFallback;
    if (expectFallback) {
      check(result?.outcome === 'ok' && result.model !== CHEAP, 'fell back to another model and answered');
      check(readable(result?.notice), 'a readable notice about the fallback');
      check(recs.length === result?.attempts, 'one record per attempt');
    } else if (s.recovers) {
      check(result?.outcome === 'ok', 'answered');
      check(recs.length === 1 && first.outcome === 'ok', 'one ok record');
    } else if (s.partial) {
      check(result?.outcome === 'partial' && result.content.length > 0, 'the partial answer is kept');
      check(
        /^Partial answer: /.test(result?.notice ?? '') && readable(result?.notice),
        'the partial answer is labelled, readably',
      );
      check(result?.estimated === true, 'the partial result says its cost is estimated');
    } else {
      check(!!error && readable(error.userMessage), 'a readable error');
    }
    if (first) {
      const expected: Outcome = s.recovers ? 'ok' : s.partial ? 'partial' : 'error';
      check(first.outcome === expected, `first record outcome ${expected} (got ${first.outcome})`);
      if (s.refused) check(first.costUsd === 0, `a refused request costs $0 (got ${first.costUsd})`);
      if (s.partial) check(first.estimated && first.costUsd > 0, 'the partial attempt is priced as a flagged estimate');
      if (s.estimated) check(first.estimated && first.costUsd > 0, 'missing usage: a flagged estimate');
      if (s.recovers && !s.estimated) check(!first.estimated && first.costUsd > 0, 'reported usage priced');
      if (first.outcome !== 'ok') check(readable(first.error), 'the record says why');
    }
    if (s.noFallback) check(sim.requests.filter((r) => r.endpoint === 'chat').length === 1, 'no retry or fallback');

    // the next request works
    sim.setFaults([]);
    sim.setConfig({ unknownModels: [] });
    key = 'sk-test';
    try {
      const next = await pipeline.run({ ...EXPLAIN, instruction: `scenario ${n} next` });
      check(next.outcome === 'ok', 'the next request works');
    } catch (e) {
      check(false, `the next request failed: ${e instanceof PipelineError ? e.userMessage : String(e)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
    check(unhandled.length === 0, `no unhandled rejection (${unhandled.map(String).join('; ')})`);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return failed;
}

export async function runFaultBench(opts: { crashRuns?: number; log?: (line: string) => void } = {}): Promise<Figures> {
  const log = opts.log ?? (() => {});
  // 1. provider-fault scenarios, cascade on and off
  const sim = await startSimulator({ port: 0 });
  let passed = 0;
  let total = 0;
  const failures: string[] = [];
  try {
    for (const cascade of [false, true]) {
      for (const s of SCENARIOS) {
        total++;
        const failed = await runScenario(sim, s, cascade, total);
        if (failed.length === 0) passed++;
        else failures.push(`${s.name} (cascade ${cascade ? 'on' : 'off'}): ${failed.join('; ')}`);
      }
    }
  } finally {
    await sim.close();
  }
  for (const f of failures) log(`fault scenario failed: ${f}`);

  // 2. load: 200 concurrent requests, 5 % faults, the provider in its own process
  const remote = await startSimulatorProcess();
  let load;
  let recordsOnDisk = 0;
  try {
    await runLoad(remote, {
      dir: mkdtempSync(path.join(tmpdir(), 'frugal-bench-load-warm-')),
      n: 50,
      faults: false,
      timeoutSeconds: 30,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-bench-load-'));
    load = await runLoad(remote, { dir, n: 200, timeoutSeconds: 5 });
    recordsOnDisk = readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  } finally {
    await remote.close();
  }
  const lost = load.n - load.ended + load.unexpected.length;

  // 3. crash: SIGKILL a writer mid-append, again and again
  const crashRuns = opts.crashRuns ?? 100;
  const crash = await crashLoop(crashRuns, { maxDelayMs: 40 });

  return {
    fault_scenarios_passed: {
      value: passed,
      unit: 'count',
      note: `provider-fault scenarios (simulator over HTTP, real pipeline and client, cascade off and on) meeting every condition: readable message, partial kept and labelled, record outcome and cost, no unhandled rejection, next request works${failures.length ? `; failed: ${failures.map((f) => f.split(':')[0]).join(', ')}` : ''}`,
    },
    fault_scenarios_total: { value: total, unit: 'count', note: `${SCENARIOS.length} scenarios x cascade off/on` },
    load_requests_lost: {
      value: lost,
      unit: 'count',
      note: `of 200 concurrent requests with 10 injected faults (5 %): requests that never ended or rejected with something other than a PipelineError; ${load.answered} answered, ${load.failed} failed readably, ${load.wallMs} ms`,
    },
    load_ledger_records_lost: {
      value: load.records - recordsOnDisk,
      unit: 'count',
      note: `attempt records kept in memory but missing from ledger.jsonl after the burst (${load.records} records, ${load.simChatRequests} HTTP requests, ${load.simRetried} retried)`,
    },
    load_attempt_mismatches: {
      value: load.attemptMismatches.length + Math.abs(load.records - (load.simChatRequests - load.simRetried)),
      unit: 'count',
      note: 'requests whose ledger records are not exactly one per attempt, plus the gap between records and provider attempts counted by the simulator',
    },
    ledger_records_lost_on_crash: {
      value: crash.lost,
      unit: 'count',
      note: `${crashRuns} runs: a child appends through the real Ledger as fast as it can and is SIGKILLed after a random 0-40 ms; records it reported written (${crash.reported}) missing after the next load`,
    },
    ledger_lines_set_aside_on_crash: {
      value: crash.setAside,
      unit: 'count',
      note: `torn lines set aside by the loads after the ${crashRuns} kills (${crash.recordsAtEnd} records on disk at the end)`,
    },
  };
}

if (process.argv[1] && /faults\.ts$/.test(process.argv[1])) {
  runFaultBench({ log: (l) => console.error(l) }).then(
    (f) => {
      for (const [k, v] of Object.entries(f)) console.log(`${k}: ${v.value} ${v.unit} — ${v.note}`);
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
