import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Finds `import ... from 'vscode'`, `require('vscode')` and `import('vscode')` in source text. */
export function importsVscode(source: string): boolean {
  return /(?:from\s*|require\s*\(\s*|import\s*\(\s*|import\s+)['"]vscode['"]/.test(source);
}

describe('src/core stays editor-free', () => {
  it('detects the import forms it looks for', () => {
    assert.ok(importsVscode("import * as vscode from 'vscode';"));
    assert.ok(importsVscode('const v = require("vscode")'));
    assert.ok(importsVscode("import 'vscode';"));
    assert.ok(importsVscode("await import('vscode')"));
    assert.ok(!importsVscode("import { x } from './vscodeish';"));
  });

  it('no file under src/core imports vscode', () => {
    const root = path.join(__dirname, '..', '..', 'src', 'core');
    const files = tsFiles(root);
    assert.ok(files.length > 10, 'expected to scan the core sources');
    const offenders = files.filter((f) => importsVscode(readFileSync(f, 'utf8'))).map((f) => path.relative(root, f));
    assert.deepEqual(offenders, []);
  });
});
