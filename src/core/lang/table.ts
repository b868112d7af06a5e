// The one language table. Every module that needs to know a language reads it here: the lexer (which spans are
// strings and comments), the cache-key normaliser (what may be dropped), the compressor's outlines and markers, the
// answer checker (which comments and brackets a fenced block has), the doc writer (which doc-comment style) and the
// router's wording (the language's name). Adding a language is one entry; an id nobody listed is plain text.

/** Which lexer reads the language (lang/lexer.ts). `generic` is driven by the entry's comment and quote fields. */
export type Family = 'clike' | 'python' | 'shell' | 'yaml' | 'markup' | 'markdown' | 'sql' | 'generic' | 'plain';

/** How Document File writes a doc comment. */
export type DocStyle = 'jsdoc' | 'python' | 'slashes3' | 'go' | 'hash';

/** What the cache-key normaliser may change without changing what the code means (cache/normalise.ts). */
export interface KeyRules {
  /** 'drop': indentation is not syntax; 'rank': it is, keep its nesting order (Python, YAML, Makefile, Haskell) */
  indent: 'drop' | 'rank';
  /** spaces between a word and punctuation carry no meaning (`a + b` == `a+b`); else runs collapse to one space */
  dropSpaces: boolean;
  /** keep blank lines (collapsed to one); code drops them */
  keepBlankLines?: boolean;
  /** lines starting with `#` (C preprocessor) keep their spaces: `#define f (x)` differs from `#define f(x)` */
  preprocessor?: boolean;
  /** comments are content here (prose: an HTML comment in Markdown, a `#` in plain text) */
  keepComments?: boolean;
}

/** A quote the generic lexer knows: `open` ... `close`, with or without backslash escapes, on one line or many. */
export interface QuoteSpec {
  open: string;
  close: string;
  escape: boolean;
  multiline: boolean;
}

export interface LanguageInfo {
  /** the id this entry was looked up by (lower case) */
  languageId: string;
  /** the canonical VS Code language id of the entry */
  id: string;
  /** the language's name in sentences ("TypeScript"); the id when the table has none */
  name: string;
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
  /** `//` line comments exist (false for plain CSS and JSON). */
  lineComments?: boolean;
  /** `#` line comments (PHP). */
  hashComments?: boolean;
  /** Rust raw strings r#"..."#, lifetimes; `//!` and `/*!` are doc comments too. */
  rust?: boolean;
  /** C++ raw strings R"d(...)d". */
  cppRaw?: boolean;
  /** C# verbatim @"..." strings. */
  csVerbatim?: boolean;
  /** Line comments continue over a trailing backslash (C, C++). */
  cBackslashComments?: boolean;
  /** Indentation carries meaning beyond what re-basing may change (Makefile recipes, Markdown, Haskell layout). */
  keepIndent?: boolean;
  /**
   * Doc comments are part of the program's output (Rust: `///` and `/** *\/` become `#[doc]` attributes; Javadoc; so their
   * bytes, trailing spaces and inner indentation included, are rendered docs). The lossless tier keeps them exact.
   */
  docIsContent?: boolean;
  /** Comment syntax: `line` is the language's usual line comment (markers use it), open/close its block comment. */
  comment: { line?: string; open?: string; close?: string };
  /** Generic lexer: every line-comment opener, block comment pair and quote. */
  generic?: { lineComments: string[]; blockComments: [string, string][]; quotes: QuoteSpec[] };
  key: KeyRules;
  doc: DocStyle;
  /** Brackets are structural, so an unbalanced fenced block is a cut-off answer (the router's checker). */
  brackets: boolean;
  /** A stylesheet: `//` and `#` are not comments the checker may trust. */
  stylesheet?: boolean;
  /** Prose, not code: completing it is writing text. */
  prose?: boolean;
  /** Blocks are made by indentation (outlines, completion shaping, doc comments below the signature). */
  indentBlocks?: boolean;
}

type Options = Omit<LanguageInfo, 'languageId' | 'id' | 'name' | 'key' | 'doc' | 'brackets' | 'comment'> & {
  name?: string;
  key?: KeyRules;
  doc?: DocStyle;
  brackets?: boolean;
  comment?: LanguageInfo['comment'];
};

