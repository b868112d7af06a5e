// Where the tests for a source file live, by the project's own convention: an existing test file for it if there is
// one; else the style and place the other tests in that folder, a `__tests__`/`test(s)`/`spec` folder next to it, or
// one in a parent folder use; else the language's usual default. Paths are POSIX; the editor lists directories.
import * as path from 'node:path';

const p = path.posix;

export interface DirEntry {
  name: string;
  isDir: boolean;
}

/** Lists a directory, undefined when it does not exist. */
export type ListDir = (dir: string) => Promise<DirEntry[] | undefined>;

export interface TestFilePlan {
  /** where the test file is or goes */
  path: string;
  exists: boolean;
  /** how the test imports the source (JS/TS: a relative module specifier) */
  importPath?: string;
  /** an existing test file to imitate (framework, imports, style) */
  sample?: string;
  /** how the choice was made, for the log and the diff title */
  reason: string;
}

type Family = 'js' | 'python' | 'go' | 'ruby' | 'jvm' | 'csharp' | 'php' | 'dart' | 'swift' | 'other';

const TEST_DIR_NAMES = ['__tests__', 'test', 'tests', 'spec', 'specs'];

function familyOf(ext: string): Family {
  switch (ext) {
    case '.ts':
    case '.tsx':
    case '.js':
    case '.jsx':
    case '.mjs':
    case '.cjs':
    case '.mts':
    case '.cts':
    case '.vue':
    case '.svelte':
      return 'js';
    case '.py':
      return 'python';
    case '.go':
      return 'go';
    case '.rb':
      return 'ruby';
    case '.java':
    case '.kt':
    case '.scala':
    case '.groovy':
      return 'jvm';
    case '.cs':
      return 'csharp';
    case '.php':
      return 'php';
    case '.dart':
      return 'dart';
    case '.swift':
      return 'swift';
    default:
      return 'other';
  }
}

const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** Test-file names for a source file, the most usual first. */
export function testNamesFor(fileName: string): string[] {
  const ext = p.extname(fileName);
  const base = fileName.slice(0, fileName.length - ext.length);
  const testExt = ext === '.vue' || ext === '.svelte' ? '.ts' : ext;
  switch (familyOf(ext)) {
    case 'js':
      return [`${base}.test${testExt}`, `${base}.spec${testExt}`];
    case 'python':
      return [`test_${base}.py`, `${base}_test.py`];
    case 'go':
      return [`${base}_test.go`];
    case 'ruby':
      return [`${base}_spec.rb`, `test_${base}.rb`, `${base}_test.rb`];
    case 'jvm':
      return [`${cap(base)}Test${ext}`, `${cap(base)}Tests${ext}`, `${cap(base)}Spec${ext}`];
    case 'csharp':
      return [`${cap(base)}Tests.cs`, `${cap(base)}Test.cs`];
    case 'php':
      return [`${cap(base)}Test.php`];
    case 'dart':
      return [`${base}_test.dart`];
    case 'swift':
      return [`${cap(base)}Tests.swift`];
    default:
      return [`${base}_test${ext}`, `test_${base}${ext}`];
  }
}

/** Whether a file name is a test of the given family, and in which naming style (index into testNamesFor). */
function testStyle(name: string, family: Family): number | undefined {
  switch (family) {
    case 'js': {
      const m = /\.(test|spec)\.[cm]?[jt]sx?$/.exec(name);
      return m ? (m[1] === 'test' ? 0 : 1) : undefined;
    }
    case 'python':
      return /^test_.*\.py$/.test(name) ? 0 : /_test\.py$/.test(name) ? 1 : undefined;
    case 'go':
      return /_test\.go$/.test(name) ? 0 : undefined;
    case 'ruby':
      return /_spec\.rb$/.test(name) ? 0 : /^test_.*\.rb$/.test(name) ? 1 : /_test\.rb$/.test(name) ? 2 : undefined;
    case 'jvm':
      return /Test\.\w+$/.test(name) ? 0 : /Tests\.\w+$/.test(name) ? 1 : /Spec\.\w+$/.test(name) ? 2 : undefined;
    case 'csharp':
      return /Tests\.cs$/.test(name) ? 0 : /Test\.cs$/.test(name) ? 1 : undefined;
    case 'php':
      return /Test\.php$/.test(name) ? 0 : undefined;
    case 'dart':
      return /_test\.dart$/.test(name) ? 0 : undefined;
    case 'swift':
      return /Tests\.swift$/.test(name) ? 0 : undefined;
    default:
      return /(_test|^test_)/.test(name) ? 0 : undefined;
  }
}

