/** `nbgit sync [PATHS]`: keep paired notebooks and their text files in step, decided by content. */
import { readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { isNbgitError, NbgitError } from '@nbgit/core';
import { git } from '@nbgit/git';
import { findPair, isDirectory, type Pair, type SyncOutcome, SyncState, syncPair, workTreeOf } from '@nbgit/git/pairs';
import { CONFIG_FILES } from '@nbgit/sync';
import { defineCommand } from '../command.js';
import type { CliIO } from '../io.js';

/** Extensions of files that may belong to a pair. */
const CANDIDATE = /\.(ipynb|md|myst|qmd|py|r|jl|sh|js|ts|scala|cpp|c|java|rs|go|ps1|m|sql|sage|q|lua|hs|kt)$/i;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules' || e.name === '.ipynb_checkpoints') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (CANDIDATE.test(e.name)) out.push(p);
  }
}

/** Files under `paths` (or the whole work tree) that may be members of a pair. */
export function candidateFiles(paths: string[], cwd: string): { files: string[]; named: Set<string> } {
  const named = new Set<string>();
  const files: string[] = [];
  const top = workTreeOf(cwd);
  const roots = paths.length > 0 ? paths : [top ?? cwd];
  for (const p of roots) {
    const abs = resolve(cwd, p);
    if (!isDirectory(abs)) {
      named.add(abs);
      files.push(abs);
    } else if (top) {
      // tracked and untracked files git does not ignore, plus ignored notebooks (text-first layout)
      const listed = git(['ls-files', '-z', '-co', '--exclude-standard', '--', abs], { cwd: top }).stdout.split('\0');
      const ignored = git(['ls-files', '-z', '-oi', '--exclude-standard', '--', abs], { cwd: top }).stdout.split('\0');
      for (const f of [...listed, ...ignored.filter((f) => f.toLowerCase().endsWith('.ipynb'))])
        if (f && CANDIDATE.test(f) && !f.split('/').includes('.ipynb_checkpoints')) files.push(resolve(top, f)); // Jupyter's copies, as walk() skips them
    } else walk(abs, files);
  }
  return { files, named };
}

/**
 * The pairs of `files`, each once, and the files that could not be read to learn whether they
 * are paired (a notebook that is not JSON...): each of those is an error to report, unless it
 * is a member of a pair found through another file (syncing that pair reports it). A named file
 * that no pairing covers is a usage error (thrown); a named file whose pairing cannot be found
 * (it does not read, EDENIED) is in `refused`, to report: the other pairs are still synced.
 */
export function pairsOf(files: string[], named: Set<string>): { pairs: Pair[]; unreadable: NbgitError[]; refused: NbgitError[] } {
  const pairs = new Map<string, Pair>();
  const unreadable: NbgitError[] = [];
  const refused: NbgitError[] = [];
  for (const f of files) {
    if ([...pairs.values()].some((p) => p.notebook === f || p.texts.some((t) => t.path === f))) continue;
    let pair: Pair | undefined;
    try {
      pair = findPair(f);
    } catch (e) {
      // a file the pairing's shape does not fit is skipped; a pairing that reaches out of bounds, or a
      // configuration file nbgit cannot read (which would leave every pair under it unsynced), is an error
      const config = isNbgitError(e) && e.file !== undefined && CONFIG_FILES.includes(basename(e.file));
      if (!isNbgitError(e) || config) throw e;
      if (named.has(f)) {
        refused.push(e.file === undefined ? e.withFile(f) : e);
        continue;
      }
      // a file that is itself a link out of the repository is not read (nor paired): left alone
      if (e.code === 'EDENIED' && e.file === f) continue;
      if (e.code === 'EDENIED') throw e;
      // a file that does not read may be paired: never skipped in silence
      if (e.file !== undefined) unreadable.push(e);
      continue;
    }
    if (!pair) {
      if (named.has(f))
        throw new NbgitError(
          'EUSAGE',
          `${f} is not paired: no jupytext formats in it and no jupytext.toml above it (pair it with nbgit pair NB --with py:percent)`,
        );
      continue;
    }
    if (!pairs.has(pair.notebook)) pairs.set(pair.notebook, pair);
  }
  const members = new Set([...pairs.values()].flatMap((p) => [p.notebook, ...p.texts.map((t) => t.path)]));
  return { pairs: [...pairs.values()], unreadable: unreadable.filter((e) => !members.has(resolve(e.file!))), refused };
}

/** The file a plan would rewrite, when only one side is stale. */
function staleSide(o: SyncOutcome): string | undefined {
  const a = o.plan.action;
  return a === 'text-to-notebook' || a === 'create-notebook' ? o.notebook : a === 'notebook-to-text' || a === 'create-text' ? o.text : undefined;
}

function isIgnored(path: string, cwd: string): boolean {
  const top = workTreeOf(cwd);
  return top !== undefined && git(['check-ignore', '-q', '--', path], { cwd: top, ok: [0, 1, 128] }).status === 0;
}

/** Stages the rewritten files git does not ignore. */
function stage(files: string[], cwd: string): void {
  const top = workTreeOf(cwd);
  if (!top) return;
  const add = files.filter((f) => !isIgnored(f, cwd));
  if (add.length > 0) git(['add', '--', ...add], { cwd: top });
}

const cellList = (cells: number[]) =>
  cells.length === 0 ? '' : ` (cell${cells.length > 1 ? 's' : ''} ${cells.slice(0, 12).join(', ')}${cells.length > 12 ? ', ...' : ''})`;