const SLASH = { line: '//', open: '/*', close: '*/' };
const HASH = { line: '#' };
const CODE: KeyRules = { indent: 'drop', dropSpaces: true };
const LOOSE: KeyRules = { indent: 'drop', dropSpaces: false };
const PROSE: KeyRules = { indent: 'rank', dropSpaces: false, keepBlankLines: true, keepComments: true };

const q = (open: string, escape = true, multiline = false, close = open): QuoteSpec => ({
  open,
  close,
  escape,
  multiline,
});

const TABLE = new Map<string, LanguageInfo>();
/** Ids whose entry gave a name (the others carry their canonical id as a name). */
const NAMED = new Set<string>();
/** Every id an entry answers to, canonical first, in table order (for tests and docs). */
export const LANGUAGE_IDS: string[] = [];

/**
 * One entry: `ids` are the canonical VS Code id first, then aliases (other editors' ids, fence names, file
 * extensions). Each id gets its own copy so per-id options (`perId`) can differ within a family.
 */
function add(ids: string, make: (id: string) => Options): void {
  const list = ids.split(/\s+/).filter(Boolean);
  for (const id of list) {
    if (TABLE.has(id)) throw new Error(`language table: ${id} listed twice`);
    const o = make(id);
    const { name, key, doc, brackets, comment, ...rest } = o;
    if (name !== undefined) NAMED.add(id);
    TABLE.set(id, {
      languageId: id,
      id: list[0],
      name: name ?? list[0],
      key: key ?? CODE,
      doc: doc ?? 'jsdoc',
      brackets: brackets ?? true,
      comment: comment ?? {},
      ...rest,
    });
    LANGUAGE_IDS.push(id);
  }
}

const clike = (extra: Partial<Options> = {}): Options => ({
  family: 'clike',
  lineComments: true,
  comment: SLASH,
  ...extra,
});
const hashy = (extra: Partial<Options> = {}): Options => ({
  family: 'shell',
  dqMultiline: true,
  comment: HASH,
  key: LOOSE,
  doc: 'hash',
  ...extra,
});

// --- C-like -------------------------------------------------------------------------------------------------------
add('typescript ts mts cts', () => clike({ js: true, name: 'TypeScript' }));
add('typescriptreact tsx', () => clike({ js: true, name: 'TypeScript React' }));
add('javascript js mjs cjs vue-js', () => clike({ js: true, name: 'JavaScript' }));
add('javascriptreact jsx', () => clike({ js: true, name: 'JavaScript React' }));
// Javadoc text is rendered (leading spaces inside <pre> blocks too), so the lossless tier keeps it exact, like Rust's.
add('java', () => clike({ tripleDq: true, docIsContent: true, name: 'Java' }));
add('kotlin kt', () => clike({ tripleDq: true, nestedComments: true, name: 'Kotlin' }));
add('scala', () => clike({ tripleDq: true, nestedComments: true, name: 'Scala' }));
add('groovy', () => clike({ tripleDq: true, tripleSq: true }));
add('dart', () => clike({ tripleDq: true, tripleSq: true, name: 'Dart' }));
// Swift gives meaning to spaces around operators (`a -b`), so the key only collapses them.
add('swift', () => clike({ tripleDq: true, nestedComments: true, name: 'Swift', key: LOOSE }));
add('c h', () => clike({ cBackslashComments: true, name: 'C', key: { ...CODE, preprocessor: true } }));
add('cpp c++ cc hpp cxx hh', () =>
  clike({ cppRaw: true, cBackslashComments: true, name: 'C++', key: { ...CODE, preprocessor: true } }),
);
add('objective-c objectivec', () =>
  clike({ cppRaw: true, cBackslashComments: true, name: 'Objective-C', key: { ...CODE, preprocessor: true } }),
);
add('objective-cpp cuda-cpp hlsl glsl arduino', () =>
  clike({ cppRaw: true, cBackslashComments: true, key: { ...CODE, preprocessor: true } }),
);
add('csharp cs c#', () =>
  clike({ csVerbatim: true, tripleDq: true, name: 'C#', doc: 'slashes3', key: { ...CODE, preprocessor: true } }),
);
add('fsharp', () => clike({ doc: 'slashes3' }));
add('go golang', () => clike({ backtickRaw: true, name: 'Go', doc: 'go' }));
add('rust rs', () =>
  clike({ rust: true, dqMultiline: true, nestedComments: true, docIsContent: true, name: 'Rust', doc: 'slashes3' }),
);
add('php', () => clike({ dqMultiline: true, sqMultiline: true, hashComments: true, name: 'PHP' }));
add('json', () => clike({ lineComments: false, name: 'JSON' }));
add('jsonc', () => clike({ name: 'JSON' }));
add('json5', () => clike());
add('jsonl', () => clike({ lineComments: false }));
add('css', () =>
  clike({ lineComments: false, comment: { open: '/*', close: '*/' }, name: 'CSS', key: LOOSE, stylesheet: true }),
);
add('scss', () => clike({ name: 'SCSS', key: LOOSE, stylesheet: true }));
add('less sass stylus', () => clike({ key: LOOSE, stylesheet: true }));
add('solidity zig proto proto3 d haxe actionscript verilog systemverilog', () => clike());
// Terraform/HCL take `#`, `//` and `/* */`; `#` is the usual one, so the checker does not read `//` as a comment.
add('terraform hcl tf', (id) =>
  clike({
    comment: { line: '#', open: '/*', close: '*/' },
    name: id === 'terraform' ? 'Terraform' : id === 'hcl' ? 'HCL' : undefined,
  }),
);

