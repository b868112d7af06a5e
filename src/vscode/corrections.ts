// The user's routing corrections, persisted in globalState (per user, across workspaces and restarts). The learning
// itself is core/router/corrections.ts; this adapter loads, saves and announces changes.
import * as vscode from 'vscode';
import { RoutingCorrections, type CorrectionKind } from '../core/router';
import type { Logger } from '../core/ports';

const KEY = 'frugal.routerCorrections';

export class CorrectionStore implements vscode.Disposable {
  readonly table: RoutingCorrections;
  private readonly emitter = new vscode.EventEmitter<number>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly logger: Logger,
  ) {
    const { corrections, dropped } = RoutingCorrections.fromJSON(memento.get(KEY));
    this.table = corrections;
    if (dropped)
      logger.warn(`Router: ${dropped} damaged routing correction(s) set aside; ${corrections.count()} kept.`);
  }

  record(signature: string, kind: CorrectionKind): void {
    this.table.record(signature, kind, Date.now());
    this.save();
    this.logger.info(
      `Router: learned "${kind}" for requests like ${signature} (${this.table.count()} correction(s) learned).`,
    );
  }

  reset(): void {
    this.table.reset();
    this.save();
  }

  count(): number {
    return this.table.count();
  }

  private save(): void {
    this.memento
      .update(KEY, this.table.toJSON())
      .then(undefined, (e: unknown) =>
        this.logger.warn(`Router: corrections not saved: ${(e as Error)?.message ?? e}`),
      );
    this.emitter.fire(this.table.count());
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
