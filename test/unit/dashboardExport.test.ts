import { strict as assert } from 'node:assert';
import {
  CSV_COLUMNS,
  csvField,
  ledgerToCsv,
  ledgerToJson,
  neutraliseFormula,
  plainNumber,
} from '../../src/core/dashboard';
import type { LedgerRecord } from '../../src/core/types';

const base: LedgerRecord = {
  v: 1,
  id: 'id-1',
  requestId: 'req-1',
  attempt: 1,
  ts: Date.UTC(2026, 10, 15, 9, 30, 0, 250),
  workspace: 'frugal',
  task: 'explain',
  model: 'Qwen/Qwen3-8B',
  tier: 'cheap',
  reason: 'cheap: explanation',
  inputTokens: 1200,
  outputTokens: 300,
  cachedInputTokens: 200,
  reasoningTokens: 0,
  costUsd: 0.000015,
  baselineCostUsd: 0.015,
  savedRoutingUsd: 0.014985,
  savedCacheUsd: 0,
  savedCompressionUsd: 0,
  estimated: false,
  latencyMs: 840,
  outcome: 'ok',
  cacheHit: false,
  tokensSavedByCompression: 0,
};

/** A strict RFC 4180 reader, to check that what we write reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      assert.equal(field, '', `a quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
      continue;
    }
    assert.ok(c !== '\n' && c !== '\r', `a bare line break outside quotes at ${i}`);
    field += c;
    i++;
  }
  assert.equal(quoted, false, 'unterminated quoted field');
  assert.equal(field, '', 'text after the last CRLF');
  return rows;
}

describe('ledger export: CSV', () => {
  it('a header row, then one row per record, CRLF line ends', () => {
    const csv = ledgerToCsv([base, { ...base, id: 'id-2' }]);
    const lines = csv.split('\r\n');
    assert.equal(lines.length, 4); // header, 2 rows, '' after the final CRLF
    assert.equal(
      lines[0],
      'time,ts,id,requestId,attempt,workspace,task,model,tier,reason,inputTokens,outputTokens,cachedInputTokens,reasoningTokens,costUsd,baselineCostUsd,savedUsd,savedRoutingUsd,savedCacheUsd,savedCompressionUsd,savedOffPeakUsd,hostCostUsd,estimated,latencyMs,outcome,cacheHit,tokensSavedByCompression,error,v',
    );
    assert.equal(
      lines[1],
      '2026-11-15T09:30:00.250Z,1794735000250,id-1,req-1,1,frugal,explain,Qwen/Qwen3-8B,cheap,cheap: explanation,1200,300,200,0,0.000015,0.015,0.014985,0.014985,0,0,0,,false,840,ok,false,0,,1',
    );
    assert.equal(lines[3], '');
  });

  it('an empty ledger is just the header', () => {
    assert.equal(ledgerToCsv([]), `${CSV_COLUMNS.map((c) => c.header).join(',')}\r\n`);
  });

  it('quotes commas, quotes and line breaks (RFC 4180), and reads back exactly', () => {
    const nasty: LedgerRecord = {
      ...base,
      workspace: 'my, workspace',
      reason: 'coder: the user said "make it fast", so\nthe coder tier\r\nwas chosen',
      model: 'vendor/model "x"',
      error: 'HTTP 500: {"error":"oops, again"}',
      hostCostUsd: 0.00002,
    };
    const rows = parseCsv(ledgerToCsv([nasty]));
    assert.equal(rows.length, 2);
    const header = rows[0];
    const row = Object.fromEntries(header.map((h, i) => [h, rows[1][i]]));
    assert.equal(row.workspace, 'my, workspace');
    assert.equal(row.reason, nasty.reason);
    assert.equal(row.model, 'vendor/model "x"');
    assert.equal(row.error, nasty.error);
    assert.equal(row.hostCostUsd, '0.00002');
    assert.ok(
      ledgerToCsv([nasty]).includes('"coder: the user said ""make it fast"", so\nthe coder tier\r\nwas chosen"'),
    );
  });

  it('every field of every record reads back (numbers as plain decimals, booleans as true/false)', () => {
    const records: LedgerRecord[] = [
      base,
      {
        ...base,
        id: 'id-2',
        outcome: 'cached',
        cacheHit: true,
        costUsd: 0,
        savedCacheUsd: 0.000015,
        estimated: true,
        attempt: 2,
      },
      { ...base, id: 'id-3', costUsd: 5e-8, baselineCostUsd: 0.1 + 0.2, outcome: 'error', error: 'timeout' },
    ];
    const rows = parseCsv(ledgerToCsv(records));
    const header = rows[0];
    assert.equal(rows.length, 1 + records.length);
    records.forEach((r, i) => {
      const row = Object.fromEntries(header.map((h, j) => [h, rows[i + 1][j]]));
      assert.equal(row.id, r.id);
      assert.equal(Number(row.ts), r.ts);
      assert.equal(new Date(row.time).getTime(), r.ts);
      assert.equal(Number(row.attempt), r.attempt);
      assert.equal(row.cacheHit, String(r.cacheHit));
      assert.equal(row.estimated, String(r.estimated));
      assert.equal(row.outcome, r.outcome);
      assert.equal(row.error, r.error ?? '');
      assert.equal(Number(row.inputTokens), r.inputTokens);
      assert.ok(Math.abs(Number(row.costUsd) - r.costUsd) < 1e-12);
      assert.ok(Math.abs(Number(row.savedUsd) - (r.baselineCostUsd - r.costUsd)) < 1e-12);
    });
    assert.equal(rows[3][header.indexOf('costUsd')], '0.00000005');
    assert.equal(rows[3][header.indexOf('baselineCostUsd')], '0.3');
  });

  it('text that a spreadsheet would run as a formula gets a leading apostrophe; numbers are left alone', () => {
    const r = {
      ...base,
      reason: '=HYPERLINK("http://x","y")',
      error: '+1 -2',
      workspace: '@sum',
      savedRoutingUsd: -0.5,
    };
    const rows = parseCsv(ledgerToCsv([r]));
    const row = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
    assert.equal(row.reason, `'=HYPERLINK("http://x","y")`);
    assert.equal(row.error, `'+1 -2`);
    assert.equal(row.workspace, `'@sum`);
    assert.equal(row.savedRoutingUsd, '-0.5');
    assert.equal(neutraliseFormula('plain text'), 'plain text');
    assert.equal(neutraliseFormula('-x'), `'-x`);
  });

  it('csvField quotes only when needed', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\r'), '"cr\r"');
    assert.equal(csvField(''), '');
  });

  it('plainNumber: no exponent form, no float noise, integers exact', () => {
    assert.equal(plainNumber(5e-8), '0.00000005');
    assert.equal(plainNumber(-5.1e-8), '-0.000000051');
    assert.equal(plainNumber(1.23456789e-7), '0.000000123456789');
    assert.equal(plainNumber(0.1 + 0.2), '0.3');
    assert.equal(plainNumber(123456789012345), '123456789012345');
    assert.equal(plainNumber(1e21), '1000000000000000000000');
    assert.equal(plainNumber(-0), '0');
    assert.equal(plainNumber(Number.NaN), '');
  });
});

describe('ledger export: JSON', () => {
  it('an array of the records exactly as stored', () => {
    const records = [base, { ...base, id: 'id-2', error: 'x <img src=x onerror=alert(1)>' }];
    const json = ledgerToJson(records);
    assert.deepEqual(JSON.parse(json), records);
    assert.ok(json.endsWith('\n'));
    assert.equal(ledgerToJson([]), '[]\n');
  });
});
