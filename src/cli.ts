// Headless entry: `route` and `compress` per DESIGN.md's contracts. JSON lines in, JSON lines out.
import { defaultConfig } from './core/config';
import { routeJsonLine } from './core/router/cli';
import { runCompressCli } from './core/compress/cli';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const USAGE = `usage:
  frugal route                     JSON lines {task, instruction, languageId, selection} on stdin
  frugal compress --language L [--task T] [--tier lossless|task|structural] [--json]   source on stdin`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'route') {
    const config = defaultConfig();
    const input = await readStdin();
    let failed = false;
    for (const line of input.split('\n')) {
      if (!line.trim()) continue;
      const out = routeJsonLine(line, config);
      if (out.includes('"error"')) failed = true;
      process.stdout.write(out + '\n');
    }
    return failed ? 1 : 0;
  }
  if (command === 'compress') {
    const result = await runCompressCli(rest, await readStdin());
    if (result.stderr) process.stderr.write(result.stderr);
    process.stdout.write(result.stdout);
    return result.exitCode;
  }
  process.stderr.write(`${USAGE}\n`);
  return command === '--help' || command === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`frugal: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
