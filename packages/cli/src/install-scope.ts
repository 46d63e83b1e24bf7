/**
 * What `nbgit install`, `uninstall` and `status` share: the scope options (repository, user,
 * machine, or an attributes file) and the command git is to run for this nbgit (`nbgit` from
 * PATH when that is this one, else the absolute path of its bin).
 */
import { accessSync, closeSync, constants, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
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
 * The bin file to write into git config when no `nbgit` on PATH is this one: the path node was
 * given (process.argv[1]; e.g. a global install's `PREFIX/bin/nbgit` link, which a reinstall
 * in place keeps) when it leads to this nbgit's bin, else the bin file itself. Not an npx or
 * npm-script link (node_modules/.bin), which may be a project's that goes away.
 */
function binToWrite(): string {
  const bin = realPath(binFile());
  const given = process.argv[1];
  if (given && !/node_modules[\\/]\.bin[\\/]/.test(given) && given !== bin && realPath(given) === bin) return given;
  return bin;
}

/** True when the bin can run on its own (`#!/usr/bin/env node`, executable): no node path to write. */
function runsOnItsOwn(bin: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    accessSync(bin, constants.X_OK);
    const fd = openSync(bin, 'r');
    try {
      const head = Buffer.alloc(2);
      readSync(fd, head, 0, 2, 0);
      return head.toString('latin1') === '#!';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** True when `bin` is a source tree's (a clone's: no bundle beside it, it runs the compiled modules). */
export function isSourceTreeBin(bin: string): boolean {
  return !existsSync(join(dirname(realPath(bin)), '..', 'bundle', 'nbgit.cjs'));
}

/**
 * How git should run this nbgit: `nbgit` when the `nbgit` on PATH is this one (that
 * survives a Node upgrade and a reinstall in place); else the absolute path of this nbgit's
 * bin, which runs with the node on PATH (so a Node upgrade does not break it, and a bin that
 * is gone fails with the shell's one line "not found"); else (a bin that cannot run on its
 * own) absolute node and absolute bin.
 */
export function nbgitCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  if (nbgitOnPath(env) !== undefined) return ['nbgit'];
  const bin = binToWrite();
  return runsOnItsOwn(bin) ? [bin] : [process.execPath, bin];
}

/** One line saying which command install writes, and why. */
export function commandChoice(command: readonly string[], env: NodeJS.ProcessEnv): string {
  if (command.length === 1 && command[0] === 'nbgit')
    return `Command: nbgit, from PATH (${nbgitOnPath(env)}): it keeps working after a Node upgrade or a reinstall.`;
  const bin = command[command.length - 1]!;
  const how = command.length === 1 ? 'run with the node on PATH' : 'with this node';
  if (isSourceTreeBin(bin))
    return (
      `Command: ${command.join(' ')} (this clone's bin, ${how}; no nbgit on PATH is this one). Moving or deleting the clone breaks ` +
      "git add: install the package (README: 'To install nbgit for good') and run nbgit install again."
    );
  return `Command: ${command.join(' ')} (this nbgit's installed bin, ${how}; no nbgit on PATH is this one: put its folder on PATH and run nbgit install again to write plain nbgit).`;
}

/** Install options from the command line. */
export function scopeOptions(positionals: string[], options: OptionValues<typeof SCOPE_OPTIONS>, io: CliIO, name: string): InstallOptions {
  if (positionals.length > 0) throw new NbgitError('EUSAGE', `unexpected argument ${JSON.stringify(positionals[0])} (see nbgit ${name} --help)`);
  if (options.global && options.system) throw new NbgitError('EUSAGE', '--global and --system cannot be used together');
  const scope: InstallScope = options.global ? 'global' : options.system ? 'system' : 'local';
  return { cwd: io.cwd, env: io.env, scope, attributes: options.attributes, command: nbgitCommand(io.env) };
}
