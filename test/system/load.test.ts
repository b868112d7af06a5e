// Load (GitHub issue #9, part 5): 200 concurrent requests through the real pipeline and client against the simulator
// with 5 % injected faults. Every request ends (answer or error), the ledger has exactly one record per attempt,
// totals equal the sum of the records (in memory and on disk), and memory returns near its baseline.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Ledger } from '../../src/core/ledger';
import { MemoryLogger } from '../../src/core/ports';
import { startSimulatorProcess, type SimControl } from '../fixtures/crash/children';
import { runLoad, LOAD_FAULTS } from '../fixtures/crash/load';

/** global.gc when node runs with --expose-gc, else one obtained through the V8 flag (works on Node 20). */
function gcFunction(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 30));
  }
  return process.memoryUsage().heapUsed;
}

describe('load: 200 concurrent requests with 5 % faults', function () {
  this.timeout(120_000);
  let sim: SimControl;
  const unhandled: unknown[] = [];
  const onUnhandled = (r: unknown): void => {
    unhandled.push(r);
  };
  before(async () => {
    // the provider runs in a process of its own, as a real one would; a warm-up burst opens the connections
    sim = await startSimulatorProcess();
    await runLoad(sim, {
      dir: mkdtempSync(path.join(tmpdir(), 'frugal-load-warm-')),
      n: 50,
      faults: false,
      timeoutSeconds: 30,
    });
    process.on('unhandledRejection', onUnhandled);
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await sim.close();
  });

  it('every request ends; one ledger record per attempt; totals are the sum of the records; no unhandled rejection', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-load-'));
    const r = await runLoad(sim, { dir, n: 200, timeoutSeconds: 5 });
    assert.equal(
      LOAD_FAULTS.reduce((s, f) => s + (f.times ?? 1), 0),
      10,
      '5 % of 200 requests',
    );
    assert.equal(r.ended, 200, `${200 - r.ended} requests never ended`);
    assert.equal(r.answered + r.failed, 200);
    assert.deepEqual(r.unexpected, [], 'every failure is a PipelineError with a message');
    assert.equal(r.faultsApplied, 10, 'every injected fault hit a request');
    // every fault but the bad key is recovered by a retry or a fallback; a failure is a readable PipelineError
    assert.ok(
      r.failureMessages.some((m) => /rejected the API key/.test(m)),
      'the bad key fails (no fallback for it)',
    );
    for (const m of r.failureMessages) assert.match(m, /rejected the API key|did not answer within \d+ s/, m);
    assert.ok(r.answered >= 150, `only ${r.answered} of 200 answered`);

    // one record per attempt, each request's records numbered 1..attempts under one requestId
    assert.equal(r.requestIds, 200, 'every request is in the ledger');
    assert.deepEqual(r.attemptMismatches, [], 'records per request = its attempts');
    // provider attempts counted from the simulator: HTTP requests minus those the client retried
    assert.equal(
      r.records,
      r.simChatRequests - r.simRetried,
      `records ${r.records}, HTTP ${r.simChatRequests}, retried ${r.simRetried}`,
    );
    assert.equal(r.records, r.sumAttempts + r.failedAttempts);

    // totals equal the sum of the records, in memory and as reloaded from disk
    assert.ok(Math.abs(r.totalsCostUsd - r.sumCostUsd) < 1e-9, `${r.totalsCostUsd} vs ${r.sumCostUsd}`);
    const fresh = new Ledger({ dir, logger: new MemoryLogger() });
    const report = await fresh.load();
    assert.equal(report.setAside, 0);
    assert.equal(report.records, r.records, 'every record kept in memory is on disk after the burst');
    assert.ok(Math.abs(fresh.totals('all').costUsd - r.sumCostUsd) < 1e-9);
    assert.deepEqual(unhandled.map(String), []);
  });

  it('memory returns near its baseline after each burst (no leak per request)', async function () {
    const gc = gcFunction();
    if (!gc) return this.skip(); // no way to force a collection here, so heap figures would be noise
    const dir = mkdtempSync(path.join(tmpdir(), 'frugal-load-mem-'));
    const faults = LOAD_FAULTS.filter((f) => f.type !== 'hang'); // the same mix, without the 5 s wait
    await sim.reset();
    await runLoad(sim, { dir, n: 200, faults, timeoutSeconds: 10 }); // warm up: JIT, sockets, module state
    const baseline = await settledHeap(gc);
    for (let i = 0; i < 3; i++) {
      await sim.reset();
      const r = await runLoad(sim, {
        dir: mkdtempSync(path.join(tmpdir(), 'frugal-load-mem-')),
        n: 200,
        faults,
        timeoutSeconds: 10,
      });
      assert.equal(r.ended, 200);
    }
    await sim.reset();
    const after = await settledHeap(gc);
    const grownMb = (after - baseline) / 1024 / 1024;
    // each burst's pipeline, ledger and client are dropped afterwards: the heap must come back to where it was
    assert.ok(grownMb < 4, `heap grew ${grownMb.toFixed(1)} MB over 600 requests`);
  });
});
