// One outliner (src/core/lang/outline.ts) for the compressor and Document File. These tests fail if the two drift
// apart again: Document File's functions are exactly the named function nodes of the outline the compressor elides
// bodies from, the editor-symbol path and the outline path find the same functions, and the outline's own defects
// that Document File exposed stay fixed.
import { strict as assert } from 'node:assert';
import { findUndocumented, outlineFunctions } from '../../src/core/edits/documentFile';
import { outlineOf, type OutlineNode } from '../../src/core/lang/outline';
import { compressSource } from '../../src/core/compress';
import type { SymbolInfo } from '../../src/core/types';

const SAMPLES: Record<string, string> = {
  go: `package tar

import (
	"errors"
	"fmt"
)

var (
	ErrHeader = errors.New("archive/tar: invalid tar header")
)

type headerError []string

func (he headerError) Error() string {
	const prefix = "archive/tar: cannot encode header"
	return fmt.Sprintf("%s: %v", prefix, []string(he))
}

func (in *Input) Errorf(format string, args ...interface{}) {
	msg := fmt.Sprintf(format, args...)
	panic(msg)
}

func (in *Input) Close() {
}

func helper(a int) int {
	inner := func(x int) int {
		return x * 2
	}
	return inner(a)
}
`,
  typescript: `export class Store {
  private lookup(
    key: string,
    fresh = true,
  ): { value: string; at: number } | undefined {
    const hit = this.map.get(key);
    return hit && fresh ? hit : undefined;
  }

  stats(): { entries: number } {
    return { entries: this.map.size };
  }
}

export async function runCli(
  args: string[],
): Promise<{ stdout: string; exitCode: number }> {
  const out = args.join(' ');
  return { stdout: out, exitCode: 0 };
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
`,
  python: `def area(r):
    """Usage:

    def not_a_function_here(x):
        return x
    """
    return 3.14 * r * r


class Shape:
    def scale(self, k):
        def helper(v):
            return v * k
        return helper(self.size)
`,
  java: `public class Cart {
    private final List<Integer> items = new ArrayList<>();

    public Cart(int capacity) {
        this.capacity = capacity;
    }

    public Map<String, Integer> totals(List<Item> list) {
        Map<String, Integer> out = new HashMap<>();
        return out;
    }
}
`,
  rust: `impl Parser {
    pub fn parse(&mut self, input: &str) -> Result<Ast, Error> {
        let tokens = self.lex(input)?;
        Ok(Ast::new(tokens))
    }
}

fn main() {
    let p = Parser::default();
    println!("{:?}", p);
}
`,
  ruby: `class Greeter
  def initialize(name)
    @name = name
  end

  def greet
    text = <<~TEXT
      def not_a_method
      end
    TEXT
    puts text
  end
end
`,
};

/** Named function nodes, top level and in containers, not inside another function: what Document File documents. */
function functionNodes(nodes: readonly OutlineNode[], out: string[] = []): string[] {
  for (const n of nodes) {
    if (n.kind === 'function' && n.name) out.push(`${n.name}@${n.startLine}-${n.endLine}`);
    else functionNodes(n.children, out);
  }
  return out;
}

describe('one outliner for the compressor and Document File', () => {
  for (const [lang, text] of Object.entries(SAMPLES)) {
    it(`${lang}: Document File's functions are the outline's function nodes`, () => {
      const fromDocFile = outlineFunctions(text, lang).map((f) => `${f.name}@${f.startLine}-${f.endLine}`);
      const fromOutline = functionNodes(outlineOf(text, lang)).filter((x) => !/^constructor@/.test(x));
      assert.deepEqual(
        fromDocFile,
        fromOutline.sort((a, b) => Number(a.split('@')[1].split('-')[0]) - Number(b.split('@')[1].split('-')[0])),
      );
    });
  }

  it('finds what each language declares, and nothing inside strings, calls or other functions', () => {
    const names = (lang: string) => outlineFunctions(SAMPLES[lang], lang).map((f) => f.name);
    // Go: the receiver is not the name; import/var blocks are not functions; interface{} in a signature is no body
    // an empty body is still a function to document
    assert.deepEqual(names('go'), ['Error', 'Errorf', 'Close', 'helper']);
    // TS: object types in a signature, and a call with a callback is not a declaration
    assert.deepEqual(names('typescript'), ['lookup', 'stats', 'runCli']);
    // Python: a def inside a docstring is text; a def inside a def is a local helper
    assert.deepEqual(names('python'), ['area', 'scale']);
    assert.deepEqual(names('java'), ['Cart', 'totals']);
    assert.deepEqual(names('rust'), ['parse', 'main']);
    // Ruby: def ... end by indentation; a heredoc's text is not read
    assert.deepEqual(names('ruby'), ['initialize', 'greet']);
  });

  it("the editor's symbols and the outline find the same undocumented functions", () => {
    for (const lang of ['go', 'typescript', 'java', 'rust']) {
      const text = SAMPLES[lang];
      // LSP-shaped symbols built from the outline: Function/Method kinds, containers with children
      const toSymbols = (nodes: readonly OutlineNode[], inContainer: boolean): SymbolInfo[] =>
        nodes.flatMap((n): SymbolInfo[] => {
          if (n.kind === 'function' && n.name)
            return [
              { name: n.name, kind: inContainer ? 'Method' : 'Function', startLine: n.startLine, endLine: n.endLine },
            ];
          if (n.kind === 'container')
            return [
              {
                name: n.name,
                kind: 'Class',
                startLine: n.startLine,
                endLine: n.endLine,
                children: toSymbols(n.children, true),
              },
            ];
          return toSymbols(n.children, inContainer);
        });
      const symbols = toSymbols(outlineOf(text, lang), false);
      const viaSymbols = findUndocumented(text, lang, symbols).map((i) => [i.name, i.declLine, i.insertLine]);
      const viaOutline = findUndocumented(text, lang).map((i) => [i.name, i.declLine, i.insertLine]);
      assert.deepEqual(viaSymbols, viaOutline, lang);
    }
  });

  it('the structural tier keeps the signature and elides the body of each function Document File finds', () => {
    for (const lang of ['go', 'typescript', 'java', 'rust']) {
      const text = SAMPLES[lang];
      const lines = text.split('\n');
      const out = compressSource(text, { languageId: lang, tier: 'structural', task: 'explain' }).text;
      const kept = new Set(out.split('\n').map((l) => l.trim()));
      for (const f of outlineFunctions(text, lang)) {
        assert.ok(kept.has(lines[f.startLine].trim()), `${lang}: ${f.name}'s first line is kept\n${out}`);
        // a body of one line is not worth a marker; two or more are elided
        const bodyLines = lines.slice(f.startLine + 1, f.endLine).filter((l) => /[;)\w]\s*$/.test(l)).length;
        if (bodyLines >= 2)
          assert.ok(!kept.has(lines[f.endLine - 1].trim()), `${lang}: ${f.name}'s last body line is elided\n${out}`);
      }
    }
  });
});
