/**
 * What `nbgit install`, `uninstall` and `status` share: the scope options (repository, user,
 * machine, or an attributes file) and the command git is to run for this nbgit (`nbgit` from
 * PATH when that is this one, else absolute node and bin).
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NbgitError } from '@nbgit/core';
import type { InstallOptions, InstallScope } from '@nbgit/git';
import type { OptionsSpec, OptionValues } from './args.js';
import type { CliIO } from './io.js';

/** Options shared by install, uninstall and status. */
export const SCOPE_OPTIONS = {
  global: { type: 'boolean', help: 'your user (git config --global)' },
  system: { type: 'boolean', help: 'the machine (git config --system)' },
  attributes: { type: 'string', arg: 'FILE', help: 'the attributes file to use (e.g. .git/info/attributes)' },
} as const satisfies OptionsSpec;

/** The bin file this nbgit runs from (set by bin/nbgit.cjs or bin/nbgit.js; in-process, the clone's). */
function binFile(): string {
  const set = (globalThis as Record<symbol, unknown>)[Symbol.for('nbgit.bin')];
  return typeof set === 'string' ? set : fileURLToPath(new URL('../../bin/nbgit.js', import.meta.url));
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * The `nbgit` on PATH when it is this nbgit (its bin file is in this nbgit's bin folder), else
 * undefined. Folders that npx and npm scripts add for their child (node_modules/.bin) do not count.
 */
export function nbgitOnPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const here = dirname(realPath(binFile()));
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // npx and npm run put node_modules/.bin on PATH for their child only: git will not have it.
    if (!dir || /node_modules[\\/]\.bin[\\/]?$/.test(dir)) continue;
    const candidate = join(dir, 'nbgit');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile() && dirname(realPath(candidate)) === here) return candidate;
      return undefined; // the first nbgit on PATH is what a shell runs: another one
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * How git should run this nbgit: `nbgit` when the `nbgit` on PATH is this one (that
 * survives a Node upgrade and a reinstall in place), else absolute node and absolute bin.
 */
export function nbgitCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  return nbgitOnPath(env) === undefined ? [process.execPath, realPath(binFile())] : ['nbgit'];
}

/** One line saying which command install writes, and why. */
export function commandChoice(command: readonly string[], env: NodeJS.ProcessEnv): string {
  if (command.length === 1) return `Command: nbgit, from PATH (${nbgitOnPath(env)}): it keeps working after a Node upgrade or a reinstall.`;
  return `Command: ${command.join(' ')} (node and this nbgit's bin: no nbgit on PATH is this one; after moving either, run nbgit install again).`;
}

/** Install options from the command line. */
export function scopeOptions(positionals: string[], options: OptionValues<typeof SCOPE_OPTIONS>, io: CliIO, name: string): InstallOptions {
  if (positionals.length > 0) throw new NbgitError('EUSAGE', `unexpected argument ${JSON.stringify(positionals[0])} (see nbgit ${name} --help)`);
  if (options.global && options.system) throw new NbgitError('EUSAGE', '--global and --system cannot be used together');
  const scope: InstallScope = options.global ? 'global' : options.system ? 'system' : 'local';
  return { cwd: io.cwd, env: io.env, scope, attributes: options.attributes, command: nbgitCommand(io.env) };
}
