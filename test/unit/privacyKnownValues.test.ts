// Two rules added for the recall goals of issue 13: a value once found is withheld wherever else it occurs (inside a
// longer word, or cut short), and secp256k1 private keys (0x + 64 hex) where the text speaks of a key or wallet.
// The examples are written here (random values), not taken from the scanners' fixtures.
import { strict as assert } from 'node:assert';
import { redactSecrets, withholdSecrets } from '../../src/core/privacy';

const SG = 'SG.HsTx8SfDRiHNOkpZlQfQRB.6y2DKxstPYRmawIFTHB0GO21kPpbYSRB0JFD9Lyxqy';
const GH = 'ghp_9fQ2LmXw7RtZk4NvB8sYd1HcJ6pEa3UoGi5W';

/** Whether any run of 16+ characters of `secret` is left in `text`. */
const leaks = (text: string, secret: string): boolean => {
  for (let i = 0; i + 16 <= secret.length; i++) if (text.includes(secret.slice(i, i + 16))) return true;
  return false;
};

describe('privacy: a found value is withheld wherever it occurs', () => {
  it('inside a longer word, after a rule found it on its own elsewhere', () => {
    const text = `key: ${SG}\nlogged as prefix${SG}suffix in the build output`;
    const r = redactSecrets(text);
    assert.ok(!r.text.includes(SG), r.text);
    assert.equal(r.total, 2);
    assert.ok(r.text.includes('prefix[REDACTED:sendgrid-key]suffix'), 'the words around it stay');
  });

  it('a copy cut short or altered at its end (a log line, a comment) goes with its whole token', () => {
    const cut = `${SG.slice(0, 50)}`;
    const altered = `${GH.slice(0, -3)}zzz`;
    const text = `TOKEN_A=${SG}\n// old: ${cut} (rotated)\nconst t = "${GH}";\nretry with ${altered} later`;
    const r = redactSecrets(text);
    assert.ok(!leaks(r.text, SG), r.text);
    assert.ok(!leaks(r.text, GH), r.text);
    assert.ok(r.text.includes('// old: [REDACTED:sendgrid-key] (rotated)'), r.text);
    assert.ok(r.text.includes('retry with [REDACTED:github-token] later'), r.text);
  });

  it('a short piece is not enough: less than half of a key, or a common word of a short password, stays', () => {
    const text = `const t = "${GH}";\nconst prefix = "${GH.slice(0, 12)}";\npassword = "hunter2pw"\nconst hunter = 1;`;
    const r = redactSecrets(text);
    assert.ok(r.text.includes(`const prefix = "${GH.slice(0, 12)}";`), r.text);
    assert.ok(r.text.includes('const hunter = 1;'), r.text);
    assert.equal(r.total, 2);
  });

  it('never cuts into a placeholder, and redacting again finds nothing', () => {
    const text = `a=${SG}\nb="${SG}x"\n${SG.slice(0, 40)}\n`;
    const once = redactSecrets(text);
    assert.ok(!/\[REDACTED:[^\]]*\[/.test(once.text), once.text);
    assert.equal(redactSecrets(once.text).total, 0);
  });

  it('a request vault withholds a piece of a key found in another part of the request', () => {
    const selection = `const client = new Mailer("${SG}");`;
    const diagnostic = `Unauthorized: key ${SG.slice(0, 40)}... was rejected`;
    const w = withholdSecrets(['', selection, '', '', diagnostic]);
    for (const t of w.texts) assert.ok(!leaks(t, SG), t);
    // the dots after it are of the key's own alphabet, so they go with the piece
    assert.equal(w.texts[4], 'Unauthorized: key [REDACTED:sendgrid-key#2] was rejected');
    assert.equal(w.vault.restore(w.texts[4]), diagnostic);
    assert.equal(w.vault.restore(w.texts[1]), selection);
  });

  it('a request vault numbers the extra occurrences and restores each where it was', () => {
    const sel = `send(${SG});\nlog("${SG.slice(0, 45)}…")`;
    const w = withholdSecrets([sel]);
    assert.ok(!leaks(w.texts[0], SG), w.texts[0]);
    assert.equal(w.vault.restore(w.texts[0]), sel);
  });
});

describe('privacy: secp256k1 private keys (0x + 64 hex)', () => {
  const K1 = '0x7a0deefdbf1d69a9155997331d240d9055848f8e02f0c87674bdbbe191407329';
  const K2 = '0x23765c2cdd5edadfe6f16bacec5e86118bd6e980c9aeb5dec07fec55bab3b587';
  const K3 = '0x120c51a5761134ac9073f7e106b9387c83c88e8cdac7158d3baa56332715f7cd';
  const withheld: string[] = [
    `const wallet = new Wallet("${K1}", provider);`,
    `// deployer private key: ${K2}`,
    `signer = privateKeyToAccount('${K3}')`,
    `Here is the key for the test wallet:\n${K1}\n`,
    `my privkey ${K2.slice(2)} do not share`,
    `PRIVATE_KEY=${K3}`,
  ];
  for (const text of withheld)
    it(`withholds the key in ${JSON.stringify(text)}`, () => {
      const r = redactSecrets(text);
      for (const k of [K1, K2, K3]) assert.ok(!r.text.includes(k.slice(2, 40)), r.text);
      assert.ok(r.total >= 1);
    });

  const kept: string[] = [
    // digests and ids: same shape, no key around, or named as a hash
    `const txHash = "${K1}";`,
    `expect(sha256(data)).toBe("${K2.slice(2)}")`,
    `"blockHash": "${K3}", "from": "0x51a3c9a9e33c4e5bd0b4b1a0f0c1c0a1b2c3d4e5"`,
    `wallet.sendTransaction(tx); // tx hash ${K1}`,
    `integrity sha512 for the wallet package: ${K2.slice(2)}${K3.slice(2)}`,
    // a constant, not a random scalar
    `// the secp256k1 private key must be below 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141`,
    `const ONE = 0x0000000000000000000000000000000000000000000000000000000000000001n; // private key 1`,
    // 63 and 65 hex digits
    `wallet key ${K1.slice(0, -1)}`,
    `wallet key ${K1}f`,
  ];
  for (const text of kept)
    it(`leaves ${JSON.stringify(text)} alone`, () => assert.equal(redactSecrets(text).text, text));
});

describe('privacy: .env values with brackets', () => {
  const withheld: [string, string][] = [
    ['DB_PASSWORD=Xy7(kP]2q!vR', 'Xy7(kP]2q!vR'],
    ['export API_KEY=t0k]en-9f8Q[zz-41Lm', 't0k]en-9f8Q[zz-41Lm'],
    ['  SERVICE_TOKEN=9a8b]c7d6e5f4^g3h2', '9a8b]c7d6e5f4^g3h2'],
  ];
  for (const [text, secret] of withheld)
    it(`withholds ${JSON.stringify(secret)} in ${JSON.stringify(text)}`, () => {
      const r = redactSecrets(text);
      assert.ok(!r.text.includes(secret), r.text);
      assert.equal(r.total, 1);
    });
  const kept = [
    'token=nextToken(tokens)',
    'secret=argv[2]',
    'SECRET=(a,b)',
    'API_KEY=keys[i]',
    'SECRET_TOKEN=getToken(ctx);',
  ];
  for (const text of kept)
    it(`leaves ${JSON.stringify(text)} alone`, () => assert.equal(redactSecrets(text).text, text));
});

describe('privacy: code that assigns a call to a secret-named variable', () => {
  const code = [
    '  parser.nextToken = function(kind, value) {',
    '  parser.readToken = function(kind, pos) {',
    '    signingKey = importKey(typeof raw === "string" ? raw : raw.key)',
  ].join('\n');
  it('is left alone (a value found once would be withheld everywhere else too)', () =>
    assert.equal(redactSecrets(code).text, code));
});
