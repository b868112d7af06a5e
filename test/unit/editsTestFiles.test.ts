import { strict as assert } from 'node:assert';
import {
  frameworkHint,
  importSpecifier,
  planTestFile,
  testNamesFor,
  type DirEntry,
} from '../../src/core/edits/testFiles';

/** An in-memory file tree from a list of file paths. */
function tree(files: string[]) {
  const dirs = new Map<string, Map<string, boolean>>();
  const add = (dir: string, name: string, isDir: boolean) => {
    if (!dirs.has(dir)) dirs.set(dir, new Map());
    dirs.get(dir)!.set(name, isDir || dirs.get(dir)!.get(name) === true);
  };
  for (const f of files) {
    const parts = f.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) add('/' + parts.slice(0, i).join('/'), parts[i], i < parts.length - 1);
  }
  const listed: string[] = [];
  const listDir = async (d: string): Promise<DirEntry[] | undefined> => {
    listed.push(d);
    const m = dirs.get(d === '' ? '/' : d.replace(/\/$/, '') || '/');
    return m ? [...m].map(([name, isDir]) => ({ name, isDir })) : undefined;
  };
  return { listDir, listed };
}

describe('test file conventions', () => {
  it('names tests per language', () => {
    assert.deepEqual(testNamesFor('cart.ts'), ['cart.test.ts', 'cart.spec.ts']);
    assert.deepEqual(testNamesFor('cart.py'), ['test_cart.py', 'cart_test.py']);
    assert.deepEqual(testNamesFor('cart.go'), ['cart_test.go']);
    assert.deepEqual(testNamesFor('Cart.java')[0], 'CartTest.java');
  });

  it('opens the existing test file wherever the project keeps it', async () => {
    const { listDir } = tree([
      '/w/src/core/cart.ts',
      '/w/test/unit/cart.test.ts',
      '/w/test/unit/other.test.ts',
      '/w/package.json',
    ]);
    const plan = await planTestFile('/w/src/core/cart.ts', listDir, { root: '/w' });
    assert.equal(plan.path, '/w/test/unit/cart.test.ts');
    assert.equal(plan.exists, true);
    assert.equal(plan.importPath, '../../src/core/cart');
  });

  it('follows the tests beside the source (.spec style)', async () => {
    const { listDir } = tree(['/w/src/cart.ts', '/w/src/order.spec.ts', '/w/src/pay.spec.ts']);
    const plan = await planTestFile('/w/src/cart.ts', listDir, { root: '/w' });
    assert.deepEqual(
      [plan.path, plan.exists, plan.importPath, plan.sample],
      ['/w/src/cart.spec.ts', false, './cart', '/w/src/order.spec.ts'],
    );
  });

  it('follows a __tests__ folder next to the source', async () => {
    const { listDir } = tree(['/w/src/cart.js', '/w/src/__tests__/order.test.js']);
    const plan = await planTestFile('/w/src/cart.js', listDir, { root: '/w' });
    assert.equal(plan.path, '/w/src/__tests__/cart.test.js');
    assert.equal(plan.importPath, '../cart');
  });

  it('mirrors the source folder inside a sibling test folder when the project does', async () => {
    const { listDir } = tree([
      '/w/src/core/cart.ts',
      '/w/test/core/order.test.ts',
      '/w/test/ui/view.test.ts',
      '/w/test/ui/menu.test.ts',
    ]);
    const plan = await planTestFile('/w/src/core/cart.ts', listDir, { root: '/w' });
    assert.equal(plan.path, '/w/test/core/cart.test.ts');
  });

  it('Python: test_ files in tests/; Go: beside the code', async () => {
    const py = tree(['/w/pkg/shapes.py', '/w/tests/test_other.py']);
    assert.equal((await planTestFile('/w/pkg/shapes.py', py.listDir, { root: '/w' })).path, '/w/tests/test_shapes.py');
    const pySuffix = tree(['/w/pkg/shapes.py', '/w/pkg/other_test.py']);
    assert.equal(
      (await planTestFile('/w/pkg/shapes.py', pySuffix.listDir, { root: '/w' })).path,
      '/w/pkg/shapes_test.py',
    );
    const go = tree(['/w/cmd/server.go', '/w/tests/x_test.go']);
    assert.equal((await planTestFile('/w/cmd/server.go', go.listDir, { root: '/w' })).path, '/w/cmd/server_test.go');
  });

  it('Java: src/main mirrored into src/test', async () => {
    const { listDir } = tree(['/w/src/main/java/shop/Cart.java']);
    assert.equal(
      (await planTestFile('/w/src/main/java/shop/Cart.java', listDir, { root: '/w' })).path,
      '/w/src/test/java/shop/CartTest.java',
    );
  });

  it('defaults to beside the source when no test is found, and never walks above the workspace', async () => {
    const { listDir, listed } = tree(['/w/lib/cart.ts', '/elsewhere/test/x.test.ts']);
    const plan = await planTestFile('/w/lib/cart.ts', listDir, { root: '/w' });
    assert.equal(plan.path, '/w/lib/cart.test.ts');
    assert.ok(
      listed.every((d) => d.startsWith('/w')),
      listed.join(', '),
    );
  });

  it('computes import specifiers and names the framework in use', () => {
    assert.equal(importSpecifier('/w/src/cart.test.ts', '/w/src/cart.ts'), './cart');
    assert.equal(frameworkHint("import { describe, it, expect } from 'vitest';"), 'vitest');
    assert.equal(
      frameworkHint("import { strict as assert } from 'node:assert';\ndescribe('x', () => { it('y', () => {}); });"),
      'mocha (describe/it) with node:assert',
    );
    assert.equal(frameworkHint('import pytest\n'), 'pytest');
  });
});
