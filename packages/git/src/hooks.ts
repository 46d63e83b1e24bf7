/**
 * Git hooks for paired notebooks (`nbgit install --hooks`): text as the source of truth.
 *
 * - pre-commit: refuses a commit while a pair is out of step (`nbgit sync --check`); with
 *   `git config nbgit.syncOnCommit true` it syncs instead and stages what it rewrote.
 * - post-checkout, post-merge, post-rewrite: `nbgit sync`, which rebuilds each notebook whose
 *   text changed (outputs of unchanged cells kept) and writes missing notebooks.
 *
 * Each hook is a block between marker lines, added to an existing hook script or in a new one;
 * uninstalling removes the block (and the file, when nothing else is left in it).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { git } from './exec.js';
import { writeFileAtomic } from './fs.js';
import { shellQuote } from './install.js';

const BEGIN = '# >>> nbgit sync hook >>>';
const END = '# <<< nbgit sync hook <<<';

/** The hooks nbgit installs, and what each runs. */
export const HOOKS: Readonly<Record<string, string>> = {
  'pre-commit': 'pre-commit',
  'post-checkout': 'post-checkout',
  'post-merge': 'post-merge',
  'post-rewrite': 'post-rewrite',
};

function hooksDir(cwd: string): string {
  return resolve(cwd, git(['rev-parse', '--git-path', 'hooks'], { cwd }).stdout.trim());
}

function block(hook: string, nbgit: string): string {
  const run =
    hook === 'pre-commit'
      ? `if [ "$(git config --bool nbgit.syncOnCommit)" = true ]; then ${nbgit} sync --quiet --stage || exit 1; else ${nbgit} sync --check || { echo "nbgit: paired notebooks are out of step: run nbgit sync (or git config nbgit.syncOnCommit true)" >&2; exit 1; }; fi`
      : hook === 'post-checkout'
        ? `[ "$3" = 0 ] || ${nbgit} sync --quiet || true`
        : `${nbgit} sync --quiet || true`;
  return `${BEGIN}\n${run}\n${END}\n`;
}

function withoutBlock(text: string): string {
  const start = text.indexOf(BEGIN);
  if (start < 0) return text;
  const end = text.indexOf(END, start);
  if (end < 0) return text;
  let after = end + END.length;
  if (text[after] === '\n') after++;
  return text.slice(0, start) + text.slice(after);
}

/** Installs the hooks in the repository of `cwd`; returns the hook files written. */
export function installHooks(cwd: string, command: readonly string[]): string[] {
  const dir = hooksDir(cwd);
  mkdirSync(dir, { recursive: true });
  const nbgit = shellQuote(command);
  const written: string[] = [];
  for (const hook of Object.keys(HOOKS)) {
    const file = join(dir, hook);
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const base = withoutBlock(old);
    const next = base === '' ? `#!/bin/sh\n${block(hook, nbgit)}` : `${base}${base.endsWith('\n') ? '' : '\n'}${block(hook, nbgit)}`;
    if (writeFileAtomic(file, next, { onlyIfChanged: true })) written.push(file);
    // executable, as git runs hooks; a mode the user chose (0700) is kept
    const mode = statSync(file).mode & 0o7777;
    if ((mode & 0o100) === 0) chmodSync(file, mode | 0o755);
  }
  return written;
}

/** Removes nbgit's blocks from the hooks; a hook file left with only its shebang is removed. */
export function uninstallHooks(cwd: string): string[] {
  const dir = hooksDir(cwd);
  const changed: string[] = [];
  for (const hook of Object.keys(HOOKS)) {
    const file = join(dir, hook);
    if (!existsSync(file)) continue;
    const old = readFileSync(file, 'utf8');
    const next = withoutBlock(old);
    if (next === old) continue;
    if (next.trim() === '#!/bin/sh' || next.trim() === '') rmSync(file);
    else writeFileAtomic(file, next);
    changed.push(file);
  }
  return changed;
}

/** Which nbgit hooks are installed. */
export function hooksInstalled(cwd: string): string[] {
  const dir = hooksDir(cwd);
  return Object.keys(HOOKS).filter((h) => {
    const f = join(dir, h);
    return existsSync(f) && readFileSync(f, 'utf8').includes(BEGIN);
  });
}
