// The ledger-views agreement property (test/unit/ledgerAgreement.test.ts) over 20 more random ledgers: each one is
// written, reloaded and exported on disk, so the many-ledger run lives in the system tier.
import { strict as assert } from 'node:assert';
import { randomLedger, viewDisagreements } from '../fixtures/ledger/agreement';

describe('ledger views agree over many random ledgers', function () {
  this.timeout(300_000);

  it('seeds 5 to 24: no view disagrees with the reference', async () => {
    const all: string[] = [];
    for (let seed = 5; seed <= 24; seed++) {
      const out = await viewDisagreements(randomLedger(seed, 40 + seed * 3), { retentionDays: seed % 2 ? 20 : 0 });
      all.push(...out.map((x) => `seed ${seed}: ${x}`));
    }
    assert.deepEqual(all, []);
  });
});
