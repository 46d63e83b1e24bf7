/**
 * Real git and the nbgit bin in tests, isolated from the user's and the machine's git config.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './shared.js';

/** The nbgit bin (run it with `process.execPath`). */
export const nbgitBin: string = join(repoRoot, 'packages', 'cli', 'bin', 'nbgit.js');

/**
 * An environment for git with a fresh home folder (`env.HOME`, made under the system temp
 * folder with `prefix`) and no user or system git config: a fixed author and committer, no
 * editor, no pager, and none of the variables that point git at another repository or
 * config (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_CONFIG_GLOBAL`) or change nbgit's output
 * (`NBGIT_TRACE_FILTER`, `NO_COLOR`, `GIT_PAGER_IN_USE`).
 */
export function isolatedGitEnv(prefix = 'nbgit-home-'): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.state'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'T',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 'T',
    GIT_COMMITTER_EMAIL: 't@example.com',
    GIT_EDITOR: 'true',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
  };
  for (const k of ['GIT_CONFIG_GLOBAL', 'GIT_DIR', 'GIT_WORK_TREE', 'NBGIT_TRACE_FILTER', 'NO_COLOR', 'GIT_PAGER_IN_USE']) delete env[k];
  return env;
}
