/** Running git: one synchronous call, with errors that say what failed. */
import { spawnSync } from 'node:child_process';
import { NbgitError } from '@nbgit/core';

/** What {@link git} returns. */
export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link git}. */
export interface GitOptions {
  /** Working directory (default: the process's). */
  cwd?: string;
  /** Environment (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are not errors (default: 0 only). */
  ok?: number[];
}

/**
 * Runs `git ARGS...` and returns its exit status and output. Throws an `EIO`
 * `NbgitError` when git cannot be started or exits with a status not in `ok`.
 */
export function git(args: string[], options: GitOptions = {}): GitResult {
  const r = spawnSync('git', args, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new NbgitError('EIO', `cannot run git: ${r.error.message}`, { cause: r.error });
  const status = r.status ?? 128;
  if (!(options.ok ?? [0]).includes(status)) {
    const msg = (r.stderr || r.stdout).trim().split('\n').pop() ?? '';
    throw new NbgitError('EIO', `git ${args.join(' ')} failed (exit ${status})${msg ? `: ${msg}` : ''}`);
  }
  return { status, stdout: r.stdout, stderr: r.stderr };
}
