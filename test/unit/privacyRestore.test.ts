import { strict as assert } from 'node:assert';
import { redactSecrets, restoreSecrets } from '../../src/core/privacy';

describe('restoreSecrets (edits applied to the user\'s own file keep their secrets)', () => {
  const original = [
    'const aws = "AKIAIOSFODNN7EXAMPLE";',
    'const db = "postgres://admin:hunter2pass@db.internal:5432/app";',
    'function connect() { return open(db, aws); }',
  ].join('\n');

  it('puts each withheld value back where the model kept the placeholder', () => {
    const redacted = redactSecrets(original).text;
    assert.ok(!redacted.includes('AKIAIOSFODNN7EXAMPLE'));
    const answer = '```ts\n' + redacted.replace('function connect()', 'export function connect(): Connection') + '\n```';
    const restored = restoreSecrets(original, answer);
    assert.ok(restored.includes('AKIAIOSFODNN7EXAMPLE'));
    assert.ok(restored.includes('hunter2pass'));
    assert.ok(!restored.includes('[REDACTED:'));
  });

  it('leaves an answer without placeholders alone', () => {
    assert.equal(restoreSecrets(original, 'no secrets here'), 'no secrets here');
  });

  it('does not invent values for placeholders it never produced', () => {
    assert.equal(restoreSecrets('plain code', 'x = [REDACTED:github-token]'), 'x = [REDACTED:github-token]');
  });
});
