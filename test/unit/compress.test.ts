import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { jsEquivalent, pythonEquivalent } from '../../bench/compress';
import { compressSource, prepareContext, SELECTION_MARKER, CURSOR_MARKER, languageInfo } from '../../src/core/compress';
import { runCompressCli } from '../../src/core/compress/cli';
import { estimateTokens } from '../../src/core/tokens';
import type { EditorRequest } from '../../src/core/types';

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

const TS = `/*
 * Copyright (c) 2024 Example Corp.
 * Licensed under the Apache License, Version 2.0.
 */
import { readFile } from 'fs/promises';
import type { Options } from './options';


export class Store {
    // cache of parsed entries   
    private entries = new Map<string, number>();

    /** Loads the store from disk. */
    async load(path: string): Promise<void> {
        const text = await readFile(path, 'utf8');
        const banner = \`Store v1
            indented inside the template   
        done\`;
        for (const line of text.split('\\n')) {
            if (/^#/.test(line)) continue; // skip comments
            this.entries.set(line, line.length);
        }
    }

    size(): number {
        return this.entries.size;
    }

    describe(): string {
        const parts: string[] = [];
        for (const [k, v] of this.entries) {
            parts.push(k + '=' + v);
        }
        return parts.join(',');
    }
}

export function helper(x: number): number {
    const doubled = x * 2;
    const tripled = x * 3;
    return doubled + tripled;
}

export function unrelated(a: string): string {
    const upper = a.toUpperCase();
    const lower = a.toLowerCase();
    return upper + lower;
}
`;

const PY = `# Copyright (c) 2024 Example Corp.
# Licensed under the MIT License.
"""Module docstring."""
import os
from typing import List


class Parser:
    """Parses things."""

    def __init__(self, path):
        self.path = path   
        self.text = """keep
    this   exactly

        as is"""

    def only_doc(self):
        """Nothing but a docstring."""

    def parse(self,
              items: List[str]) -> int:
        total = 0  # running total
        for item in items:
            if item:
                total += len(item)
        return total


def helper(x):
    y = x * 2
    z = y + 1
    return z
`;

function lossless(text: string, languageId: string) {
  return compressSource(text, { languageId, tier: 'lossless' }).text;
}

