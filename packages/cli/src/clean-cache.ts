/**
 * A cache of what the clean filter gave, keyed by the content it was given: `git status`
 * after a checkout, a rebase or an editor touching files asks the filter again for every
 * notebook whose mtime changed, and most of them did not change. A hit costs a SHA-1 of the
 * content and one file read instead of a parse, a strip and a write. Kept in
 * `$GIT_DIR/nbgit/clean-cache/` (safe to delete at any time), one file per cleaned content;
 * the key holds nbgit's version and the strip options, so a change of either misses.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { version } from './io.js';

/** Contents larger than this are not kept (the cache should stay small next to the repository). */
const MAX_BYTES = 8 << 20;

/** The git directory of the work tree at `cwd` (git runs filters at the top of the work tree), without running git. */
function gitDirOf(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
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
  private constructor(
    private readonly dir: string,
    private readonly salt: string,
  ) {}

  /** Opens the cache of the repository at `cwd` for results of the given strip options. */
  static open(cwd: string, env: NodeJS.ProcessEnv, options: unknown): CleanCache | undefined {
    const gitDir = gitDirOf(cwd, env);
    return gitDir === undefined ? undefined : new CleanCache(join(gitDir, 'nbgit', 'clean-cache'), `nbgit ${version()}\0${JSON.stringify(options)}\0`);
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
    } catch {
      // read-only repository, full disk: clean without the cache
    }
  }
}
