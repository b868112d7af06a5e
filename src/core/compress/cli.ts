// `frugal compress`: source on stdin; compressed text on stdout, or with --json {text, inputTokens, outputTokens}.
import { estimateTokens } from '../tokens';
import { TASKS, type Task } from '../types';
import { compressSource, COMPRESS_TIERS, type CompressTier } from './index';

const USAGE = 'usage: compress --language L [--task T] [--tier lossless|task|structural] [--selection START:END] [--json]';

export async function runCompressCli(args: string[], stdin: string): Promise<{ stdout: string; exitCode: number; stderr?: string }> {
  let language: string | undefined;
  let task: Task | undefined;
  let tier: CompressTier = 'structural';
  let json = false;
  let selection: { start: number; end: number } | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case 'compress': break;
      case '--language': case '--lang': case '-l': language = value(); break;
      case '--task': {
        const t = value();
        if (!TASKS.includes(t as Task)) return { stdout: '', exitCode: 2, stderr: `unknown task "${t}" (one of ${TASKS.join(', ')})\n${USAGE}\n` };
        task = t as Task; break;
      }
      case '--tier': {
        const t = value();
        if (!COMPRESS_TIERS.includes(t as CompressTier)) return { stdout: '', exitCode: 2, stderr: `unknown tier "${t}" (one of ${COMPRESS_TIERS.join(', ')})\n${USAGE}\n` };
        tier = t as CompressTier; break;
      }
      case '--selection': {
        const m = /^(\d+):(\d+)$/.exec(value() ?? '');
        if (!m) return { stdout: '', exitCode: 2, stderr: `--selection wants START:END character offsets\n${USAGE}\n` };
        selection = { start: +m[1], end: +m[2] }; break;
      }
      case '--json': json = true; break;
      case '--help': case '-h': return { stdout: USAGE + '\n', exitCode: 0 };
      default: return { stdout: '', exitCode: 2, stderr: `unknown argument "${a}"\n${USAGE}\n` };
    }
  }
  if (!language) return { stdout: '', exitCode: 2, stderr: `--language is required\n${USAGE}\n` };
  try {
    const r = compressSource(stdin, { languageId: language, task, tier, selection });
    if (!json) return { stdout: r.text, exitCode: 0 };
    return {
      stdout: JSON.stringify({ text: r.text, inputTokens: estimateTokens(stdin), outputTokens: estimateTokens(r.text), notes: r.notes }) + '\n',
      exitCode: 0,
    };
  } catch (err) {
    return { stdout: '', exitCode: 1, stderr: `compress failed: ${(err as Error).message}\n` };
  }
}
