// The issue's own probes of common secret names and formats (#13), and look-alikes that must stay as they are.
import { strict as assert } from 'node:assert';
import { redactSecrets } from '../../src/core/privacy';

const SECRETS: [string, string][] = [
  ['SECRET_KEY = "django-insecure-8f#k2l!q9x"', 'django-insecure-8f#k2l!q9x'],
  ['SECRET_KEY_BASE=9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa', '9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa'],
  ["app.secret_key = 'flask-s3cr3t-value'", 'flask-s3cr3t-value'],
  ['REDIS_URL=redis://:r3dispw0rd@cache.internal:6379/0', 'r3dispw0rd'],
  ['url = "https://api.example.com/login?user=bob&password=Tr0ub4dor3"', 'Tr0ub4dor3'],
  ['curl -u alice:curlPassw0rd https://api.example.com/v1', 'curlPassw0rd'],
  ['mysql -u root -pmysqlPassw0rd -h db.internal app', 'mysqlPassw0rd'],
  ['GET https://maps.example.com/geo?q=x&api_key=Zx81kLm0Qp44Rt9w', 'Zx81kLm0Qp44Rt9w'],
  ['    environment:\n      - POSTGRES_PASSWORD=composePw123\n      - POSTGRES_USER=app', 'composePw123'],
  ['DB_PASSWORD="correct horse battery staple"', 'correct horse battery staple'],
  ['client.connect("ghp_R4nd0mT0kenValue1234567890abcdefABCD")', 'ghp_R4nd0mT0kenValue1234567890abcdefABCD'],
  [
    'client.connect("xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")',
    'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  ],
  ['jdbc:postgresql://db:5432/app?user=app&password=jdbcPassw0rd', 'jdbcPassw0rd'],
  // inline shell environment before a command (secretlint's PostgreSQL fixture has one after `PG_USERNAME=root. `)
  ['PGHOST=db.internal PG_PASSWORD=m42ploz2wd psql -U root', 'm42ploz2wd'],
];

const CLEAN = [
  'const INVALID_USERNAME_OR_PASSWORD = "invalidUserNameOrPassword";',
  'export const SIGNIN_TOKEN = "/oauth2/v2.0/token";',
  'readonly PASSWORD: "password";',
  'EVENT_TEST_PASS: "pass",',
  'var password = options.password;',
  'password: parsedUrl.password',
  '*     <li>Run "azd auth login --client-id clientID --client-secret clientSecret"</li>',
  'label: "Enter your password"',
  'const sortKey = "createdAt";',
  'url = "https://example.com/search?q=tokenizer&page=2"',
  'var a=1,PASSWORD=e.x;',
  ' MY_TOKEN=$TOKEN make deploy',
];

describe("privacy: the issue's probes", () => {
  for (const [text, secret] of SECRETS) {
    it(`withholds ${JSON.stringify(secret)} in ${JSON.stringify(
      text
        .split('\n')
        .find((l) => l.includes(secret))!
        .trim(),
    )}`, () => {
      const r = redactSecrets(text);
      assert.ok(!r.text.includes(secret), r.text);
      assert.ok(r.total >= 1);
    });
  }
  for (const text of CLEAN) {
    it(`leaves ${JSON.stringify(text)} alone`, () => assert.equal(redactSecrets(text).text, text));
  }
});
