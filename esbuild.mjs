// Bundles the extension and the headless CLI. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The OpenTelemetry SDK, loaded only when export is enabled (src/vscode/telemetry.ts), so it adds nothing to
  // dist/extension.js or to activation.
  { ...common, entryPoints: ['src/vscode/otelBundle.ts'], outfile: 'dist/otel.js' },
  {
    ...common,
    entryPoints: ['media/dashboard/main.ts'],
    outfile: 'dist/dashboard.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    external: [],
  },
  {
    ...common,
    entryPoints: ['media/answer/main.ts'],
    outfile: 'dist/answer.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    external: [],
  },
];

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  writeFileSync('dist/meta.json', JSON.stringify(results[0].metafile));
}
