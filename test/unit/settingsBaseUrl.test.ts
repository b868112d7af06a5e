// Defects the fault suite found in src/core/config.ts, each guarded here (fixed in 32e2613); each BUG comment
// describes the original defect.
import { strict as assert } from 'node:assert';
import { parseConfig, defaultConfig } from '../../src/core/config';

// BUG 7 (config.ts, SETTINGS.baseUrl and providerSchema.baseUrl/fimBaseUrl): z.string().url() accepts any scheme, so
// the most common slip, leaving out "http://" ("localhost:11434/v1" parses as scheme "localhost:"), and non-HTTP
// schemes are taken silently and only fail later at request time with a confusing error.
describe('settings: base URLs must be http or https', () => {
  for (const value of [
    'localhost:11434/v1',
    'ftp://files.example/v1',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ws://host.example/v1',
  ]) {
    it(`frugal.baseUrl ${JSON.stringify(value)} is rejected (not http or https), naming the setting; the default applies`, () => {
      const { config, errors } = parseConfig({ baseUrl: value });
      assert.deepEqual(
        errors.map((e) => e.setting),
        ['frugal.baseUrl'],
      );
      assert.equal(config.providers.default.baseUrl, defaultConfig().providers.default.baseUrl);
    });
  }

  it('frugal.providers with a non-http base URL is rejected, naming the setting', () => {
    const { config, errors } = parseConfig({ providers: { local: { baseUrl: 'localhost:8080/v1' } } });
    assert.deepEqual(
      errors.map((e) => e.setting),
      ['frugal.providers'],
    );
    assert.equal(config.providers.local, undefined);
  });
});
