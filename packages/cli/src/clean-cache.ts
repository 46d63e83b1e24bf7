/**
 * A cache of what the clean filter gave, keyed by the content it was given: `git status`
 * after a checkout, a rebase or an editor touching files asks the filter again for every
 * notebook whose mtime changed, and most of them did not change. A hit costs a SHA-1 of the
 * content and one file read instead of a parse, a strip and a write. Kept in
 * `$GIT_DIR/nbgit/clean-cache/` (safe to delete at any time), one file per cleaned content;
 * the key holds nbgit's version and the strip options, so a change of either misses.
 *
 * Bounded: a process that wrote entries adds their bytes to a running total (the file
 * `size` beside them) when it closes the cache; past {@link MAX_CACHE_BYTES} (or
 * `NBGIT_CLEAN_CACHE_BYTES`), it removes the entries written longest ago until half the
 * bound is left, and writes the true total. Processes that only read (git status on
 * touched files) pay nothing for it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { version } from './io.js';

/** Contents larger than this are not kept (the cache should stay small next to the repository). */
const MAX_BYTES = 8 << 20;

/** About how many bytes of cleaned results the cache keeps (`NBGIT_CLEAN_CACHE_BYTES` sets another bound). */
export const MAX_CACHE_BYTES = 64 << 20;

/** The names of a directory's entries, or none when it cannot be read. */
function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The git directory of the work tree at `cwd` (git runs filters at the top of the work tree), without running git. */
export function gitDirOf(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GIT_DIR) return resolve(cwd, env.GIT_DIR);
  const dotGit = join(cwd, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return m ? (isAbsolute(m[1]!) ? m[1]! : resolve(cwd, m[1]!)) : undefined;
  } catch {
    return undefined;
  }
}

/** A clean cache for one filter process, or undefined when there is no git directory to keep it in. */
export class CleanCache {
  /** Bytes this process added to the cache. */
  private written = 0;

  /** The entries this process wrote: the newest, whatever the file system's clock resolution says. */
  private readonly mine = new Set<string>();

  private constructor(
    private readonly dir: string,
    private readonly salt: string,
    private readonly maxBytes: number,
  ) {}

  /** Opens the cache of the repository at `cwd` for results of the given strip options. */
  static open(cwd: string, env: NodeJS.ProcessEnv, options: unknown): CleanCache | undefined {
    const gitDir = gitDirOf(cwd, env);
    const bound = Number(env.NBGIT_CLEAN_CACHE_BYTES);
    const max = Number.isSafeInteger(bound) && bound >= 0 ? bound : MAX_CACHE_BYTES;
    return gitDir === undefined ? undefined : new CleanCache(join(gitDir, 'nbgit', 'clean-cache'), `nbgit ${version()}\0${JSON.stringify(options)}\0`, max);
  }

  private file(content: Uint8Array, kind: string): string {
    const h = createHash('sha1').update(this.salt).update(kind).update(content).digest('hex');
    return join(this.dir, h.slice(0, 2), h.slice(2));
  }

  /** What the filter gave for `content` before (`kind` tells inputs that clean differently apart), if kept. */
  get(content: Uint8Array, kind: string): Uint8Array | undefined {
    if (content.length > MAX_BYTES) return undefined;
    try {
      return readFileSync(this.file(content, kind));
    } catch {
      return undefined;
    }
  }

  /** Keeps `cleaned` for `content`; never fails (a cache that cannot be written is no cache). */
  set(content: Uint8Array, kind: string, cleaned: Uint8Array): void {
    if (content.length > MAX_BYTES) return;
    const file = this.file(content, kind);
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, cleaned);
      renameSync(tmp, file);
      this.written += cleaned.length;
      this.mine.add(file);
    } catch {
      // read-only repository, full disk: clean without the cache
    }
  }

  /**
   * Adds what this process wrote to the cache's running total and, past the bound, removes
   * the entries written longest ago. Never fails (another process may sweep at the same time).
   */
  close(): void {
    if (this.written === 0) return;
    const sizeFile = join(this.dir, 'size');
    let total = this.written;
    this.written = 0;
    try {
      total += Number(readFileSync(sizeFile, 'latin1')) || 0;
    } catch {
      // no total yet: the first sweep counts it
      total = Number.POSITIVE_INFINITY;
    }
    if (total > this.maxBytes) total = this.sweep();
    this.mine.clear();
    try {
      writeFileSync(sizeFile, String(total));
    } catch {
      // a total that cannot be written is counted again by the next sweep
    }
  }

  /** Removes the entries written longest ago until at most half the bound is left; returns the bytes left. */
  private sweep(): number {
    const entries: Array<{ file: string; size: number; time: number; mine: boolean }> = [];
    let total = 0;
    const now = Date.now();
    for (const d of entriesOf(this.dir)) {
      if (d.length !== 2) continue;
      for (const f of entriesOf(join(this.dir, d))) {
        const file = join(this.dir, d, f);
        try {
          const st = statSync(file);
          // a temporary file some process left (it was killed between write and rename)
          if (f.endsWith('.tmp')) {
            if (now - st.mtimeMs > 60_000) unlinkSync(file);
            continue;
          }
          // this process's own entries go last: on a file system with coarse times (one second
          // or more) they may share a time with older entries
          entries.push({ file, size: st.size, time: st.mtimeMs, mine: this.mine.has(file) });
          total += st.size;
        } catch {
          // removed by another process meanwhile
        }
      }
    }
    if (total <= this.maxBytes) return total;
    entries.sort((a, b) => Number(a.mine) - Number(b.mine) || a.time - b.time);
    for (const e of entries) {
      if (total <= this.maxBytes / 2) break;
      try {
        unlinkSync(e.file);
        total -= e.size;
      } catch {
        // removed by another process meanwhile
      }
    }
    return total;
  }
}
