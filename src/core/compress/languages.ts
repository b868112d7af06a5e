// Language ids (VS Code's) mapped to the families the compressor knows, with the lexical options each needs.

export type Family = 'clike' | 'python' | 'shell' | 'yaml' | 'markup' | 'markdown' | 'sql' | 'plain';

export interface LanguageInfo {
  languageId: string;
  family: Family;
  /** JS/TS: template literals with ${}, regex literals. */
  js?: boolean;
  /** Double-quoted strings may span lines (Rust, PHP, shell-like). */
  dqMultiline?: boolean;
  /** Single-quoted strings may span lines (PHP). */
  sqMultiline?: boolean;
  /** """ ... """ strings (Java/Kotlin/Swift/Scala/Dart/Groovy/C# raw). */
  tripleDq?: boolean;
  /** ''' ... ''' strings (Dart, Groovy). */
  tripleSq?: boolean;
  /** `...` raw strings without escapes (Go). */
  backtickRaw?: boolean;
  /** Block comments nest (Rust, Swift, Kotlin, Scala). */
  nestedComments?: boolean;
  /** `//` line comments exist (false for plain CSS). */
  lineComments?: boolean;
  /** `#` line comments (PHP). */
  hashComments?: boolean;
  /** Rust raw strings r#"..."#, lifetimes. */
  rust?: boolean;
  /** C++ raw strings R"d(...)d". */
  cppRaw?: boolean;
  /** C# verbatim @"..." strings. */
  csVerbatim?: boolean;
  /** Line comments continue over a trailing backslash (C, C++). */
  cBackslashComments?: boolean;
  /** Indentation carries meaning beyond what re-basing may change (Makefile recipes, Markdown). */
  keepIndent?: boolean;
  /** Comment syntax for markers. */
  comment: { line?: string; open?: string; close?: string };
}

const SLASH = { line: '//', open: '/*', close: '*/' };
const HASH = { line: '#' };

const clike = (id: string, extra: Partial<LanguageInfo> = {}): LanguageInfo => ({
  languageId: id, family: 'clike', lineComments: true, comment: SLASH, ...extra,
});

const TABLE: Record<string, LanguageInfo> = {};
function add(ids: string[], make: (id: string) => LanguageInfo) {
  for (const id of ids) TABLE[id] = make(id);
}

add(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'js', 'ts', 'jsx', 'tsx', 'mjs', 'cjs', 'vue-js'],
  (id) => clike(id, { js: true }));
add(['java', 'kotlin', 'scala', 'groovy', 'dart', 'swift'], (id) => clike(id, {
  tripleDq: true,
  tripleSq: id === 'dart' || id === 'groovy',
  nestedComments: id === 'kotlin' || id === 'scala' || id === 'swift',
  dqMultiline: id === 'dart' ? false : false,
}));
add(['c', 'cpp', 'objective-c', 'objective-cpp', 'cuda-cpp', 'hlsl', 'glsl', 'arduino'], (id) => clike(id, { cppRaw: id !== 'c', cBackslashComments: true }));
add(['csharp'], (id) => clike(id, { csVerbatim: true, tripleDq: true }));
add(['go'], (id) => clike(id, { backtickRaw: true }));
add(['rust'], (id) => clike(id, { rust: true, dqMultiline: true, nestedComments: true }));
add(['php'], (id) => clike(id, { dqMultiline: true, sqMultiline: true, hashComments: true }));
add(['json', 'jsonc', 'json5', 'jsonl'], (id) => clike(id, { lineComments: id !== 'json' && id !== 'jsonl' }));
add(['css'], (id) => clike(id, { lineComments: false, comment: { open: '/*', close: '*/' } }));
add(['scss', 'less', 'stylus', 'solidity', 'zig', 'proto', 'proto3', 'd', 'haxe', 'actionscript', 'verilog', 'systemverilog', 'hcl', 'terraform'],
  (id) => clike(id));

add(['python', 'py', 'jupyter', 'cython', 'starlark', 'bazel'], (id) => ({ languageId: id, family: 'python', comment: HASH }));

add(['shellscript', 'bash', 'sh', 'zsh', 'fish', 'ksh', 'dockerfile', 'ruby', 'perl', 'r', 'powershell', 'toml', 'ini', 'properties',
  'dotenv', 'env', 'makefile', 'cmake', 'nginx', 'gitignore', 'ignore', 'elixir', 'julia', 'nim', 'coffeescript', 'tcl', 'awk', 'conf'],
  (id) => ({ languageId: id, family: 'shell', dqMultiline: true, keepIndent: id === 'makefile', comment: HASH }));
add(['yaml', 'yml', 'github-actions-workflow', 'dockercompose'], (id) => ({ languageId: id, family: 'yaml', comment: HASH }));

add(['html', 'xml', 'xsl', 'svg', 'vue', 'svelte', 'astro', 'razor', 'handlebars', 'jinja', 'django-html', 'php-html', 'xhtml'],
  (id) => ({ languageId: id, family: 'markup', comment: { open: '<!--', close: '-->' } }));
add(['markdown', 'md', 'mdx', 'restructuredtext', 'asciidoc', 'latex', 'tex'],
  (id) => ({ languageId: id, family: 'markdown', keepIndent: true, comment: { open: '<!--', close: '-->' } }));

add(['sql', 'mysql', 'pgsql', 'postgres', 'plsql', 'tsql', 'sqlite', 'mssql', 'oraclesql', 'snowflake-sql', 'bigquery'],
  (id) => ({ languageId: id, family: 'sql', comment: { line: '--', open: '/*', close: '*/' } }));

add(['plaintext', 'text', 'txt', 'log'], (id) => ({ languageId: id, family: 'plain', keepIndent: false, comment: {} }));

const EXT: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', mts: 'typescript', cts: 'typescript', js: 'javascript', jsx: 'javascriptreact',
  mjs: 'javascript', cjs: 'javascript', py: 'python', pyi: 'python', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript',
  yml: 'yaml', yaml: 'yaml', md: 'markdown', html: 'html', htm: 'html', xml: 'xml', sql: 'sql', java: 'java', c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', hpp: 'cpp', cs: 'csharp', go: 'go', rs: 'rust', php: 'php', rb: 'ruby', json: 'json', css: 'css',
  scss: 'scss', kt: 'kotlin', swift: 'swift', txt: 'plaintext', toml: 'toml',
};

/** Language info for a VS Code language id (or a file extension); unknown ids are plain text. */
export function languageInfo(languageId: string): LanguageInfo {
  const id = (languageId || 'plaintext').toLowerCase();
  return TABLE[id] ?? TABLE[EXT[id] ?? ''] ?? { languageId: id, family: 'plain', comment: {} };
}
