import * as assert from 'assert';
import * as vscode from 'vscode';
import { frugalApi, resetSetting, setSetting, waitFor, withStub, type FrugalApi } from './helpers';

describe('invalid settings', function () {
  this.timeout(30_000);
  let api: FrugalApi;

  before(async () => {
    api = await frugalApi();
  });

  afterEach(async () => {
    await resetSetting('budget.dailyUsd');
  });

  for (const bad of ['abc', -5] as const) {
    it(`frugal.budget.dailyUsd = ${JSON.stringify(bad)} gives a clear error naming the setting`, async () => {
      const shown: string[] = [];
      await withStub(
        'showErrorMessage',
        (async (message: string) => {
          shown.push(message);
          return undefined;
        }) as typeof vscode.window.showErrorMessage,
        async () => {
          await setSetting('budget.dailyUsd', bad);
          const errors = await waitFor(
            'a config error for frugal.budget.dailyUsd',
            () => {
              const e = api.lastConfigErrors();
              return e.some((x) => x.includes('frugal.budget.dailyUsd')) ? e : undefined;
            },
            10_000,
          );
          assert.ok(errors.length >= 1);
          await waitFor(
            'an error message to the user',
            () => shown.some((m) => m.includes('frugal.budget.dailyUsd')),
            5_000,
          );
        },
      );
      const msg = shown.find((m) => m.includes('frugal.budget.dailyUsd'))!;
      assert.match(msg, /Frugal/, `message: ${msg}`);
    });
  }

  it('the error clears once the setting is valid again, and a valid value is used', async () => {
    await setSetting('budget.dailyUsd', 'abc');
    await waitFor('the error', () => api.lastConfigErrors().some((x) => x.includes('frugal.budget.dailyUsd')));
    await setSetting('budget.dailyUsd', 3);
    await waitFor(
      'the error to clear',
      () => !api.lastConfigErrors().some((x) => x.includes('frugal.budget.dailyUsd')),
    );
    const cfg =
      typeof api.config === 'function' ? (api.config as () => { budget?: { dailyUsd?: number } })() : undefined;
    if (cfg?.budget) assert.strictEqual(cfg.budget.dailyUsd, 3);
  });
});