describe('compress: lossless tier', () => {
  it('C-like: strips trailing whitespace, blank runs, re-bases indentation, leaves template literals byte-identical', () => {
    const out = lossless(TS, 'typescript');
    assert.ok(out.length < TS.length);
    assert.ok(!/[ \t]+\n/.test(out.replace(/`[\s\S]*?`/g, '')), 'no trailing whitespace outside strings');
    assert.ok(!/\n\s*\n\s*\n/.test(out), 'no runs of blank lines');
    assert.ok(
      out.includes('`Store v1\n            indented inside the template   \n        done`'),
      'template literal untouched',
    );
    assert.ok(out.includes('\n async load(path: string)'), 'one space per level');
    assert.ok(out.includes('\n  const text'), 'two levels');
    assert.ok(jsEquivalent(TS, out), 'same TypeScript scanner tokens');
  });

  it('C-like: tabs, CRLF, regexes with quotes and comment-like strings keep their tokens', () => {
    const src =
      'function f() {\r\n\tconst re = /[\'"]\\/\\//g;   \r\n\tconst s = "// not a comment   ";\r\n\t\treturn `a ${ {x: `b\r\n   c`}.x } d`;\t\r\n}\r\n';
    const out = lossless(src, 'javascript');
    assert.ok(jsEquivalent(src, out));
    assert.ok(out.includes('\r\n const re'), 'CRLF kept, tab re-based');
    assert.ok(out.includes('`b\r\n   c`'));
  });

  it('C-like family members: Go raw strings, Rust raw strings, C# verbatim, Java text blocks stay whole', () => {
    const go = 'func f() {\n\tq := `line\n\t\tkept   \n`\n}\n';
    assert.ok(lossless(go, 'go').includes('`line\n\t\tkept   \n`'));
    const rs = 'fn f() {\n    let s = r#"a\n        b  \n"#;\n}\n';
    assert.ok(lossless(rs, 'rust').includes('r#"a\n        b  \n"#'));
    const cs = 'class A {\n    string s = @"x\n        y   \n";\n}\n';
    assert.ok(lossless(cs, 'csharp').includes('@"x\n        y   \n"'));
    const java = 'class A {\n    String s = """\n        hello   \n        """;\n}\n';
    assert.ok(lossless(java, 'java').includes('"""\n        hello   \n        """'));
  });

  it('Python: consistent indentation, triple-quoted strings untouched, same tokenize stream', async function () {
    this.timeout(20000);
    const out = lossless(PY, 'python');
    assert.ok(out.includes('"""keep\n    this   exactly\n\n        as is"""'));
    assert.ok(out.includes('\n def __init__(self, path):\n  self.path = path\n'));
    if (!hasPython) this.skip();
    const r = await pythonEquivalent([{ id: 'a', a: PY, b: out }]);
    assert.equal(r.get('a')?.status, 'ok', r.get('a')?.detail);
  });

  it('Python: files with tabs keep their indentation', () => {
    const src = 'def f():\n\tif x:\n\t\treturn 1\n';
    assert.equal(lossless(src, 'python'), src);
  });

  it('shell: heredoc bodies and multi-line strings are untouched, "\\ " at line end stays', () => {
    const src =
      '#!/bin/bash\nif true; then\n    cat <<EOF\n    keep   \n\n\n    this\nEOF\n    echo "a\n      b   "\n    x=1 \\ \nfi\n';
    const out = lossless(src, 'shellscript');
    assert.ok(out.includes('<<EOF\n    keep   \n\n\n    this\nEOF'));
    assert.ok(out.includes('"a\n      b   "'));
    assert.ok(out.includes('x=1 \\ \n'));
    assert.ok(out.includes('\n echo'));
  });

  it('YAML: indentation re-based consistently, sequences and block scalars keep their meaning', () => {
    const src =
      'jobs:\n    build:\n        steps:\n            - name: a\n              run: |\n                  echo   \n                  done\n            - name: b\n        env:\n            X: 1\n';
    const out = lossless(src, 'yaml');
    assert.equal(
      out,
      'jobs:\n build:\n  steps:\n   - name: a\n     run: |\n                  echo   \n                  done\n   - name: b\n  env:\n   X: 1\n',
    );
  });

  it('markup: <pre> and attribute values untouched; markdown: fences untouched, hard breaks kept', () => {
    const html = '<div>\n    <p>text</p>   \n    <pre>\n  keep   \n    </pre>\n</div>\n';
    const out = lossless(html, 'html');
    assert.ok(out.includes('<pre>\n  keep   \n    </pre>'));
    assert.ok(out.includes('\n <p>text</p>\n'));
    const md = '# Title\n\n\n\nline with break  \nnext\n\n```js\nconst a = 1;   \n\n\n```\n';
    const mo = lossless(md, 'markdown');
    assert.ok(mo.includes('line with break  \nnext'));
    assert.ok(mo.includes('```js\nconst a = 1;   \n\n\n```'));
    assert.ok(mo.startsWith('# Title\n\nline'));
  });

  it('SQL: dollar-quoted bodies untouched; plain text: common indentation removed', () => {
    const sql =
      'CREATE FUNCTION f() RETURNS int AS $$\n    BEGIN   \n    END\n$$ LANGUAGE plpgsql;\n\n\n\nSELECT *\n    FROM t;   \n';
    const out = lossless(sql, 'sql');
    assert.ok(out.includes('$$\n    BEGIN   \n    END\n$$'));
    assert.ok(out.includes('SELECT *\n FROM t;\n'));
    assert.equal(lossless('    a\n      b   \n\n\n    c\n', 'plaintext'), 'a\n  b\n\nc\n');
  });

  it('the equivalence check the bench relies on catches changes inside strings, templates and regexes', async function () {
    this.timeout(20000);
    assert.equal(jsEquivalent('a = "x  y";', 'a = "x y";'), false);
    assert.equal(jsEquivalent('a = `x\n  y`;', 'a = `x\n y`;'), false);
    assert.equal(jsEquivalent('a = `${b}\n  y`;', 'a = `${b}\n y`;'), false);
    assert.equal(jsEquivalent('return /a  b/;', 'return /a b/;'), false);
    assert.equal(jsEquivalent('a  =  1;\n\n\n// c', 'a = 1;'), true);
    if (!hasPython) this.skip();
    const r = await pythonEquivalent([
      { id: 's', a: 'x = """a\n  b"""\n', b: 'x = """a\n b"""\n' },
      { id: 'i', a: 'if x:\n    y\n', b: 'if x:\ny\n' },
      { id: 'ok', a: 'if x:\n    y  # c\n\n\n', b: 'if x:\n y\n' },
    ]);
    assert.equal(r.get('s')?.status, 'fail');
    assert.equal(r.get('i')?.status, 'fail');
    assert.equal(r.get('ok')?.status, 'ok');
  });

  it('maps every VS Code language id it knows to a family', () => {
    assert.equal(languageInfo('typescriptreact').family, 'clike');
    assert.equal(languageInfo('python').family, 'python');
    assert.equal(languageInfo('shellscript').family, 'shell');
    assert.equal(languageInfo('yaml').family, 'yaml');
    assert.equal(languageInfo('html').family, 'markup');
    assert.equal(languageInfo('sql').family, 'sql');
    assert.equal(languageInfo('something-new').family, 'plain');
  });
});

