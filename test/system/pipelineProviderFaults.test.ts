// Defects the fault suite found in src/core/pipeline.ts, each guarded here (fixed in 32e2613); each BUG comment
// describes the original defect.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pipeline, PipelineError } from '../../src/core/pipeline';
import { Ledger } from '../../src/core/ledger';
import { ProviderClient } from '../../src/core/provider';
import { parseConfig, type RawSettings } from '../../src/core/config';
import { MemoryLogger } from '../../src/core/ports';
import type { EditorRequest } from '../../src/core/types';
import { startSimulator, type Fault, type Simulator } from '../fixtures/simulator';
import { recordingClock } from '../fixtures/clock';

const EXPLAIN: EditorRequest = {
  task: 'explain',
  instruction: '',
  languageId: 'typescript',
  selection:
    'export function byName(users: User[]): User[] {\n  return [...users].sort((a, b) => a.name.localeCompare(b.name));\n}',
};

let sim: Simulator;
let n = 0;

async function run(raw: RawSettings, key = 'sk-test') {
  const dir = mkdtempSync(path.join(tmpdir(), 'frugal-faults-bugs-'));
  const logger = new MemoryLogger();
  const ledger = new Ledger({ dir, logger });
  await ledger.load();
  const { config } = parseConfig({
    baseUrl: sim.baseUrl,
    'request.timeoutSeconds': 1,
    'cache.enabled': false,
    'cascade.enabled': false,
    'request.maxRetries': 0,
    ...raw,
  });
  const pipeline = new Pipeline({
    getConfig: () => config,
    provider: new ProviderClient({ logger, clock: recordingClock() }),
    secrets: { getApiKey: async () => key },
    ledger,
    logger,
    workspace: 'ws',
  });
  const result = await pipeline.run({ ...EXPLAIN, instruction: `q${++n}` }).catch((e: unknown) => {
    if (e instanceof PipelineError) return e;
    throw e;
  });
  return { result, ledger };
}

describe('pipeline: recovering from provider faults', function () {
  this.timeout(20_000);
  before(async () => {
    sim = await startSimulator({ port: 0 });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => sim.reset());

  // BUG 1 (pipeline.ts, run(), catch block): a request the host refused before any output (401, 404, 429, 5xx) is
  // recorded with an estimated input cost, so refused requests count against budgets and the dashboard's spend.
  const refused: { name: string; faults: Fault[]; key?: string; config?: { unknownModels: string[] } }[] = [
    { name: '401 bad key', faults: [], key: 'sk-bad' },
    { name: '404 unknown model', faults: [], config: { unknownModels: ['Qwen/Qwen3-8B'] } },
    { name: '429 rate limit', faults: [{ type: 'status', status: 429 }] },
    { name: '503 overloaded', faults: [{ type: 'status', status: 503 }] },
  ];
  for (const c of refused) {
    it(`a request refused with ${c.name} costs $0 in the ledger (nothing was billed)`, async () => {
      sim.setFaults(c.faults);
      if (c.config) sim.setConfig(c.config);
      const { result, ledger } = await run({}, c.key);
      assert.ok(result instanceof PipelineError);
      const [rec] = ledger.recent();
      assert.equal(rec.outcome, 'error');
      assert.equal(
        rec.costUsd,
        0,
        `recorded $${rec.costUsd} for a refused request (${rec.inputTokens} estimated input tokens)`,
      );
      assert.equal(rec.inputTokens, 0);
    });
  }

  // BUG 2 (pipeline.ts, resultFrom()): a partial answer's usage is the client's estimate (usageEstimated), but the
  // result says estimated: false, so the answer view shows the estimated cost as if the host had reported it.
  it('a partial answer (stream cut) says its cost is an estimate', async () => {
    sim.setFaults([{ type: 'disconnect', afterChars: 20 }]);
    const { result, ledger } = await run({});
    assert.ok(!(result instanceof PipelineError));
    assert.equal(result.outcome, 'partial');
    assert.equal(ledger.recent()[0].estimated, true);
    assert.equal(result.estimated, true, 'PipelineResult.estimated is false for an estimated partial');
  });
});
