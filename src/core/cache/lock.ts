// A lock file beside the cache log, so two windows (two extension hosts) never interleave an append with a
// compaction: whoever holds it may append, rewrite or rename the log. Creation with O_EXCL is atomic on local file
// systems. A holder that crashed leaves the file behind; after STALE_MS it is taken over, which only ever delays
// writes, never blocks a lookup (lookups are served from memory).
import { promises as fs } from 'node:fs';

export const LOCK_STALE_MS = 10_000;
// Waiting a little longer than the stale limit means a dead holder's lock is taken over rather than timed out on.

export class LockTimeoutError extends Error {}

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = LOCK_STALE_MS + 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  for (;;) {
    try {
      const h = await fs.open(lockPath, 'wx');
      try {
        await h.writeFile(`${process.pid} ${Date.now()}\n`);
      } finally {
        await h.close();
      }
      break;
    } catch (e: any) {
      if (e?.code !== 'EEXIST') throw e;
    }
    const st = await fs.stat(lockPath).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > LOCK_STALE_MS) {
      // Take a dead holder's lock over. Renaming first means only one waiter wins it.
      const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
      if (await fs.rename(lockPath, aside).then(() => true, () => false)) await fs.rm(aside, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(`lock ${lockPath} is held by another window`);
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(wait * 2, 50);
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockPath, { force: true }).catch(() => undefined);
  }
}
