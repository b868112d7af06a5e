import { strict as assert } from 'node:assert';
import { defaultConfig } from '../../src/core/config';
import { routeJsonLine } from '../../src/core/router';

describe('routeJsonLine', () => {
  const config = defaultConfig();

  it('routes one request to one JSON line with tier, model, reason and cost', () => {
    const out = JSON.parse(
      routeJsonLine(
        JSON.stringify({
          task: 'explain',
          instruction: '',
          languageId: 'python',
          selection: 'def f(x):\n    return x * 2\n',
        }),
        config,
      ),
    );
    assert.equal(out.tier, 'cheap');
    assert.equal(out.model, 'Qwen/Qwen3-8B');
    assert.match(out.reason, /^cheap: /);
    assert.equal(typeof out.estimatedCostUsd, 'number');
    assert.ok(out.estimatedCostUsd > 0);
    assert.ok(out.estimatedInputTokens > 0);
    assert.equal(out.estimatedOutputTokens, 300);
  });

  it('sends hard requests to the reasoner and accepts diagnostics', () => {
    const hard = JSON.parse(
      routeJsonLine(
        '{"task":"fix","instruction":"deadlocks under load","languageId":"go","selection":"mu.Lock()"}',
        config,
      ),
    );
    assert.equal(hard.tier, 'reasoner');
    assert.equal(hard.model, 'deepseek-reasoner');
    const diag = JSON.parse(
      routeJsonLine(
        JSON.stringify({
          task: 'fix',
          instruction: '',
          languageId: 'ts',
          selection: 'let a: number = "x";',
          diagnostics: [{ message: 'not assignable', severity: 'error', line: 0 }],
        }),
        config,
      ),
    );
    assert.equal(diag.tier, 'coder');
    assert.match(diag.reason, /diagnostic/);
  });

  it('defaults missing optional fields', () => {
    const out = JSON.parse(routeJsonLine('{"task":"ask","instruction":"what is a closure?"}', config));
    assert.equal(out.tier, 'cheap');
  });

  it('names the problem on bad input, one error line per bad request', () => {
    assert.match(JSON.parse(routeJsonLine('{"task": "explain",', config)).error, /^bad JSON/);
    assert.match(
      JSON.parse(routeJsonLine('{"task":"summarise","instruction":""}', config)).error,
      /unknown task "summarise"; expected one of explain, document, refactor, fix, tests, generate, ask, complete/,
    );
    assert.match(JSON.parse(routeJsonLine('{"instruction":"x"}', config)).error, /missing task/);
    assert.match(JSON.parse(routeJsonLine('[1,2]', config)).error, /expected a JSON object/);
    assert.match(
      JSON.parse(routeJsonLine('{"task":"ask","selection":42}', config)).error,
      /"selection" must be a string/,
    );
    assert.match(
      JSON.parse(routeJsonLine('{"task":"fix","diagnostics":"oops"}', config)).error,
      /"diagnostics" must be an array/,
    );
    for (const line of ['', 'null', '{"task": "explain",'])
      assert.equal(routeJsonLine(line, config).includes('\n'), false);
  });
});
