/**
 * The `nbgit.*` entries of git config for the filter process, without running git when
 * nothing git reads config from has changed since a filter last asked. Running
 * `git config` costs a filter process that git starts for one touched notebook about a tenth
 * of its time (loading node:child_process, then git itself).
 *
 * The memo (`$GIT_DIR/nbgit/config-memo.json`, safe to delete) holds the entries and, for
 * every file git read config from or would read it from if it existed (system, global, XDG,
 * the repository's, the worktree's), its inode, size, mtime and ctime or its absence, and
 * the environment that chooses config (`GIT_CONFIG*`, which holds `git -c`; `HOME`,
 * `XDG_CONFIG_HOME`, `GIT_DIR`...). Any difference, and git is asked again. Config with
 * `include` or `includeIf` (files that may appear, conditions on the branch) is never memoised.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BARE, type ConfigEntries, git, parseGitBoolean, readNbgitConfig } from '@nbgit/git';
import { version } from './io.js';

/** Environment variables that choose which config git reads. */
const CONFIG_ENV = /^(GIT_CONFIG.*|GIT_DIR|GIT_COMMON_DIR|GIT_WORK_TREE|GIT_CEILING_DIRECTORIES|HOME|XDG_CONFIG_HOME)$/;

interface Memo {
  key: string;
  files: Record<string, string>;
  entries: [string, string[]][];
}

/** A file's identity and state, or `absent`. */
function stamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return 'absent';
  }
}

/** Where the `nbgit.*` entries came from: the memo, or git. */
export type ConfigSource = 'memo' | 'git';

/** The `nbgit.*` entries git config has for `cwd` (the top of a work tree whose git directory is `gitDir`). */
export function nbgitConfig(cwd: string, env: NodeJS.ProcessEnv, gitDir: string | undefined): { entries: ConfigEntries; source: ConfigSource } {
  if (gitDir === undefined) return { entries: readNbgitConfig(cwd, env), source: 'git' };
  const memoFile = join(gitDir, 'nbgit', 'config-memo.json');
  const key = JSON.stringify([
    version(),
    cwd,
    Object.entries(env)
      .filter(([k]) => CONFIG_ENV.test(k))
      .sort(),
  ]);
  try {
    const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as Memo;
    if (memo.key === key && Object.entries(memo.files).every(([f, s]) => stamp(f) === s)) return { entries: new Map(memo.entries), source: 'memo' };
  } catch {
    // no memo yet, or not one
  }
  // Every entry with its scope and origin: `scope\0origin\0key\nvalue\0` (a bare key has no `\n`).
  const listed = git(['config', '--list', '--show-scope', '--show-origin', '-z'], { cwd, env, ok: 'any' });
  if (listed.status !== 0) return { entries: readNbgitConfig(cwd, env), source: 'git' };
  const parts = listed.stdout.split('\0');
  const entries: ConfigEntries = new Map();
  const files = new Set<string>();
  let includes = false;
  let system = false;
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const [scope, origin, record] = [parts[i]!, parts[i + 1]!, parts[i + 2]!];
    const nl = record.indexOf('\n');
    const name = (nl === -1 ? record : record.slice(0, nl)).toLowerCase();
    if (name.startsWith('include.') || name.startsWith('includeif.')) includes = true;
    if (origin.startsWith('file:')) files.add(resolve(cwd, origin.slice(5)));
    if (scope === 'system') system = true;
    if (!name.startsWith('nbgit.')) continue;
    const value = nl === -1 ? BARE : record.slice(nl + 1);
    const list = entries.get(name);
    if (list) list.push(value);
    else entries.set(name, [value]);
  }
  if (includes) return { entries, source: 'git' };
  // The files that may appear: git reads them as soon as they exist.
  const home = env.HOME;
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.add(resolve(cwd, env.GIT_CONFIG_GLOBAL));
  else if (home) {
    files.add(join(home, '.gitconfig'));
    files.add(join(env.XDG_CONFIG_HOME || join(home, '.config'), 'git', 'config'));
  }
  let common = gitDir;
  try {
    common = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    // not a linked worktree
  }
  for (const dir of new Set([gitDir, common])) for (const f of ['config', 'config.worktree']) files.add(join(dir, f));
  const noSystem = env.GIT_CONFIG_NOSYSTEM !== undefined && parseGitBoolean(env.GIT_CONFIG_NOSYSTEM) === true;
  if (!noSystem && !system) {
    if (env.GIT_CONFIG_SYSTEM !== undefined) files.add(resolve(cwd, env.GIT_CONFIG_SYSTEM));
    else {
      // No system config was read: git names the file it looked for when asked for it alone.
      const probe = git(['config', '--system', '--list'], { cwd, env: { ...env, LC_ALL: 'C', LANGUAGE: '' }, ok: 'any' });
      const m = /unable to read config file '(.+)'/.exec(probe.stderr);
      if (!m) return { entries, source: 'git' };
      files.add(resolve(cwd, m[1]!));
    }
  }
  const memo: Memo = { key, files: Object.fromEntries([...files].map((f) => [f, stamp(f)])), entries: [...entries] };
  // A file changed in the last seconds may have changed after git read it (as git's own
  // "racily clean" index entries): no memo until it is older.
  const recent = Date.now() - 2000;
  if ([...files].some((f) => (statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0) > recent)) return { entries, source: 'git' };
  try {
    mkdirSync(dirname(memoFile), { recursive: true });
    const tmp = `${memoFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(memo));
    renameSync(tmp, memoFile);
  } catch {
    // a read-only repository: git is asked every time
  }
  return { entries, source: 'git' };
}
