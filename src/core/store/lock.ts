// A lock file beside a JSON-lines log, so two windows (two extension hosts) never interleave an append with a
// compaction: whoever holds it may append, rewrite or rename the log. Creation with O_EXCL is atomic on local file
// systems. The holder refreshes the file's time while it holds it, so a lock older than LOCK_STALE_MS belongs to a
// holder that is gone (taken over); a holder on this machine whose process no longer exists is taken over at once
// (its pid is in the file), so a crashed window never delays the next one by the stale limit.
//
// Written here rather than taken from proper-lockfile: that library decides staleness by mtime only (a SIGKILLed
// holder delays every waiter by its stale limit) and uses mkdir locks that cannot carry the holder's pid.
import { promises as fs, constants as C } from 'node:fs';
import { hostname } from 'node:os';

export const LOCK_STALE_MS = 10_000;
/** How often a holder touches its lock file. */
const REFRESH_MS = LOCK_STALE_MS / 4;

export class LockTimeoutError extends Error {}

const HOST = hostname();
const NOFOLLOW = C.O_NOFOLLOW ?? 0;

function holderIsGone(text: string): boolean {
  const [pid, host] = text.trim().split(' ');
  const n = Number(pid);
  if (host !== HOST || !Number.isInteger(n) || n <= 0 || n === process.pid) return false;
  try {
    process.kill(n, 0);
    return false;
  } catch (e: any) {
    return e?.code === 'ESRCH';
  }
}

async function tryTakeOver(lockPath: string): Promise<boolean> {
  // Renaming first means only one waiter wins it.
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  if (
    await fs.rename(lockPath, aside).then(
      () => true,
      () => false,
    )
  ) {
    await fs.rm(aside, { force: true }).catch(() => undefined);
    return true;
  }
  return false;
}

export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  timeoutMs = LOCK_STALE_MS + 2_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  for (;;) {
    // The lock file appears with its holder already written in it (a hard link of a file written first), so a
    // holder killed at any moment leaves either no lock or one that names it.
    // (A file system without hard links gets the lock created and then written.)
    const mine = `${lockPath}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    const holder = `${process.pid} ${HOST} ${Date.now()}\n`;
    try {
      const h = await fs.open(mine, C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW, 0o600);
      try {
        await h.writeFile(holder);
      } finally {
        await h.close();
      }
      try {
        await fs.link(mine, lockPath);
      } catch (e: any) {
        if (e?.code === 'EEXIST') throw e;
        const h2 = await fs.open(lockPath, C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW, 0o600);
        try {
          await h2.writeFile(holder);
        } finally {
          await h2.close();
        }
      }
      await fs.rm(mine, { force: true });
      break;
    } catch (e: any) {
      await fs.rm(mine, { force: true }).catch(() => undefined);
      if (e?.code !== 'EEXIST') throw e;
    }
    const st = await fs.lstat(lockPath).catch(() => undefined);
    if (st) {
      const stale = Date.now() - st.mtimeMs > LOCK_STALE_MS;
      const text = st.isFile() ? await fs.readFile(lockPath, 'utf8').catch(() => '') : '';
      // An empty lock is one an older build was killed creating: not a holder's.
      const gone = !stale && (holderIsGone(text) || (!text && Date.now() - st.mtimeMs > 1000));
      if ((stale || gone) && (await tryTakeOver(lockPath))) continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(`lock ${lockPath} is held by another window`);
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(wait * 2, 50);
  }
  // Still ours while fn runs, however long: touch it so no waiter takes it as stale.
  const refresh = setInterval(() => {
    const t = new Date();
    void fs.utimes(lockPath, t, t).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref?.();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    await fs.rm(lockPath, { force: true }).catch(() => undefined);
  }
}
