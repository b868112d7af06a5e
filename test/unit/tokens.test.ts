import { strict as assert } from 'assert';
import { estimateMessagesTokens, estimateTokens } from '../../src/core/tokens';

describe('tokens: fast estimator', () => {
  it('is 0 for empty text and grows with the text', () => {
    assert.equal(estimateTokens(''), 0);
    assert.ok(estimateTokens('a') >= 1);
    assert.ok(estimateTokens('hello world '.repeat(100)) > estimateTokens('hello world '.repeat(10)));
    assert.equal(
      estimateMessagesTokens([{ content: 'hi' }, { content: 'there' }]),
      estimateTokens('hi') + estimateTokens('there') + 10,
    );
  });
});