describe('compress: task-aware tier', () => {
  it('drops comments, doc comments and the licence header for completion; keeps comments for explain', () => {
    const complete = compressSource(TS, { languageId: 'typescript', tier: 'task', task: 'complete' }).text;
    assert.ok(!complete.includes('Copyright'));
    assert.ok(!complete.includes('cache of parsed'));
    assert.ok(!complete.includes('Loads the store'));
    assert.ok(!complete.includes('skip comments'));
    assert.ok(complete.includes('if (/^#/.test(line)) continue;'), 'regex with # survives');
    assert.ok(jsEquivalent(TS, complete), 'only trivia removed');
    const explain = compressSource(TS, { languageId: 'typescript', tier: 'task', task: 'explain' }).text;
    assert.ok(!explain.includes('Copyright'), 'licence dropped whatever the task');
    assert.ok(explain.includes('// cache of parsed entries'));
    assert.ok(explain.includes('/** Loads the store from disk. */'));
  });

  it('Python: docstrings dropped (pass where the body would be empty), comments dropped, code valid', async function () {
    this.timeout(20000);
    const out = compressSource(PY, { languageId: 'python', tier: 'task', task: 'generate' }).text;
    assert.ok(
      !out.includes('Copyright') &&
        !out.includes('Module docstring') &&
        !out.includes('Parses things') &&
        !out.includes('running total'),
    );
    assert.ok(/def only_doc\(self\):\n\s+pass\n/.test(out));
    assert.ok(out.includes('"""keep\n    this   exactly'), 'string values are not docstrings');
    if (!hasPython) this.skip();
    execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: out });
    const doc = compressSource(PY, { languageId: 'python', tier: 'task', task: 'document' }).text;
    assert.ok(doc.includes('"""Parses things."""') && doc.includes('# running total') && !doc.includes('Copyright'));
  });

  it('keeps directives (ts-ignore, eslint, triple-slash, shebang, coding) whatever the task', () => {
    const src =
      '#!/usr/bin/env node\n/// <reference types="node" />\n// @ts-ignore\nconst a = 1; // eslint-disable-line\n// plain note\n';
    const out = compressSource(src, { languageId: 'typescript', tier: 'task', task: 'complete' }).text;
    assert.ok(
      out.includes('#!/usr/bin/env node') &&
        out.includes('/// <reference') &&
        out.includes('// @ts-ignore') &&
        out.includes('eslint-disable-line'),
    );
    assert.ok(!out.includes('plain note'));
  });

  it('elides base64 blobs, big literal arrays and minified lines with a marker saying how much', () => {
    const blob = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)).toString('base64');
    const arr = Array.from({ length: 500 }, (_, i) => (i * 37) % 1000).join(', ');
    const minified = 'var a=' + Array.from({ length: 400 }, (_, i) => `f${i}(x)`).join('+') + ';';
    const src = `const img = "data:image/png;base64,${blob}";\nconst table = [${arr}];\n${minified}\nexport const z = 1;\n`;
    const r = compressSource(src, { languageId: 'javascript', tier: 'task', task: 'explain' });
    assert.ok(r.text.length < src.length / 4, `${r.text.length} vs ${src.length}`);
    assert.match(r.text, /…\[[\d,]+ chars of base64 elided\]/);
    assert.match(r.text, /\/\* … 492 more items elided \*\//);
    assert.match(r.text, /chars of minified code elided/);
    assert.ok(r.text.includes('export const z = 1;'));
    assert.ok(r.notes.some((n) => /long literals? elided/.test(n)));
  });
});

