// One owner in the editor: the panels live in slots the FrugalContext owns (no statics), jobs put off to a later
// time are dropped when the window closes, and activate() / deactivate() build and close everything through the
// context (here against the recording 'vscode' stand-in).
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { VirtualClock } from '../../src/core/clock';
import { DeferredJobs, PanelSlot } from '../../src/vscode/panelSlot';
import { activateExtension, resetStub, state } from '../fixtures/crash/vscodeStub';

class FakePanel {
  disposed = 0;
  constructor(private readonly slot: PanelSlot<FakePanel>) {}
  dispose(): void {
    this.disposed++;
    this.slot.release(this);
  }
}

describe('editor owner: panel slots, deferred jobs, the context', () => {
  it('a slot holds one panel: a new one closes the old, a closed one empties it, disposing closes what is open', () => {
    const slot = new PanelSlot<FakePanel>();
    const a = slot.hold(new FakePanel(slot));
    assert.equal(slot.current, a);
    const b = slot.hold(new FakePanel(slot));
    assert.equal(a.disposed, 1);
    assert.equal(slot.current, b, 'the old panel closing does not empty the slot of the new one');
    b.dispose();
    assert.equal(slot.current, undefined);
    const c = slot.hold(new FakePanel(slot));
    slot.dispose();
    assert.equal(c.disposed, 1);
    assert.equal(slot.current, undefined);
  });

  it('deferred jobs run at their time and are dropped, unrun, when the window closes', async () => {
    const clock = new VirtualClock(1_000);
    const jobs = new DeferredJobs(clock);
    const ran: string[] = [];
    jobs.at(61_000, () => ran.push('off-peak'));
    jobs.at(500, () => ran.push('past'));
    jobs.at(3_601_000, () => ran.push('later'));
    await clock.advance(0);
    assert.deepEqual(ran, ['past'], 'a time already passed runs at once');
    await clock.advance(59_999);
    assert.deepEqual(ran, ['past']);
    await clock.advance(1);
    assert.deepEqual(ran, ['past', 'off-peak']);
    assert.equal(jobs.size, 1);
    jobs.dispose();
    assert.equal(jobs.size, 0);
    assert.equal(clock.pending(), 0);
    await clock.runAll();
    assert.deepEqual(ran, ['past', 'off-peak']);
  });

  it('activate() returns the context API (inline engine included); deactivate() disposes every registration', async () => {
    resetStub();
    const ext = await activateExtension({
      globalStorage: mkdtempSync(path.join(tmpdir(), 'frugal-owner-g-')),
      workspaceStorage: mkdtempSync(path.join(tmpdir(), 'frugal-owner-w-')),
    });
    const api = ext.api as { inline(): { state(): { kind: string } } | undefined; answerText(): string | undefined };
    assert.equal(api.inline()?.state().kind, 'on', 'the inline engine is the context’s');
    assert.equal(api.answerText(), undefined, 'no answer view open');
    for (const id of ['frugal.explainSelection', 'frugal.toggleInline', 'frugal.documentFile'])
      assert.ok(state.commands.has(id), id);
    await ext.dispose();
    assert.deepEqual([...state.commands.keys()], [], 'every command was disposed through the context');
  });
});
