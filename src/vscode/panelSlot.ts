// The one place a single-instance panel (the answer view, the dashboard) lives while it is open. The FrugalContext
// owns one slot per panel, so no panel class keeps itself in a static, and deactivate() closes whatever is open.
import type * as vscode from 'vscode';
import { systemClock, type Clock } from '../core/clock';

export class PanelSlot<T extends vscode.Disposable> implements vscode.Disposable {
  private panel: T | undefined;

  /** The open panel, if any. */
  get current(): T | undefined {
    return this.panel;
  }

  /** Puts `panel` in the slot, closing the one that was there. */
  hold(panel: T): T {
    const old = this.panel;
    this.panel = panel;
    if (old && old !== panel) old.dispose();
    return panel;
  }

  /** Called by a panel as it closes: empties the slot if it still holds that panel. */
  release(panel: T): void {
    if (this.panel === panel) this.panel = undefined;
  }

  dispose(): void {
    const p = this.panel;
    this.panel = undefined;
    p?.dispose();
  }
}

/** Jobs the user put off to a later time (Document File at the off-peak rate): run while the window stays open. */
export class DeferredJobs implements vscode.Disposable {
  private readonly timers = new Set<unknown>();

  constructor(private readonly clock: Clock = systemClock) {}

  /** Runs `job` at epoch ms `at` (now if that has passed). */
  at(at: number, job: () => void): void {
    const timer = this.clock.setTimeout(
      () => {
        this.timers.delete(timer);
        job();
      },
      Math.max(0, at - this.clock.now()),
    );
    this.timers.add(timer);
  }

  get size(): number {
    return this.timers.size;
  }

  /** Drops every job not yet run (the window is closing). */
  dispose(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
  }
}
