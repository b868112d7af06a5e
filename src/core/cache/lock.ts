// The cache's lock is the storage layer's lock (src/core/store/lock.ts).
export { withFileLock, LockTimeoutError, LOCK_STALE_MS } from '../store/lock';
