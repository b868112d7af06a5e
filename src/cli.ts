// Headless entry per DESIGN.md's contracts: JSON lines in, JSON lines out. Each command is one row of COMMANDS
// (its usage line and what it runs); adding a command is adding a row. Arguments are parsed by node:util's parseArgs
// inside each command, so a command owns its flags.
import { defaultConfig } from './core/config';
import { routeJsonLine } from './core/router/cli';
import { runCompressCli, COMPRESS_USAGE } from './core/compress/cli';
import { priceJsonLine, pricesText } from './core/pricing/cli';
import { parseArgs } from 'node:util';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What a command hands back: the exit code; it writes its own output. */
interface Command {
  usage: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  route: {
    usage: 'route                     JSON lines {task, instruction, languageId, selection} on stdin',
    async run() {
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
    },
  },
  compress: {
    usage: `${COMPRESS_USAGE.replace(/^usage: /, '')}   source on stdin`,
    async run(args) {
      const result = await runCompressCli(args, await readStdin());
      if (result.stderr) process.stderr.write(result.stderr);
      process.stdout.write(result.stdout);
      return result.exitCode;
    },
  },
  price: {
    usage: 'price                     JSON lines {preset?, model, usage, headers?, at} on stdin',
    async run() {
      const input = await readStdin();
      let failed = false;
      for (const line of input.split('\n')) {
        if (!line.trim()) continue;
        const out = priceJsonLine(line);
        if (out.startsWith('{"error"')) failed = true;
        process.stdout.write(out + '\n');
      }
      return failed ? 1 : 0;
    },
  },
  prices: {
    usage: 'prices [--at ISO] [--markdown]   the price catalog in force (JSON lines, or the README table)',
    async run(args) {
      const { values } = parseArgs({
        args,
        options: { at: { type: 'string' }, markdown: { type: 'boolean' } },
        strict: true,
      });
      const at = values.at === undefined ? Date.now() : Date.parse(values.at);
      if (!Number.isFinite(at)) {
        process.stderr.write(`frugal prices: --at must be an ISO time (got ${JSON.stringify(values.at)})\n`);
        return 2;
      }
      process.stdout.write(pricesText(at, values.markdown));
      return 0;
    },
  },
};

function usage(): string {
  return ['usage:', ...Object.values(COMMANDS).map((c) => `  frugal ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command) return command.run(rest);
  process.stderr.write(`${usage()}\n`);
  return name === '--help' || name === '-h' ? 0 : 2;
}

// A reader that stops early (`frugal route < requests.jsonl | head -1`) closes the pipe: the rest of the output has
// nobody to read it, which is no failure. Any other write error is reported in a line, not a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.stderr.write(`frugal: cannot write the output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? 0 : 1);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`frugal: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