describe('compress: structural tier', () => {
  const selText = 'return doubled + tripled;';
  const selStart = TS.indexOf(selText);

  it('keeps the selection whole, imports and signatures; elides unreferenced bodies; keeps referenced ones', () => {
    const src = TS.replace(selText, 'return doubled + tripled + new Store().size();');
    const s = src.indexOf('return doubled');
    const sel = { start: s, end: src.indexOf(';', s) + 1 };
    const r = compressSource(src, { languageId: 'typescript', tier: 'structural', task: 'complete', selection: sel });
    const out = r.text;
    assert.ok(out.includes("import { readFile } from 'fs/promises';"));
    assert.ok(out.includes('return doubled + tripled + new Store().size();'));
    assert.ok(out.includes('const doubled = x * 2;'), 'the enclosing function stays');
    assert.ok(out.includes('export function unrelated(a: string): string {'), 'signature kept');
    assert.ok(!out.includes('toUpperCase'), 'unreferenced body elided');
    assert.match(out, /\/\/ … \d+ lines? elided/);
    assert.ok(out.includes('return this.entries.size;'), 'size() is referenced: body kept');
    assert.ok(!out.includes('parts.push'), 'describe() not referenced: elided');
    assert.equal(out.slice(r.selection!.start, r.selection!.end), 'return doubled + tripled + new Store().size();');
  });

  it('Python: def/class outline without editor symbols', () => {
    const s = PY.indexOf('return z');
    const out = compressSource(PY, {
      languageId: 'python',
      tier: 'structural',
      task: 'complete',
      selection: { start: s, end: s + 8 },
    }).text;
    assert.ok(out.includes('import os') && out.includes('def parse(self,') && out.includes('return z'));
    assert.ok(!out.includes('total += len(item)'));
    assert.match(out, /\.\.\. {2}# \d+ lines elided/);
  });

  it('uses editor document symbols when given', () => {
    const lines = TS.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const symbols = [
      {
        name: 'Store',
        kind: 'Class',
        startLine: at(/^export class Store/),
        endLine: at(/^}$/),
        children: [{ name: 'load', kind: 'Method', startLine: at(/async load/), endLine: at(/async load/) + 9 }],
      },
      { name: 'helper', kind: 'Function', startLine: at(/function helper/), endLine: at(/function helper/) + 4 },
      {
        name: 'unrelated',
        kind: 'Function',
        startLine: at(/function unrelated/),
        endLine: at(/function unrelated/) + 4,
      },
    ];
    const r = compressSource(TS, {
      languageId: 'typescript',
      tier: 'structural',
      task: 'complete',
      selection: { start: selStart, end: selStart + selText.length },
      symbols,
    });
    assert.ok(!r.text.includes('readFile(path'), 'load() body elided from symbols');
    assert.ok(!r.text.includes('toUpperCase'));
    assert.ok(r.text.includes(selText));
  });
});

function req(over: Partial<EditorRequest> = {}): EditorRequest {
  const s = TS.indexOf(selText0);
  return {
    task: 'refactor',
    instruction: 'make it faster',
    languageId: 'typescript',
    prefix: TS.slice(0, s),
    selection: selText0,
    suffix: TS.slice(s + selText0.length),
    filePath: '/ws/src/store.ts',
    ...over,
  };
}
const selText0 = '    const doubled = x * 2;\n    const tripled = x * 3;\n';

