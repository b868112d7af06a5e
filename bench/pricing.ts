// Cost truth: every recorded provider transcript (test/fixtures/transcripts) replayed byte for byte through the real
// client and priced at its moment; counts those whose cost matches the hand-computed figure to 1e-9 USD.
import { loadTranscripts, matches, replay } from '../test/fixtures/transcripts/replay';

type Figures = Record<string, { value: number; unit: string; note: string }>;

export async function runPricingBench(): Promise<Figures> {
  const all = loadTranscripts();
  let exact = 0;
  const wrong: string[] = [];
  for (const [name, t] of Object.entries(all)) {
    if (matches(t, await replay(t))) exact++;
    else wrong.push(name);
  }
  const n = Object.keys(all).length;
  return {
    price_transcripts_exact: {
      value: exact,
      unit: 'transcripts',
      note: `recorded provider responses priced to within 1e-9 USD of the hand-computed bill (or refused at $0 with the right error kind)${wrong.length ? `; wrong: ${wrong.join(', ')}` : ''}`,
    },
    price_transcripts_total: {
      value: n,
      unit: 'transcripts',
      note: 'DeepSeek recorded answer, reasoner stream and answer (reasoning_content, cache-hit fields), OpenRouter usage.cost, DeepSeek 402, OpenAI 404, a 429; each with its source in the file',
    },
  };
}
