/**
 * The one way nbgit runs git: {@link runGit}, synchronous, in byte mode (stdout as bytes,
 * optional stdin). {@link git} is the same call with stdout decoded as UTF-8 text.
 */
import { spawnSync } from 'node:child_process';
import { NbgitError } from '@nbgit/core';

/** Options of {@link runGit} and {@link git}. */
export interface GitOptions {
  /** Working directory (default: the process's). */
  cwd?: string;
  /** Environment (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are not errors (default: 0 only); `'any'` accepts every exit code. */
  ok?: number[] | 'any';
  /** Bytes or text for git's stdin. */
  input?: string | Uint8Array;
  /** The error's message is git's own (without `fatal: `), not `git ARGS failed (exit N): ...`. */
  gitMessage?: boolean;
}

/** What {@link runGit} returns. */
export interface GitBytesResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** What {@link git} returns. */
export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `git ARGS...` and returns its exit status, stdout as bytes and stderr as text. Throws
 * an `EIO` `NbgitError` when git cannot be started (the message says so: `cannot run git: ...`)
 * or exits with a status not in `ok`.
 */
export function runGit(args: readonly string[], options: GitOptions = {}): GitBytesResult {
  const r = spawnSync('git', args, { cwd: options.cwd, env: options.env, input: options.input, maxBuffer: 1 << 30 });
  if (r.error) throw new NbgitError('EIO', `cannot run git: ${r.error.message}`, { cause: r.error });
  const status = r.status ?? 128;
  const stderr = r.stderr.toString('utf8');
  if (options.ok !== 'any' && !(options.ok ?? [0]).includes(status)) {
    if (options.gitMessage) throw new NbgitError('EIO', stderr.trim().replace(/^fatal: /, '') || `git ${args[0]} failed with status ${status}`);
    const msg = (stderr || r.stdout.toString('utf8')).trim().split('\n').pop() ?? '';
    throw new NbgitError('EIO', `git ${args.join(' ')} failed (exit ${status})${msg ? `: ${msg.replace(/^fatal: /, '')}` : ''}`);
  }
  return { status, stdout: r.stdout, stderr };
}

/** {@link runGit} with stdout as UTF-8 text. */
export function git(args: readonly string[], options: GitOptions = {}): GitResult {
  const r = runGit(args, options);
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
}
