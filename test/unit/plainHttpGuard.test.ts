// Defects the fault suite found in src/vscode/guard.ts and src/core/config.ts, each guarded here (fixed in
// 32e2613); each BUG comment describes the original defect.
import { strict as assert } from 'node:assert';
import { parseConfig } from '../../src/core/config';
import { installVscodeStub, resetStub, state } from '../fixtures/crash/vscodeStub';

const KEY = 'sk-frugal-canary-0123456789abcdef';

describe('send guard: plain http and pasted keys', () => {
  let guardModule: typeof import('../../src/vscode/guard');
  before(async () => {
    installVscodeStub();
    guardModule = await import('../../src/vscode/guard');
  });
  beforeEach(() => resetStub());

  // BUG 8 (guard.ts allow(): `url.startsWith('http://')`): URL schemes are case-insensitive and zod keeps the string
  // as typed, so "HTTP://host/v1" (or "Http://") sends code and key unencrypted without the confirmation.
  for (const baseUrl of ['HTTP://example.com/v1', 'Http://example.com/v1']) {
    it(`${baseUrl}: plain http in capitals is asked about too`, async () => {
      const guard = new guardModule.SendGuard();
      const { config, errors } = parseConfig({ baseUrl });
      assert.deepEqual(errors, []);
      assert.equal(await guard.allow(config), false, 'sent without asking');
      assert.equal(state.shown.length, 1);
    });
  }

  // BUG 9 (guard.ts allow()): only `baseUrl` is checked; a provider's `fimBaseUrl` over plain http to another host
  // (used by inline completions) is never asked about.
  it('a plain-http fimBaseUrl to another host is asked about', async () => {
    const guard = new guardModule.SendGuard();
    const { config, errors } = parseConfig({
      providers: { fast: { baseUrl: 'https://api.example.com/v1', fimBaseUrl: 'http://fim.example.com/beta' } },
    });
    assert.deepEqual(errors, []);
    assert.equal(await guard.allow(config), false, 'sent without asking');
  });

  // BUG 10 (config.ts parseConfig(): `(got ${JSON.stringify(value)})`): a key pasted into the wrong setting is echoed
  // into the message, which ConfigService writes to the log and shows in a notification.
  it('an API key pasted into frugal.baseUrl by mistake is not echoed into the message', () => {
    const { errors } = parseConfig({ baseUrl: KEY });
    assert.equal(errors[0].setting, 'frugal.baseUrl');
    assert.ok(!errors[0].message.includes(KEY), errors[0].message);
  });
});