interface TestDirInfo {
  dir: string;
  /** test files of the family directly in it */
  tests: string[];
  styles: number[];
}

/** Module specifier from a JS/TS test file to its source: './foo', '../../src/core/foo'. */
export function importSpecifier(testFile: string, sourceFile: string): string {
  let rel = p.relative(p.dirname(testFile), sourceFile).replace(/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/, '');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

function majority(styles: number[]): number {
  const counts = new Map<number, number>();
  for (const s of styles) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best = 0;
  let bestN = -1;
  for (const [s, n] of counts)
    if (n > bestN || (n === bestN && s < best)) {
      best = s;
      bestN = n;
    }
  return best;
}

/**
 * Chooses the test file for `sourceFile`. `root` bounds the walk up (the workspace folder); at most `maxDirs`
 * directories are listed.
 */
export async function planTestFile(
  sourceFile: string,
  listDir: ListDir,
  opts: { root?: string; maxDirs?: number } = {},
): Promise<TestFilePlan> {
  const fileName = p.basename(sourceFile);
  const ext = p.extname(fileName);
  const family = familyOf(ext);
  const names = testNamesFor(fileName);
  const dir = p.dirname(sourceFile);
  const root = opts.root && (dir === opts.root || dir.startsWith(`${opts.root}/`)) ? opts.root : p.parse(dir).root;
  let budget = opts.maxDirs ?? 120;
  const listing = new Map<string, DirEntry[] | undefined>();
  const list = async (d: string) => {
    if (listing.has(d)) return listing.get(d);
    if (budget-- <= 0) return undefined;
    const entries = await listDir(d).catch(() => undefined);
    listing.set(d, entries);
    return entries;
  };
  const finish = (target: string, exists: boolean, reason: string, sample?: string): TestFilePlan => ({
    path: target,
    exists,
    reason,
    sample: sample && sample !== target ? sample : exists ? target : sample,
    importPath: family === 'js' ? importSpecifier(target, sourceFile) : undefined,
  });

  // Go keeps tests beside the code, always.
  if (family === 'go') {
    const entries = await list(dir);
    const target = p.join(dir, names[0]);
    const exists = !!entries?.some((e) => !e.isDir && e.name === names[0]);
    return finish(target, exists, exists ? 'the existing test file' : 'Go tests live beside the code');
  }

  // Java/Kotlin under src/main/<lang>/: mirror into src/test/<lang>/.
  const mainAt = dir.indexOf('/src/main/');
  if (family === 'jvm' && mainAt >= 0) {
    const testDir = `${dir.slice(0, mainAt)}/src/test/${dir.slice(mainAt + '/src/main/'.length)}`;
    const entries = await list(testDir);
    for (const n of names)
      if (entries?.some((e) => !e.isDir && e.name === n))
        return finish(p.join(testDir, n), true, 'the existing test file');
    return finish(p.join(testDir, names[0]), false, 'src/main mirrored into src/test');
  }

  const info = async (d: string): Promise<TestDirInfo | undefined> => {
    const entries = await list(d);
    if (!entries) return undefined;
    const tests: string[] = [];
    const styles: number[] = [];
    for (const e of entries) {
      if (e.isDir) continue;
      const s = testStyle(e.name, family);
      if (s !== undefined) {
        tests.push(p.join(d, e.name));
        styles.push(s);
      }
    }
    return { dir: d, tests, styles };
  };
  const has = (i: TestDirInfo | undefined, n: string) => !!i && i.tests.some((t) => p.basename(t) === n);

  // 1. beside the source, or in a test folder right inside its folder
  const here = await info(dir);
  for (const n of names)
    if (has(here, n)) return finish(p.join(dir, n), true, 'the existing test file beside the source');
  const entries = (await list(dir)) ?? [];
  const childTestDirs: TestDirInfo[] = [];
  for (const name of TEST_DIR_NAMES) {
    if (!entries.some((e) => e.isDir && e.name === name)) continue;
    const i = await info(p.join(dir, name));
    if (!i) continue;
    for (const n of names) if (has(i, n)) return finish(p.join(i.dir, n), true, `the existing test file in ${name}/`);
    childTestDirs.push(i);
  }

  // 2. test folders of the parent folders, searched a few levels deep (test/unit/..., tests/core/...)
  const ancestors: string[] = [];
  for (let d = p.dirname(dir); ; d = p.dirname(d)) {
    ancestors.push(d);
    if (d === root || d === p.dirname(d) || ancestors.length >= 6) break;
  }
  if (dir === root) ancestors.length = 0;
  const found: (TestDirInfo & { testRoot: string })[] = [];
  const walk = async (d: string, testRoot: string, depth: number) => {
    const i = await info(d);
    if (!i) return;
    found.push({ ...i, testRoot });
    if (depth >= 3) return;
    for (const e of (await list(d)) ?? [])
      if (e.isDir && !e.name.startsWith('.') && e.name !== 'node_modules' && e.name !== 'fixtures')
        await walk(p.join(d, e.name), testRoot, depth + 1);
  };
  for (const a of ancestors) {
    const aEntries = await list(a);
    if (!aEntries) continue;
    for (const name of TEST_DIR_NAMES)
      if (aEntries.some((e) => e.isDir && e.name === name)) await walk(p.join(a, name), p.join(a, name), 1);
    for (const f of found)
      for (const n of names)
        if (has(f, n))
          return finish(p.join(f.dir, n), true, `the existing test file in ${p.relative(root, f.dir) || '.'}`);
    if (found.some((f) => f.tests.length)) break; // the nearest parent with tests sets the convention
  }

  // 3. no test for this file yet: follow the convention nearest to it
  if (here && here.tests.length) {
    const style = majority(here.styles);
    return finish(
      p.join(dir, names[style] ?? names[0]),
      false,
      `like the ${here.tests.length} test file(s) beside it`,
      here.tests[0],
    );
  }
  const child = childTestDirs.find((c) => c.tests.length);
  if (child) {
    return finish(
      p.join(child.dir, names[majority(child.styles)] ?? names[0]),
      false,
      `like the tests in ${p.basename(child.dir)}/`,
      child.tests[0],
    );
  }
  const withTests = found.filter((f) => f.tests.length);
  if (withTests.length) {
    // prefer a folder mirroring the source's own sub-path (src/core/x.ts -> test/core/ or test/unit/core/), else the
    // folder holding most tests
    const testRoot = withTests[0].testRoot;
    const base = p.dirname(testRoot);
    const relSrc = p.relative(base, dir).split('/').filter(Boolean);
    const relTail = relSrc[0] === 'src' || relSrc[0] === 'lib' || relSrc[0] === 'app' ? relSrc.slice(1) : relSrc;
    const sameRoot = withTests.filter((f) => f.testRoot === testRoot);
    let best = sameRoot.reduce((a, b) => (b.tests.length > a.tests.length ? b : a));
    for (let k = relTail.length; k > 0; k--) {
      const tail = relTail.slice(0, k).join('/');
      const mirror = sameRoot.find((f) => f.dir.endsWith(`/${tail}`));
      if (mirror) {
        best = mirror;
        break;
      }
    }
    const style = majority(withTests.flatMap((f) => f.styles));
    return finish(
      p.join(best.dir, names[style] ?? names[0]),
      false,
      `like the ${withTests.reduce((n, f) => n + f.tests.length, 0)} test file(s) under ${p.relative(root, testRoot) || testRoot}`,
      best.tests[0],
    );
  }

  // 4. defaults
  if (family === 'python') {
    const testsDir =
      found.find((f) => p.basename(f.dir) === 'tests') ?? childTestDirs.find((c) => p.basename(c.dir) === 'tests');
    if (testsDir) return finish(p.join(testsDir.dir, names[0]), false, 'the tests/ folder');
  }
  if (family === 'dart') {
    const libAt = dir.lastIndexOf('/lib');
    if (libAt >= 0)
      return finish(
        p.join(`${dir.slice(0, libAt)}/test${dir.slice(libAt + 4)}`, names[0]),
        false,
        'lib/ mirrored into test/',
      );
  }
  return finish(p.join(dir, names[0]), false, 'no tests found nearby: beside the source');
}

/** Words for the prompt about the test framework an existing test file uses. */
export function frameworkHint(sampleText: string): string | undefined {
  const t = sampleText.slice(0, 4000);
  if (/from ['"]vitest['"]/.test(t)) return 'vitest';
  if (/from ['"]@jest\/globals['"]|\bjest\.(fn|mock)\(/.test(t)) return 'jest';
  if (/from ['"]node:test['"]/.test(t)) return 'node:test';
  if (/from ['"]mocha['"]|\bdescribe\(|\bit\(/.test(t))
    return /\bexpect\(/.test(t) ? 'describe/it with expect' : 'mocha (describe/it) with node:assert';
  if (/^\s*import pytest|@pytest\./m.test(t)) return 'pytest';
  if (/unittest\.TestCase/.test(t)) return 'unittest';
  if (/\bfunc Test\w+\(t \*testing\.T\)/.test(t)) return 'Go testing';
  if (/org\.junit/.test(t)) return 'JUnit';
  if (/RSpec\.describe|\bdescribe ['"]/.test(t)) return 'RSpec';
  return undefined;
}
