// npm run bench [suite ...]: builds the production bundle and the .vsix, then runs bench/index.ts.
import { execSync } from 'node:child_process';
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
run('npm run --silent package');
run(`npx tsx bench/index.ts ${process.argv.slice(2).join(' ')}`);