// --- Python -------------------------------------------------------------------------------------------------------
const PY_KEY: KeyRules = { indent: 'rank', dropSpaces: true };
add('python py pyi python3 jupyter cython starlark bazel gdscript', (id) => ({
  family: 'python',
  comment: HASH,
  key: PY_KEY,
  doc: 'python',
  indentBlocks: true,
  name: id === 'python' ? 'Python' : undefined,
}));

// --- shell-like: # comments, quotes, heredocs ---------------------------------------------------------------------
add('shellscript', () => hashy({ name: 'shell', brackets: true }));
add('bash sh zsh fish shell', () => hashy({ name: 'shell', brackets: false }));
add('ksh dockerfile', (id) => hashy({ name: id === 'dockerfile' ? 'Dockerfile' : undefined, doc: 'jsdoc' }));
add('ruby rb crystal', (id) => hashy({ name: id === 'ruby' ? 'Ruby' : undefined }));
add('perl pl perl6 raku', (id) => hashy({ name: id === 'perl' ? 'Perl' : undefined }));
add('r', () => hashy({ name: 'R' }));
add('elixir ex exs', (id) => hashy({ name: id === 'elixir' ? 'Elixir' : undefined }));
add('coffeescript coffee', () => hashy());
add('powershell ps1 pwsh', () => hashy({ name: 'PowerShell', brackets: false, doc: 'jsdoc' }));
add('toml', () => hashy({ name: 'TOML', doc: 'jsdoc' }));
add('ini', () => hashy({ brackets: false, doc: 'jsdoc' }));
add('makefile make', (id) =>
  hashy({
    keepIndent: true,
    name: id === 'makefile' ? 'Makefile' : undefined,
    key: { indent: 'rank', dropSpaces: false },
    doc: 'jsdoc',
  }),
);
add('julia jl nim tcl cmake nginx conf awk sed graphql gql properties dotenv env gitignore ignore', () =>
  hashy({ doc: 'jsdoc' }),
);

add('yaml yml github-actions-workflow dockercompose', (id) => ({
  family: 'yaml',
  comment: HASH,
  key: { indent: 'rank', dropSpaces: false },
  brackets: false,
  name: id === 'yaml' ? 'YAML' : undefined,
}));

// --- markup and prose ---------------------------------------------------------------------------------------------
const MARKUP = { open: '<!--', close: '-->' };
add('html xml svg handlebars hbs jinja jinja2 django-html', (id) => ({
  family: 'markup',
  comment: MARKUP,
  key: LOOSE,
  brackets: false,
  name: id === 'html' ? 'HTML' : id === 'xml' ? 'XML' : undefined,
}));
add('vue svelte xsl astro razor php-html xhtml', (id) => ({
  family: 'markup',
  comment: MARKUP,
  key: LOOSE,
  name: id === 'vue' ? 'Vue' : id === 'svelte' ? 'Svelte' : undefined,
}));
add('erb ejs liquid', () => ({ family: 'markup', comment: MARKUP, key: LOOSE, brackets: false }));
add('markdown md mdx', (id) => ({
  family: 'markdown',
  keepIndent: true,
  comment: MARKUP,
  key: PROSE,
  brackets: false,
  prose: id !== 'md',
  name: id === 'markdown' ? 'Markdown' : undefined,
}));
add('restructuredtext asciidoc latex tex', (id) => ({
  family: 'markdown',
  keepIndent: true,
  comment: MARKUP,
  key: PROSE,
  prose: id !== 'tex',
}));

