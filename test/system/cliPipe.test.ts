// The headless CLI as a shell pipeline uses it: a reader that stops after the first lines is no failure.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'src', 'cli.ts');

describe('cli: output into a pipe that closes early', () => {
  it('stops quietly, with exit code 0, when the reader stops reading', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'route'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Enough lines that the output outgrows the pipe's buffer after the reader has gone.
    const line = JSON.stringify({ task: 'ask', instruction: 'what does this regex match?', languageId: 'plaintext' });
    child.stdin.end(`${line}\n`.repeat(20000));
    const first = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) {
          child.stdout.destroy();
          resolve(out.slice(0, out.indexOf('\n')));
        }
      });
    });
    assert.equal(JSON.parse(first).tier, 'cheap');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