describe('compress: prepareContext and the budget', () => {
  it('redacts, compresses around the selection and reports tiers', () => {
    const r = prepareContext(req({ instruction: 'use key sk-proj-abcdefghijklmnopqrstuvwx1234' }), {
      maxInputTokens: 16000,
      contextWindow: 65536,
      reservedOutputTokens: 4096,
    });
    assert.equal(r.selection, selText0);
    assert.ok(r.context.includes(SELECTION_MARKER));
    assert.equal(r.contextPrefix + SELECTION_MARKER + r.contextSuffix, r.context);
    assert.ok(r.instruction.includes('[REDACTED:openai-key#1]'));
    assert.deepEqual(r.secrets, [{ kind: 'openai-key', count: 1 }]);
    assert.equal(r.secretsWithheld, 1);
    assert.deepEqual(
      r.tiers.map((t) => t.tier),
      ['original', 'lossless', 'task', 'structural', 'budget'],
    );
    // Each tier costs no more than the one before, except that the context's selection marker is itself a few
    // tokens (counted from the lossless tier on).
    const marker = estimateTokens(SELECTION_MARKER);
    for (let i = 1; i < r.tiers.length; i++)
      assert.ok(r.tiers[i].tokens <= r.tiers[i - 1].tokens + marker, JSON.stringify(r.tiers));
    assert.ok(r.compressedTokens < r.originalTokens);
    assert.equal(r.tokensSaved, r.originalTokens - r.compressedTokens);
    assert.equal(r.truncated, false);
  });

  it('drops the lowest-priority context first: farthest lines go, the selection and nearby lines stay', () => {
    const big = Array.from({ length: 400 }, (_, i) => `const v${i} = compute(${i}, "${'x'.repeat(20)}");`).join('\n');
    const r = prepareContext(
      {
        task: 'explain',
        instruction: '',
        languageId: 'typescript',
        prefix: "import { compute } from './c';\n" + big + '\n',
        selection: 'const target = 1;',
        suffix: '\n' + big.replace(/const v/g, 'const w'),
        filePath: 'a.ts',
      },
      { maxInputTokens: 1200, contextWindow: 65536, reservedOutputTokens: 1000 },
    );
    assert.equal(r.selection, 'const target = 1;');
    assert.ok(r.compressedTokens <= 1200, String(r.compressedTokens));
    assert.ok(r.context.includes(SELECTION_MARKER));
    assert.ok(r.context.includes('const v399 = compute(399'), 'line just before the selection kept');
    assert.ok(!r.context.includes('const v0 = compute(0,'), 'farthest lines dropped');
    assert.ok(r.context.includes('const w0 = compute(0,'), 'line just after the selection kept');
    assert.ok(!r.context.includes('const w399 = compute('), 'farthest lines after dropped');
    assert.ok(r.context.includes("import { compute } from './c';"), 'imports kept');
    assert.match(r.context, /\/\/ … \d+ lines omitted/);
    assert.equal(r.truncated, false);
  });

  it('fits the context window minus reserved output when it is smaller than maxInputTokens', () => {
    const r = prepareContext(req({ task: 'explain' }), {
      maxInputTokens: 16000,
      contextWindow: 700,
      reservedOutputTokens: 300,
    });
    assert.ok(r.compressedTokens <= 400);
  });

  it('trims a selection that alone exceeds the budget and says so', () => {
    const sel = Array.from({ length: 2000 }, (_, i) => `line ${i} of the selection`).join('\n');
    const r = prepareContext(
      {
        task: 'explain',
        instruction: 'explain',
        languageId: 'plaintext',
        selection: sel,
        prefix: 'before\n',
        suffix: '\nafter',
      },
      { maxInputTokens: 1000, contextWindow: 32768, reservedOutputTokens: 1000 },
    );
    assert.equal(r.truncated, true);
    assert.equal(r.context, '');
    assert.ok(estimateTokens(r.selection) + estimateTokens(r.instruction) <= 1000);
    assert.match(r.selection, /selection truncated: \d+ of 2000 lines kept/);
  });

  it('never sends the surrounding text of a sensitive file', () => {
    const r = prepareContext(
      {
        task: 'explain',
        instruction: '',
        languageId: 'dotenv',
        selection: 'PORT=3000',
        prefix: 'DB_PASSWORD=hunter22\n',
        suffix: '\nAPI_TOKEN=abcd1234efgh5678',
        filePath: '/ws/.env.local',
      },
      { maxInputTokens: 4000, contextWindow: 32768, reservedOutputTokens: 1000 },
    );
    assert.equal(r.context, '');
    assert.equal(r.contextWithheldReason, 'sensitive file .env.local is never sent');
    assert.equal(r.selection, 'PORT=3000');
  });

  it('uses a cursor marker when nothing is selected, and keeps indentation for completion', () => {
    const src = 'function f() {\n    const a = 1;\n    ';
    const r = prepareContext(
      { task: 'complete', instruction: '', languageId: 'javascript', selection: '', prefix: src, suffix: '\n}\n' },
      { maxInputTokens: 4000, contextWindow: 32768, reservedOutputTokens: 256 },
    );
    assert.ok(r.context.includes(CURSOR_MARKER));
    assert.ok(r.contextPrefix.includes('    const a = 1;'), 'indentation kept for completion tasks');
  });
});

describe('compress: CLI', () => {
  it('compresses stdin to stdout, stops at --tier, --json reports tokens', async () => {
    const lossless = await runCompressCli(['compress', '--language', 'typescript', '--tier', 'lossless'], TS);
    assert.equal(lossless.exitCode, 0);
    assert.ok(jsEquivalent(TS, lossless.stdout));
    assert.ok(lossless.stdout.includes('Copyright'), 'lossless keeps comments');
    const j = await runCompressCli(
      ['compress', '--language=python', '--task', 'complete', '--tier', 'task', '--json'],
      PY,
    );
    const parsed = JSON.parse(j.stdout);
    assert.equal(typeof parsed.text, 'string');
    assert.ok(parsed.outputTokens < parsed.inputTokens);
    assert.ok(!parsed.text.includes('Module docstring'));
  });

  it('rejects bad arguments with exit code 2', async () => {
    assert.equal((await runCompressCli(['compress'], 'x')).exitCode, 2);
    assert.equal((await runCompressCli(['compress', '--language', 'ts', '--tier', 'nope'], 'x')).exitCode, 2);
    assert.equal((await runCompressCli(['compress', '--language', 'ts', '--task', 'nope'], 'x')).exitCode, 2);
  });
});
