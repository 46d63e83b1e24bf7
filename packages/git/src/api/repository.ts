/** Questions about a repository: its top folder, revisions, attributes. */
import { runGit } from '../exec.js';
import { parseCheckAttr } from '../models/check-attr.js';

/** Where to ask: the folder git runs in, and its environment. */
export interface RepositoryOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** The repository's top folder; an `EIO` error with git's message outside a repository. */
export function repositoryTop({ cwd, env }: RepositoryOptions): string {
  return runGit(['rev-parse', '--show-toplevel'], { cwd, env, gitMessage: true }).stdout.toString('utf8').trim();
}

/** True when `rev` names a commit. */
export function isRevision(rev: string, { cwd, env }: RepositoryOptions): boolean {
  return runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd, env, ok: 'any' }).status === 0;
}

/** The merge base of two commits (`git merge-base A B`). */
export function mergeBase(a: string, b: string, { cwd, env }: RepositoryOptions): string {
  return runGit(['merge-base', a, b], { cwd, env, gitMessage: true }).stdout.toString('utf8').trim();
}

/**
 * `git check-attr` of `attributes` for `paths` (relative to `cwd`): path -> attribute ->
 * value (`set`, `unset`, `unspecified` or the value). Empty when git cannot answer.
 */
export function checkAttributes(paths: readonly string[], attributes: readonly string[], { cwd, env }: RepositoryOptions): Map<string, Record<string, string>> {
  if (paths.length === 0) return new Map();
  const r = runGit(['check-attr', '-z', ...attributes, '--', ...paths], { cwd, env, ok: 'any' });
  return r.status === 0 ? parseCheckAttr(r.stdout.toString('utf8')) : new Map();
}
