// Each language's own tokenizer or parser, used to check the compressor (in test/system and bench/compress.ts):
// Python's tokenize and ast, Go's go/scanner, javac's parser, clang's raw lexer and rustc's parser and pretty-printer
// (which prints doc comments byte for byte, so a changed `///` line or a re-indented `/** */` body shows). None is
// bundled: .ci/run installs them from Debian (python3, golang-go, default-jdk-headless, clang, rustc, rust-src).
// `oracleAvailable` says which are here, so a test can skip with a message outside CI and fail inside it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type OracleName = 'python' | 'go' | 'java' | 'clang' | 'rustc';

/** What each oracle needs on PATH (Debian package in brackets). */
export const ORACLE_COMMANDS: Record<OracleName, { command: string; args: string[]; apt: string }> = {
  python: { command: 'python3', args: ['--version'], apt: 'python3' },
  go: { command: 'go', args: ['version'], apt: 'golang-go' },
  java: { command: 'javac', args: ['-version'], apt: 'default-jdk-headless' },
  clang: { command: 'clang', args: ['--version'], apt: 'clang' },
  rustc: { command: rustcPath(), args: ['--version'], apt: 'rustc' },
};

/** Debian's rustc (the corpus is Debian's rust-src of the same version), else whatever is on PATH. */
function rustcPath(): string {
  return fs.existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc';
}

export function oracleAvailable(name: OracleName): boolean {
  const o = ORACLE_COMMANDS[name];
  const r = spawnSync(o.command, o.args, { stdio: 'ignore' });
  return r.status === 0;
}

export interface Pair {
  id: string;
  /** the original text */
  a: string;
  /** the compressed text */
  b: string;
}

/** ok: same tokens (or parses); fail: differs; skip: the original itself does not tokenize/parse. */
export type Verdict = { status: 'ok' | 'fail' | 'skip'; detail?: string };

/**
 * Runs `command` once, writing each of `items` to its stdin (as one JSON line unless `encode` says otherwise) and
 * reading one JSON verdict per line back.
 */
export async function jsonLines<T extends { id: string }>(
  command: string,
  args: string[],
  items: T[],
  env?: NodeJS.ProcessEnv,
  encode: (item: T) => string = (item) => JSON.stringify(item) + '\n',
): Promise<Map<string, Verdict>> {
  const res = new Map<string, Verdict>();
  if (!items.length) return res;
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim()) {
        const r = JSON.parse(line) as { id: string; status: Verdict['status']; detail?: string };
        res.set(r.id, { status: r.status, detail: r.detail });
      }
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('close', () => resolve());
    child.on('error', reject);
  });
  for (const item of items) {
    if (!child.stdin.write(encode(item))) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  await done;
  return res;
}

// ---------------------------------------------------------------------------------------------------------------
// Python

const PY_PARSE = String.raw`
import sys, json, ast, warnings
warnings.simplefilter('ignore')
for line in sys.stdin:
    r = json.loads(line)
    try:
        ast.parse(r['a'])
    except Exception:
        print(json.dumps({'id': r['id'], 'status': 'skip'}), flush=True); continue
    try:
        ast.parse(r['b'])
        print(json.dumps({'id': r['id'], 'status': 'ok'}), flush=True)
    except SyntaxError as e:
        print(json.dumps({'id': r['id'], 'status': 'fail', 'detail': '%s at line %s: %r' % (e.msg, e.lineno, (e.text or '').rstrip())}), flush=True)
    except Exception as e:
        print(json.dumps({'id': r['id'], 'status': 'fail', 'detail': repr(e)}), flush=True)
`;

/** Whether each compressed text still parses with Python's own parser (ast.parse), where the original does. */
export function pythonParses(pairs: Pair[]): Promise<Map<string, Verdict>> {
  return jsonLines('python3', ['-c', PY_PARSE], pairs);
}

// ---------------------------------------------------------------------------------------------------------------
// Go: go/scanner token streams without comments

