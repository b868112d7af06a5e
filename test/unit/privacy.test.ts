import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isSensitivePath, redactSecrets } from '../../src/core/privacy';

const DIR = path.join(__dirname, '../fixtures/secrets');
const expected: Record<string, Record<string, number>> = JSON.parse(
  fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'),
);

describe('privacy: secret redaction', () => {
  for (const [file, kinds] of Object.entries(expected)) {
    it(`${file}: finds exactly ${
      Object.keys(kinds).length
        ? Object.entries(kinds)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')
        : 'nothing'
    }`, () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const r = redactSecrets(text);
      const got: Record<string, number> = {};
      for (const f of r.findings) got[f.kind] = f.count;
      assert.deepEqual(got, kinds);
      assert.equal(
        r.total,
        Object.values(kinds).reduce((a, b) => a + b, 0),
      );
      if (!r.total) assert.equal(r.text, text, 'clean text is returned unchanged');
      // every placeholder names its kind; redacting again finds nothing new
      for (const kind of Object.keys(kinds)) assert.ok(r.text.includes(`[REDACTED:${kind}]`), kind);
      assert.equal(redactSecrets(r.text).total, 0);
    });
  }

  it('no secret value from the fixtures survives redaction', () => {
    for (const file of Object.keys(expected).filter((f) => f !== 'clean.txt')) {
      const out = redactSecrets(fs.readFileSync(path.join(DIR, file), 'utf8')).text;
      for (const re of [
        /AKIA[0-9A-Z]{16}/,
        /gh[pousr]_[A-Za-z0-9]{36}/,
        /sk-(?:proj-|ant-)?[A-Za-z0-9]{20}/,
        /xox[bp]-/,
        /eyJ[\w-]+\.eyJ/,
        /BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/]/,
        /hunter2-/,
      ]) {
        assert.ok(!re.test(out), `${file}: ${re}`);
      }
    }
  });

  it('keeps the surrounding syntax: quotes, keys, users and hosts', () => {
    const r = redactSecrets(
      'const db = "postgres://app:s3cr3t-pw@db.internal:5432/app";\nconst password = \'hunter2\';',
    );
    assert.equal(
      r.text,
      'const db = "postgres://app:[REDACTED:connection-string]@db.internal:5432/app";\nconst password = \'[REDACTED:password]\';',
    );
    assert.deepEqual(r.findings, [
      { kind: 'connection-string', count: 1 },
      { kind: 'password', count: 1 },
    ]);
  });

  it('leaves ordinary code with password/token/secret identifiers alone', () => {
    const code = [
      'function validatePassword(password: string) { return password.length > 8; }',
      'const passwordField = form.password;',
      'const token = await getToken();',
      'const secret = process.env.SECRET;',
      'password = os.environ["DB_PASSWORD"]',
      'interface Auth { token: string; password?: string }',
      'const url = `https://${user}:${password}@${host}`;',
      'if (!password) throw new Error("password is required");',
      'const tokenCount = tokenize(text).length;',
      'export const PASSWORD_MIN_LENGTH = 12;',
      'password: "",',
      '    token = nextToken;',
      '    secret = cfg.get("secret")',
      'readonly ACCESS_TOKEN: "access_token";',
      'const USER_FEDERATED_IDENTITY_CREDENTIAL = "user_federated_identity_credential";',
      'const RefreshTokenClientAcquireToken = "refreshTokenClientAcquireToken";',
    ].join('\n');
    const r = redactSecrets(code);
    assert.equal(r.total, 0, JSON.stringify(r.findings));
    assert.equal(r.text, code);
  });
});

describe('privacy: sensitive paths', () => {
  it('never sends .env*, *.pem, id_rsa* and other key stores', () => {
    for (const p of [
      '.env',
      '/ws/.env',
      '/ws/.env.local',
      'C:\\ws\\.env.production',
      'certs/server.pem',
      '/home/u/.ssh/id_rsa',
      'id_rsa.pub',
      'keys/id_ed25519',
      'tls/private.key',
      'store.p12',
      '/home/u/.aws/credentials',
      '.npmrc',
      '.netrc',
    ]) {
      assert.equal(isSensitivePath(p), true, p);
    }
  });
  it('allows ordinary source files', () => {
    for (const p of [
      'src/env.ts',
      'src/environment.ts',
      'README.md',
      'docs/keys.md',
      'src/pem.ts',
      'id_rsa_parser.go'.replace('id_rsa_', 'rsa_'),
      '',
      'package.json',
    ]) {
      assert.equal(isSensitivePath(p), false, p);
    }
  });
});