// --- SQL and languages read by the generic lexer ------------------------------------------------------------------
add('sql mysql pgsql postgres postgresql plsql tsql sqlite mssql oraclesql snowflake-sql bigquery', (id) => ({
  family: 'sql',
  comment: { line: '--', open: '/*', close: '*/' },
  name: id === 'sql' ? 'SQL' : undefined,
}));
const DQ = q('"');
const SQ = q("'");
add('lua', () => ({
  family: 'generic',
  comment: { line: '--', open: '--[[', close: ']]' },
  generic: { lineComments: ['--'], blockComments: [['--[[', ']]']], quotes: [DQ, SQ, q('[[', false, true, ']]')] },
  name: 'Lua',
}));
add('haskell hs elm purescript', (id) => ({
  family: 'generic',
  keepIndent: true,
  comment: { line: '--', open: '{-', close: '-}' },
  generic: { lineComments: ['--'], blockComments: [['{-', '-}']], quotes: [DQ] },
  key: { indent: 'rank', dropSpaces: false },
  name: id === 'haskell' ? 'Haskell' : undefined,
}));
add('ada vhdl', () => ({
  family: 'generic',
  comment: { line: '--' },
  generic: { lineComments: ['--'], blockComments: [], quotes: [DQ] },
}));
add('clojure clj lisp scheme racket elisp emacs-lisp commonlisp', () => ({
  family: 'generic',
  comment: { line: ';' },
  generic: { lineComments: [';'], blockComments: [], quotes: [q('"', true, true)] },
  key: LOOSE,
}));

// --- text that is neither code nor markup: its brackets and comments mean nothing -----------------------------------
add('plaintext text txt', (id) => ({
  family: 'plain',
  key: PROSE,
  brackets: false,
  prose: id !== 'txt',
  name: id === 'plaintext' ? 'plain text' : undefined,
}));
add('git-commit', () => ({ family: 'plain', key: PROSE, brackets: false, prose: true, name: 'commit message' }));
add('git-rebase', () => ({ family: 'plain', key: PROSE, brackets: false, prose: true }));
add('log', () => ({ family: 'plain', key: PROSE, brackets: false, name: 'log' }));
add('diff patch', (id) => ({ family: 'plain', key: PROSE, brackets: false, name: id === 'diff' ? 'diff' : undefined }));
add('console output bat cmd csv tsv mermaid plantuml dot regex http', () => ({
  family: 'plain',
  key: PROSE,
  brackets: false,
}));

/** File extensions that are not ids in their own right. */
const EXT: Record<string, string> = {
  htm: 'html',
  yml: 'yaml',
  cs: 'csharp',
};

const UNKNOWN = (id: string): LanguageInfo => ({
  languageId: id,
  id,
  name: id,
  family: 'plain',
  comment: {},
  key: PROSE,
  doc: 'jsdoc',
  brackets: true,
});

/** The table's entry for a VS Code language id, an alias or a file extension; unknown ids are plain text. */
export function languageInfo(languageId: string): LanguageInfo {
  const id = (languageId || 'plaintext').toLowerCase();
  return TABLE.get(id) ?? TABLE.get(EXT[id] ?? '') ?? UNKNOWN(id);
}

/** Whether the table lists `languageId` (unknown ids fall back to plain text). */
export function isKnownLanguage(languageId: string): boolean {
  const id = (languageId || '').toLowerCase();
  return TABLE.has(id) || TABLE.has(EXT[id] ?? '');
}

/** The language's name for a sentence ("TypeScript"), or undefined when the table gives it none. */
export function languageName(languageId: string): string | undefined {
  return LANGUAGE_NAMES[(languageId || '').toLowerCase()];
}

/** Ids whose entries are prose (for the router's completion rule). */
export const PROSE_LANGUAGES: ReadonlySet<string> = new Set(
  [...TABLE.values()].filter((l) => l.prose).map((l) => l.languageId),
);

/** The name of every id that has one (the router's wording). */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  [...TABLE.values()].filter((l) => NAMED.has(l.languageId)).map((l) => [l.languageId, l.name]),
);
