// The ledger keeps a record appended while an earlier write is still in flight (a defect the fault suite found, fixed
// in 17ff8cf; this test runs in the unit tier and guards it).
import { strict as assert } from 'node:assert';
import * as fsm from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ledger } from '../../src/core/ledger';
import { MemoryLogger } from '../../src/core/ports';
import { makeLedgerRecord } from '../fixtures/crash/records';

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'frugal-ledger-inflight-'));

async function withAppendFile<T>(
  impl: (orig: typeof fsm.promises.appendFile, file: any, data: any) => Promise<void>,
  fn: () => Promise<T>,
): Promise<T> {
  const p = fsm.promises as { appendFile: typeof fsm.promises.appendFile };
  const orig = p.appendFile;
  p.appendFile = ((file: any, data: any) => impl(orig, file, data)) as typeof orig;
  try {
    return await fn();
  } finally {
    p.appendFile = orig;
  }
}

describe('ledger: appends while a write is in flight', () => {
  // The defect (ledger.ts writePending(), after 32e2613): `this.unwritten = []` after `await fs.appendFile(...)` also
  // drops the lines that append() pushed while that write was in flight; their own writePending() then finds nothing
  // to write. Under concurrent requests records vanish from disk (the load test lost 4-96 of 100). Fix: take the
  // batch first (`const batch = this.unwritten.splice(0)`), and on failure put it back in front
  // (`this.unwritten.unshift(...batch)`).
  it('a record appended while an earlier write is in flight is written too', async () => {
    const dir = tmp();
    const l = new Ledger({ dir, logger: new MemoryLogger() });
    await l.load();
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => {
      entered = r;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    await withAppendFile(
      async (orig, f, data) => {
        entered();
        await gate;
        await orig(f, data);
      },
      async () => {
        const first = l.append(makeLedgerRecord({ id: 'first' }));
        await inFlight; // the first write has started
        const second = l.append(makeLedgerRecord({ id: 'second' }));
        release();
        await Promise.all([first, second]);
      },
    );
    await l.flush();
    const fresh = new Ledger({ dir, logger: new MemoryLogger() });
    await fresh.load();
    assert.deepEqual(
      fresh.recent().map((r) => r.id),
      ['first', 'second'],
    );
  });
});