/**
 * Writes the synced-state record; one that cannot be written is a warning, not a failure: the
 * files are synced, and without the record the next sync compares with HEAD (or asks).
 */
export function saveState(state: SyncState, command: string, io: CliIO): void {
  try {
    state.save();
  } catch (e) {
    if (!isNbgitError(e)) throw e;
    io.stderr.write(`nbgit ${command}: warning: ${e.message}; the files are written, and the next sync compares them with HEAD\n`);
  }
}

/** One line for an outcome. */
export function describe(o: SyncOutcome, cwd: string, check: boolean): string | undefined {
  const nb = relative(cwd, o.notebook) || o.notebook;
  const text = relative(cwd, o.text) || o.text;
  const cells = cellList(o.plan.differingCells);
  switch (o.plan.action) {
    case 'in-sync':
      return undefined;
    case 'create-text':
      return check ? `${text} is missing (paired with ${nb})` : `${text}: written from ${nb}`;
    case 'create-notebook':
      return check ? `${nb} is missing (paired with ${text})` : `${nb}: built from ${text}`;
    case 'text-to-notebook':
      return check ? `${text} is newer than ${nb}${cells}` : `${nb}: updated from ${text}${cells}, outputs kept`;
    case 'notebook-to-text':
      return check ? `${nb} is newer than ${text}${cells}` : `${text}: updated from ${nb}${cells}`;
    case 'merge':
      if (check) return `${nb} and ${text} both changed since the last sync${cells}`;
      return o.plan.conflicts.length === 0
        ? `${nb}, ${text}: both changed; merged cell by cell${cells}`
        : `${nb}, ${text}: both changed; ${o.plan.conflicts.length} conflict${o.plan.conflicts.length > 1 ? 's' : ''} marked in the cells (cells ${o.plan.conflicts
            .map((c) => (c.cell === undefined ? 'metadata' : c.cell + 1))
            .join(', ')}): resolve them, then run nbgit sync again`;
    case 'undecided':
      return `${nb} and ${text} differ${cells} and nbgit has no synced state saying which changed: run nbgit sync --prefer text (or notebook) ${text}`;
  }
}

export const command = defineCommand(
  {
    summary: 'keep paired notebooks and text files in step (by content)',
    usage: 'nbgit sync [PATH...] [--check] [--prefer text|notebook] [--quiet]',
    description: `Syncs each paired notebook with its text files (jupytext's pairing: the notebook's
metadata.jupytext.formats, the text header's, or jupytext.toml / .jupytext.toml /
[tool.jupytext] in pyproject.toml). PATHs are notebooks, text files or folders (default: the
whole work tree). Each file is compared with its last synced state, not its timestamp:
only the text changed -> the notebook takes its cells (outputs and unchanged cells kept);
only the notebook changed -> the text is written again; both changed -> a three-way cell merge,
conflicts marked in the cells as the merge driver does. The synced state is the text as nbgit
last wrote or read it (kept in .git/nbgit/sync.json), else the version committed at HEAD.`,
    options: {
      check: { type: 'boolean', help: 'change nothing; exit 1 when a pair is out of step, naming the newer side and the cells' },
      prefer: { type: 'string', arg: 'SIDE', choices: ['text', 'notebook'], help: 'when no synced state says which side changed, this side wins' },
      quiet: { type: 'boolean', short: 'q', help: 'print only problems' },
      stage: { type: 'boolean', help: 'git add the files it rewrote (what the pre-commit hook runs with nbgit.syncOnCommit)' },
    },
    footer:
      'Exit status: 0 in step (or synced); 1 out of step (--check), a conflict, a pair nbgit cannot decide, or a file it cannot read (the others are still synced); 2 bad usage.',
  },
  async ({ positionals, options }, io) => {
    const { files, named } = candidateFiles(positionals, io.cwd);
    const { pairs, unreadable, refused } = pairsOf(files, named);
    const state = new SyncState(io.cwd);
    let problems = unreadable.length + refused.length;
    // a file named that cannot be synced is reported; the other pairs are still synced (as fmt and strip do)
    for (const e of refused) io.stderr.write(`nbgit sync: ${e.file === undefined ? e.message : e.withFile(relative(io.cwd, e.file) || e.file).message}\n`);
    for (const e of unreadable)
      io.stderr.write(`nbgit sync: ${e.withFile(relative(io.cwd, e.file!) || e.file!).message} (not synced: nbgit cannot tell whether it is paired)\n`);
    for (const pair of pairs) {
      let outcomes: SyncOutcome[];
      try {
        outcomes = syncPair(pair, state, { check: options.check, prefer: options.prefer as 'text' | 'notebook' | undefined });
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        io.stderr.write(`nbgit sync: ${e.message}\n`);
        problems++;
        continue;
      }
      for (const o of outcomes) {
        const line = describe(o, io.cwd, options.check === true);
        // --check: a stale file git ignores (a notebook made from its text on checkout) is not a problem to commit
        const stale = staleSide(o);
        const ignored = options.check && stale !== undefined && isIgnored(stale, io.cwd);
        const bad = o.plan.action === 'undecided' || o.plan.conflicts.length > 0 || (options.check && o.plan.action !== 'in-sync' && !ignored);
        if (options.stage && o.written.length > 0) stage(o.written, io.cwd);
        if (bad) problems++;
        if (line && (bad || !options.quiet)) (bad ? io.stderr : io.stdout).write(`${line}\n`);
      }
    }
    if (!options.check) saveState(state, 'sync', io);
    return problems > 0 ? 1 : 0;
  },
);
