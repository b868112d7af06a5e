// `frugal compress`: source on stdin; compressed text on stdout, or with --json {text, inputTokens, outputTokens}.
import { parseArgs } from 'node:util';
import { estimateTokens } from '../tokens';
import { TASKS, type Task } from '../types';
import { compressSource, COMPRESS_TIERS, type CompressTier } from './index';

export const COMPRESS_USAGE =
  'usage: compress --language L [--task T] [--tier lossless|task|structural] [--selection START:END] [--json]';
const USAGE = COMPRESS_USAGE;

const OPTIONS = {
  language: { type: 'string', short: 'l' },
  lang: { type: 'string' },
  task: { type: 'string' },
  tier: { type: 'string' },
  selection: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCompressCli(
  args: string[],
  stdin: string,
): Promise<{ stdout: string; exitCode: number; stderr?: string }> {
  let parsed;
  try {
    // A leading `compress` (the command's own name) is accepted, as the argument list may be the whole argv.
    parsed = parseArgs({ args: args[0] === 'compress' ? args.slice(1) : args, options: OPTIONS, strict: true });
  } catch (err) {
    return { stdout: '', exitCode: 2, stderr: `${(err as Error).message}\n${USAGE}\n` };
  }
  const { values } = parsed;
  if (values.help) return { stdout: USAGE + '\n', exitCode: 0 };
  const language = values.language ?? values.lang;
  let task: Task | undefined;
  let tier: CompressTier = 'structural';
  let selection: { start: number; end: number } | undefined;
  if (values.task !== undefined) {
    if (!TASKS.includes(values.task as Task)) {
      return {
        stdout: '',
        exitCode: 2,
        stderr: `unknown task "${values.task}" (one of ${TASKS.join(', ')})\n${USAGE}\n`,
      };
    }
    task = values.task as Task;
  }
  if (values.tier !== undefined) {
    if (!COMPRESS_TIERS.includes(values.tier as CompressTier)) {
      const tiers = COMPRESS_TIERS.join(', ');
      return { stdout: '', exitCode: 2, stderr: `unknown tier "${values.tier}" (one of ${tiers})\n${USAGE}\n` };
    }
    tier = values.tier as CompressTier;
  }
  if (values.selection !== undefined) {
    const m = /^(\d+):(\d+)$/.exec(values.selection);
    if (!m) return { stdout: '', exitCode: 2, stderr: `--selection wants START:END character offsets\n${USAGE}\n` };
    selection = { start: +m[1], end: +m[2] };
  }
  if (!language) return { stdout: '', exitCode: 2, stderr: `--language is required\n${USAGE}\n` };
  try {
    const r = compressSource(stdin, { languageId: language, task, tier, selection });
    if (!values.json) return { stdout: r.text, exitCode: 0 };
    return {
      stdout:
        JSON.stringify({
          text: r.text,
          inputTokens: estimateTokens(stdin),
          outputTokens: estimateTokens(r.text),
          notes: r.notes,
        }) + '\n',
      exitCode: 0,
    };
  } catch (err) {
    return { stdout: '', exitCode: 1, stderr: `compress failed: ${(err as Error).message}\n` };
  }
}
