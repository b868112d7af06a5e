// The one JSON-lines storage layer under the ledger and the response cache: files opened without following links,
// read in chunks (never one buffer or string of 2^31 bytes or more, which would abort Node), appended through one
// write per batch, replaced by temp file + fsync + rename, and damaged or unusable files set aside with a name that
// says why. Every function here works on one file inside a storage folder the caller owns.
import { promises as fs, constants as C } from 'node:fs';
import * as path from 'node:path';

/** Bytes per read: well below 2^31 (the largest Buffer or string Node can make), small enough to keep the heap flat. */
export const READ_CHUNK = 4 * 1024 * 1024;
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
const NL = 10;

/** A link where a storage file should be: never followed (it may point anywhere on the disk). */
export class LinkRefusedError extends Error {
  readonly code = 'ELINKREFUSED';
}

/**
 * Stat of `file` without following a link. undefined when there is none; LinkRefusedError when the name is a
 * symbolic link (the caller sets it aside) or not a regular file.
 */
export async function statFile(file: string): Promise<import('node:fs').Stats | undefined> {
  let st: import('node:fs').Stats;
  try {
    st = await fs.lstat(file);
  } catch (e: any) {
    if (e?.code === 'ENOENT') return undefined;
    throw e;
  }
  if (st.isSymbolicLink())
    throw new LinkRefusedError(`${file} is a symbolic link; storage files are never followed through links`);
  if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'EISDIR' });
  return st;
}

/**
 * Makes `dir` (and its parents) and checks that it is a real folder, not a link to somewhere else: a storage folder
 * reached through a link would let every write land outside it.
 */
export async function ensureDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const st = await fs.lstat(dir);
  if (st.isSymbolicLink())
    throw new LinkRefusedError(`${dir} is a symbolic link; the storage folder is not followed through links`);
  if (!st.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
}

/** Opens for reading; a link in the file's place fails (ELOOP from O_NOFOLLOW, reported as LinkRefusedError). */
export async function openRead(file: string): Promise<fs.FileHandle> {
  try {
    return await fs.open(file, C.O_RDONLY | NOFOLLOW);
  } catch (e: any) {
    if (e?.code === 'ELOOP')
      throw new LinkRefusedError(`${file} is a symbolic link; storage files are never followed through links`);
    throw e;
  }
}

/** Opens for writing from the start (created or truncated), never through a link in the file's place. */
export async function openWrite(file: string): Promise<fs.FileHandle> {
  try {
    return await fs.open(file, C.O_WRONLY | C.O_CREAT | C.O_TRUNC | NOFOLLOW, 0o600);
  } catch (e: any) {
    if (e?.code === 'ELOOP')
      throw new LinkRefusedError(`${file} is a symbolic link; storage files are never followed through links`);
    throw e;
  }
}

/**
 * Appends `data` in one write (O_APPEND: concurrent appenders never overwrite each other), creating the file when
 * missing. Never through a link. Goes through fs.promises.appendFile so fault tests can stand in for the disk.
 */
export async function appendToFile(file: string, data: string | Buffer): Promise<void> {
  let h: fs.FileHandle;
  try {
    h = await fs.open(file, C.O_WRONLY | C.O_APPEND | C.O_CREAT | NOFOLLOW, 0o600);
  } catch (e: any) {
    if (e?.code === 'ELOOP')
      throw new LinkRefusedError(`${file} is a symbolic link; storage files are never followed through links`);
    throw e;
  }
  try {
    await fs.appendFile(h, data);
  } finally {
    await h.close();
  }
}

/** Reads [from, from + length) into one buffer; callers keep length below READ_CHUNK * a few. */
export async function readRange(h: fs.FileHandle, from: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await h.read(buf, got, length - got, from + got);
    if (!bytesRead) break;
    got += bytesRead;
  }
  return got < length ? buf.subarray(0, got) : buf;
}

export interface ScanResult {
  /** offset just past the last newline read (where the next scan starts) */
  end: number;
  /** bytes after the last newline (an unfinished or torn last line) */
  tail: Buffer;
}

/**
 * Calls `onLine(buf, start, end, offset)` for every complete line in [from, to) of the file, reading READ_CHUNK
 * bytes at a time; `offset` is the file offset of the line's first byte, `end` excludes the newline (and a CR).
 * Whatever follows the last newline is returned, not passed on. A single line longer than `maxLine` is reported to
 * `onOversized` (damage) instead of being accumulated.
 */
