// Headless routing for `node dist/cli.js route`: one JSON request per line in, one JSON decision per line out.
// Never throws: a bad line yields {"error": "..."} naming the problem, so one bad line cannot stop a batch.
import type { FrugalConfig } from '../config';
import { TASKS, type DiagnosticInfo, type EditorRequest, type Task } from '../types';
import { route } from './route';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function optionalString(obj: Record<string, unknown>, key: string): string | undefined | Error {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : new Error(`"${key}" must be a string`);
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

function parseDiagnostics(v: unknown): DiagnosticInfo[] | Error | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return new Error('"diagnostics" must be an array');
  const out: DiagnosticInfo[] = [];
  for (const d of v) {
    if (!isRecord(d) || typeof d.message !== 'string') return new Error('each diagnostic needs a "message" string');
    const severity =
      typeof d.severity === 'string' && SEVERITIES.has(d.severity)
        ? (d.severity as DiagnosticInfo['severity'])
        : 'error';
    out.push({ message: d.message, severity, line: typeof d.line === 'number' ? d.line : 0 });
  }
  return out;
}

/**
 * Routes one JSON line `{task, instruction, languageId, selection}` (optionally `prefix`, `suffix`, `diagnostics`)
 * and returns the decision as one JSON line:
 * `{tier, model, reason, estimatedCostUsd, estimatedInputTokens, estimatedOutputTokens, classifiedTier}`.
 */
export function routeJsonLine(line: string, config: FrugalConfig): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ error: `bad JSON: ${(e as Error).message}` });
  }
  if (!isRecord(parsed))
    return JSON.stringify({
      error:
        'expected a JSON object like {"task": "explain", "instruction": "", "languageId": "python", "selection": "..."}',
    });
  const task = parsed.task;
  if (typeof task !== 'string' || !(TASKS as readonly string[]).includes(task)) {
    const got = task === undefined ? 'missing task' : `unknown task ${JSON.stringify(task)}`;
    return JSON.stringify({ error: `${got}; expected one of ${TASKS.join(', ')}` });
  }
  const fields: Record<string, string | undefined> = {};
  for (const key of ['instruction', 'languageId', 'selection', 'prefix', 'suffix', 'filePath']) {
    const v = optionalString(parsed, key);
    if (v instanceof Error) return JSON.stringify({ error: v.message });
    fields[key] = v;
  }
  const diagnostics = parseDiagnostics(parsed.diagnostics);
  if (diagnostics instanceof Error) return JSON.stringify({ error: diagnostics.message });

  const req: EditorRequest = {
    task: task as Task,
    instruction: fields.instruction ?? '',
    languageId: fields.languageId ?? 'plaintext',
    selection: fields.selection ?? '',
    prefix: fields.prefix,
    suffix: fields.suffix,
    filePath: fields.filePath,
    diagnostics,
  };
  try {
    const d = route(req, config);
    return JSON.stringify({
      tier: d.tier,
      model: d.model.id,
      reason: d.reason,
      estimatedCostUsd: d.estimatedCostUsd,
      estimatedInputTokens: d.estimatedInputTokens,
      estimatedOutputTokens: d.estimatedOutputTokens,
      classifiedTier: d.classifiedTier,
    });
  } catch (e) {
    return JSON.stringify({ error: (e as Error).message });
  }
}