const GO_SCAN =
  `package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
)

type pair struct {
	ID string ` +
  '`json:"id"`' +
  `
	A  string ` +
  '`json:"a"`' +
  `
	B  string ` +
  '`json:"b"`' +
  `
}

func toks(src string) ([]string, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, len(src))
	var s scanner.Scanner
	var firstErr error
	s.Init(file, []byte(src), func(pos token.Position, msg string) {
		if firstErr == nil {
			firstErr = fmt.Errorf("%s: %s", pos, msg)
		}
	}, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		out = append(out, tok.String()+" "+lit)
	}
	return out, firstErr
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<20), 64<<20)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var p pair
		if err := json.Unmarshal(in.Bytes(), &p); err != nil {
			panic(err)
		}
		a, err := toks(p.A)
		if err != nil {
			enc.Encode(map[string]string{"id": p.ID, "status": "skip"})
			continue
		}
		b, err := toks(p.B)
		status, detail := "ok", ""
		if err != nil {
			status, detail = "fail", err.Error()
		} else if len(a) != len(b) {
			status, detail = "fail", fmt.Sprintf("%d tokens vs %d", len(a), len(b))
		} else {
			for i := range a {
				if a[i] != b[i] {
					status, detail = "fail", fmt.Sprintf("token %d: %q vs %q", i, a[i], b[i])
					break
				}
			}
		}
		enc.Encode(map[string]string{"id": p.ID, "status": status, "detail": detail})
	}
}
`;

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Whether each compressed Go text scans (go/scanner, comments skipped) to the same tokens as the original. */
export async function goTokensEqual(pairs: Pair[]): Promise<Map<string, Verdict>> {
  const dir = tempDir('frugal-goscan-');
  try {
    const src = path.join(dir, 'main.go');
    fs.writeFileSync(src, GO_SCAN);
    const bin = path.join(dir, 'goscan');
    execFileSync('go', ['build', '-o', bin, src], {
      cwd: dir,
      stdio: 'inherit',
      env: { ...process.env, GO111MODULE: 'off' },
    });
    return await jsonLines(bin, [], pairs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Java: javac's parser; the compilation unit printed back (plain comments are not part of the tree; javadoc is,
// compared without trailing spaces and blank lines, which the rendered HTML ignores)

const JAVA_PARSE = `
import com.sun.source.util.JavacTask;
import com.sun.source.tree.CompilationUnitTree;
import javax.tools.*;
import java.io.*;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class JavaParse {
  static String parse(String src) throws Exception {
    JavaCompiler c = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    JavaFileObject f = new SimpleJavaFileObject(URI.create("string:///X.java"), JavaFileObject.Kind.SOURCE) {
      public CharSequence getCharContent(boolean ignore) { return src; }
    };
    JavacTask task = (JavacTask) c.getTask(null, null, diags, List.of("-proc:none"), null, List.of(f));
    StringBuilder sb = new StringBuilder();
    for (CompilationUnitTree t : task.parse()) sb.append(t.toString());
    for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics())
      if (d.getKind() == Diagnostic.Kind.ERROR) throw new Exception("line " + d.getLineNumber() + ": " + d.getMessage(null));
    return sb.toString();
  }
  public static void main(String[] args) throws Exception {
    // "parse": only whether the compressed text parses (the structural tier elides bodies on purpose)
    boolean parseOnly = args.length > 0 && args[0].equals("parse");
    // Input: for each pair three lines: id, original, compressed, each as a JSON string.
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String id;
    while ((id = in.readLine()) != null) {
      String a = unjson(in.readLine()), b = unjson(in.readLine());
      String status = "ok", detail = "";
      String ta;
      try { ta = parse(a); } catch (Exception e) { out.println("{\\"id\\":" + id + ",\\"status\\":\\"skip\\"}"); continue; }
      try { String tb = parse(b); if (!parseOnly && !norm(ta).equals(norm(tb))) { status = "fail"; detail = "the parse trees differ"; } }
      catch (Exception e) { status = "fail"; detail = e.getMessage(); }
      out.println("{\\"id\\":" + id + ",\\"status\\":\\"" + status + "\\",\\"detail\\":" + json(detail) + "}");
    }
  }
  // The printed tree carries javadoc text; its trailing spaces and blank lines do not change the rendered HTML.
  static String norm(String s) {
    return s.replaceAll("[ \\t]+(?=\\n|$)", "").replaceAll("\\n+", "\\n");
  }
  static String json(String s) {
    StringBuilder sb = new StringBuilder("\\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\\\') sb.append('\\\\').append(ch);
      else if (ch < 32) sb.append(String.format("\\\\u%04x", (int) ch));
      else sb.append(ch);
    }
    return sb.append('"').toString();
  }
  static String unjson(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < s.length() - 1; i++) {
      char ch = s.charAt(i);
      if (ch != '\\\\') { sb.append(ch); continue; }
      char e = s.charAt(++i);
      switch (e) {
        case 'n': sb.append('\\n'); break;
        case 't': sb.append('\\t'); break;
        case 'r': sb.append('\\r'); break;
        case 'b': sb.append('\\b'); break;
        case 'f': sb.append('\\f'); break;
        case 'u': sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
        default: sb.append(e);
      }
    }
    return sb.toString();
  }
}
`;

/** Whether each compressed Java text parses (javac) to the same tree as the original (`parseOnly`: parses at all). */
export async function javaTreesEqual(pairs: Pair[], parseOnly = false): Promise<Map<string, Verdict>> {
  const dir = tempDir('frugal-javaparse-');
  try {
    fs.writeFileSync(path.join(dir, 'JavaParse.java'), JAVA_PARSE);
    execFileSync('javac', ['-d', dir, path.join(dir, 'JavaParse.java')], { stdio: 'inherit' });
    // One pair is three lines: its id, the original and the compressed text, each a JSON string.
    return await jsonLines(
      'java',
      ['-cp', dir, 'JavaParse', ...(parseOnly ? ['parse'] : [])],
      pairs,
      undefined,
      (p) => `${JSON.stringify(p.id)}\n${JSON.stringify(p.a)}\n${JSON.stringify(p.b)}\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// C and C++: clang's raw lexer (no preprocessing, so no headers are needed), comments and whitespace skipped

function clangTokens(file: string, cpp: boolean): string[] | undefined {
  const r = spawnSync('clang', ['-cc1', '-dump-raw-tokens', ...(cpp ? ['-x', 'c++', '-std=c++20'] : []), file], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  // -dump-raw-tokens prints to stderr
  const text = r.stderr ?? '';
  if (r.status !== 0 && !text) return undefined;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\w+) '([\s\S]*?)'\t(\s*\[StartOfLine\])?/.exec(line);
    if (!m) continue;
    if (m[1] === 'comment' || (m[1] === 'unknown' && /^\s*$/.test(m[2]))) continue;
    out.push(`${m[1]} ${m[2]}${m[3] ? ' ^' : ''}`);
  }
  return out;
}

/** Whether each compressed C/C++ text lexes (clang, raw mode) to the same tokens, line starts included. */
export function clangTokensEqual(pairs: Pair[], cpp: boolean): Map<string, Verdict> {
  const dir = tempDir('frugal-clang-');
  const res = new Map<string, Verdict>();
  try {
    const ext = cpp ? '.cpp' : '.c';
    for (const [k, p] of pairs.entries()) {
      const fa = path.join(dir, `a${k}${ext}`);
      const fb = path.join(dir, `b${k}${ext}`);
      fs.writeFileSync(fa, p.a);
      fs.writeFileSync(fb, p.b);
      const a = clangTokens(fa, cpp);
      const b = clangTokens(fb, cpp);
      if (!a) res.set(p.id, { status: 'skip' });
      else if (!b) res.set(p.id, { status: 'fail', detail: 'clang could not lex the output' });
      else res.set(p.id, firstDifference(a, b));
    }
    return res;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function nonBlank(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/^\s+/, ''));
}

function firstDifference(a: string[], b: string[]): Verdict {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i])
      return { status: 'fail', detail: `token ${i}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}` };
  }
  return a.length === b.length ? { status: 'ok' } : { status: 'fail', detail: `${a.length} tokens vs ${b.length}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Rust: rustc parses and pretty-prints (-Zunpretty=normal; RUSTC_BOOTSTRAP lets a stable rustc take the -Z flag,
// for this check only). The printout keeps doc comments exactly and drops other comments and layout.

function rustPretty(file: string): { ok: boolean; text: string } {
  const r = spawnSync(ORACLE_COMMANDS.rustc.command, ['-Zunpretty=normal', '--edition=2021', file], {
    encoding: 'utf8',
    env: { ...process.env, RUSTC_BOOTSTRAP: '1' },
    maxBuffer: 256 << 20,
  });
  return { ok: r.status === 0, text: r.stdout ?? '' };
}

/** Whether each compressed Rust text pretty-prints (rustc) exactly like the original, doc comments included. */
export function rustPrettyEqual(pairs: Pair[]): Map<string, Verdict> {
  const dir = tempDir('frugal-rustc-');
  const res = new Map<string, Verdict>();
  try {
    for (const [k, p] of pairs.entries()) {
      const fa = path.join(dir, `a${k}.rs`);
      const fb = path.join(dir, `b${k}.rs`);
      fs.writeFileSync(fa, p.a);
      fs.writeFileSync(fb, p.b);
      const a = rustPretty(fa);
      if (!a.ok) {
        res.set(p.id, { status: 'skip' });
        continue;
      }
      const b = rustPretty(fb);
      if (!b.ok) res.set(p.id, { status: 'fail', detail: 'rustc could not parse the output' });
      // The printer also reprints plain comments as written, so their re-indented lines and old blank lines show:
      // lines are compared without leading whitespace and blank lines. Trailing spaces (a `///` line's Markdown
      // break) still count; a `/** */` body's indentation is checked byte for byte in test/system.
      else res.set(p.id, firstDifference(nonBlank(a.text), nonBlank(b.text)));
    }
    return res;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Corpora on this machine, from the same Debian packages as the oracles

/** Files under `root` whose names match `ext`, sorted, every `step`-th one up to `limit`, between 200 B and 400 KB. */
export function corpusFiles(root: string, ext: RegExp, limit: number, skip?: RegExp): { path: string; text: string }[] {
  const all: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (skip?.test(p)) continue;
      if (e.isDirectory()) walk(p);
      else if (ext.test(e.name)) all.push(p);
    }
  };
  walk(root);
  const out: { path: string; text: string }[] = [];
  const step = Math.max(1, Math.floor(all.length / (limit * 1.3)));
  for (let i = 0; i < all.length && out.length < limit; i += step) {
    try {
      const st = fs.statSync(all[i]);
      if (st.size < 200 || st.size > 400_000) continue;
      const text = fs.readFileSync(all[i], 'utf8');
      if (text.includes('\u0000')) continue;
      out.push({ path: all[i], text });
    } catch {
      /* unreadable: not in the corpus */
    }
  }
  return out;
}

export const CORPUS_ROOTS = {
  python: () => {
    try {
      return execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"])
        .toString()
        .trim();
    } catch {
      return '';
    }
  },
  go: () => {
    try {
      return path.join(execFileSync('go', ['env', 'GOROOT']).toString().trim(), 'src');
    } catch {
      return '';
    }
  },
  rust: () => '/usr/lib/rustlib/src/rust/library',
  c: () => '/usr/include',
  cpp: () => '/usr/include/c++',
};

/** Java sources: the JDK's src.zip (Debian openjdk-17-source), unpacked once into a temp folder. */
export function javaCorpus(limit: number): { path: string; text: string }[] {
  const zips = ['/usr/lib/jvm/default-java/lib/src.zip', '/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip'];
  const zip = zips.find((z) => fs.existsSync(z));
  if (!zip) return [];
  const dir = path.join(os.tmpdir(), 'frugal-java-corpus');
  if (!fs.existsSync(path.join(dir, 'java.base'))) {
    fs.mkdirSync(dir, { recursive: true });
    const r = spawnSync('unzip', ['-q', '-o', zip, 'java.base/java/util/*', 'java.base/java/lang/*', '-d', dir], {
      stdio: 'ignore',
    });
    if (r.status !== 0 && !fs.existsSync(path.join(dir, 'java.base'))) return [];
  }
  return corpusFiles(dir, /\.java$/, limit);
}