export async function scanLines(
  h: fs.FileHandle,
  from: number,
  to: number,
  onLine: (buf: Buffer, start: number, end: number, offset: number) => void,
  opts: { chunk?: number; maxLine?: number; yieldEvery?: boolean; onOversized?: (offset: number) => void } = {},
): Promise<ScanResult> {
  const chunk = opts.chunk ?? READ_CHUNK;
  const maxLine = opts.maxLine ?? 64 * 1024 * 1024;
  let carry: Buffer = Buffer.alloc(0);
  let carryAt = from;
  let pos = from;
  let oversized = false;
  while (pos < to) {
    const data = await readRange(h, pos, Math.min(chunk, to - pos));
    if (!data.length) break;
    const buf = carry.length ? Buffer.concat([carry, data]) : data;
    const base = carry.length ? carryAt : pos;
    pos += data.length;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) break;
      if (oversized) {
        opts.onOversized?.(base + start);
        oversized = false;
      } else {
        const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
        onLine(buf, start, end, base + start);
      }
      start = nl + 1;
    }
    carry = buf.subarray(start);
    carryAt = base + start;
    if (carry.length > maxLine) {
      // A "line" this long is damage; drop its bytes as they come rather than holding them.
      oversized = true;
      carry = Buffer.alloc(0);
    }
    if (opts.yieldEvery) await new Promise((r) => setImmediate(r));
  }
  return { end: carryAt, tail: Buffer.from(carry) };
}

/**
 * Writes a new file beside `file` with `write` and renames it over `file`: a crash leaves the old file or the new
 * one, never half of each. The temporary name ends in `.tmp` (swept by the owners at load).
 */
export async function replaceFile(file: string, write: (h: fs.FileHandle) => Promise<void>): Promise<void> {
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const h = await fs.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW, 0o600);
    try {
      await write(h);
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  try {
    const d = await fs.open(dir, C.O_RDONLY);
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Not every platform lets a folder be fsynced; the rename itself is still atomic.
  }
}

/** A free name `${file}.${why}-${time}[-n]`. */
async function asideName(file: string, why: string, now: number, ext = ''): Promise<string> {
  for (let n = 0; n < 1000; n++) {
    const side = `${file}.${why}-${now}${n ? `-${n}` : ''}${ext}`;
    if (
      !(await fs.lstat(side).then(
        () => true,
        () => false,
      ))
    )
      return side;
  }
  throw new Error(`no free name to set ${file} aside`);
}

/** Renames a file (or a link: the link itself, never its target) out of the way; returns the new name. */
export async function setAsideWhole(file: string, why: string, now: number): Promise<string> {
  const side = await asideName(file, why, now);
  await fs.rename(file, side);
  return side;
}

/** Writes damaged lines to a new side file; returns its name. */
export async function writeAside(
  file: string,
  why: string,
  lines: (string | Buffer)[],
  now: number,
  ext = '',
): Promise<string> {
  for (let n = 0; ; n++) {
    const side = `${file}.${why}-${now}${n ? `-${n}` : ''}${ext}`;
    try {
      const h = await fs.open(side, C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW, 0o600);
      try {
        for (const l of lines)
          await h.write(Buffer.concat([typeof l === 'string' ? Buffer.from(l, 'utf8') : l, Buffer.from('\n')]));
      } finally {
        await h.close();
      }
      return side;
    } catch (e: any) {
      if (e?.code !== 'EEXIST' || n > 100) throw e;
    }
  }
}

/** A versioned header line: `{"v":N,"kind":"...",...extra}`. */
export function headerLine(kind: string, v: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ v, kind, ...extra }) + '\n';
}

export type HeaderCheck = { ok: true; header: Record<string, unknown> } | { ok: false; future?: number };

/** Whether a line is this kind's header, and of a version this build reads (a newer one is never guessed at). */
export function checkHeader(line: string, kind: string, maxVersion: number): HeaderCheck | undefined {
  if (!line.startsWith('{"v":')) return undefined;
  let o: any;
  try {
    o = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!o || o.kind !== kind || typeof o.v !== 'number') return undefined;
  if (o.v > maxVersion) return { ok: false, future: o.v };
  return { ok: true, header: o };
}
