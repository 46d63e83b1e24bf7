/**
 * `nbgit diff`: cell-aware diff of two notebooks, of the working tree against the index, or
 * between revisions. Git's side (which files differ, their bytes, the clean filter) is
 * `diffRevisions` of @nbgit/git; the diffing of two sides is ../notebook-diff.ts; the
 * rendering is @nbgit/diff's.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import { type FileDiff, type NotebookDiff, renderFiles, renderJson, renderJsonSet } from '@nbgit/diff';
import { type ChangedFile, type ChangedSide, diffRevisions, isRevision, mergeBase, type RepositoryOptions, repositoryTop } from '@nbgit/git';
import { readJupyterLayout } from '@nbgit/ipynb';
import { defineCommand } from '../command.js';
import { largeFile, readFileBytes, readInput, textPieces } from '../files.js';
import type { CliIO } from '../io.js';
import { DIFF_OPTIONS, type DiffSettings, diffSettings, diffSides, parseSide, type Side } from '../notebook-diff.js';
import { cellReuser } from '../share-strings.js';
import { HTML_OPTIONS, type HtmlFlags, writeHtml } from './diff-html.js';

function isFile(path: string, cwd: string): boolean {
  if (path === '-') return true;
  try {
    return statSync(resolve(cwd, path)).isFile();
  } catch {
    return false;
  }
}

/** `nbgit diff A B`: two files (or - for stdin, a notebook when it starts with "{", else the other side's format). */
async function diffTwoFiles(pa: string, pb: string, settings: DiffSettings, json: boolean, stat: boolean, io: CliIO, html?: HtmlFlags): Promise<number> {
  const stdinFormat = (bytes: Uint8Array, other: string) => (/^\uFEFF?\s*\{/.test(Buffer.from(bytes.subarray(0, 64)).toString('utf8')) ? 'stdin.ipynb' : other);
  // Each side is parsed as soon as it is read, so that a large notebook's bytes and text are
  // not held while the other is read; a parse error is thrown once both are read (a missing
  // second file is reported first, as when both were read before either was parsed).
  let failure: { error: unknown } | undefined;
  const side = (p: string, other: string, read: () => Buffer, like?: Notebook): Side => {
    const label = p === '-' ? '<stdin>' : p;
    // the second .ipynb (and a large first one), when in Jupyter's layout: read in pieces, cell by
    // cell, the second with the first one's cells where equal (one object for both) and strings
    if (failure === undefined && p !== '-' && /\.ipynb$/i.test(p) && (like !== undefined || largeFile(p, io.cwd))) {
      const notebook = readJupyterLayout(textPieces(resolve(io.cwd, p)), like === undefined ? undefined : cellReuser(like));
      if (notebook !== undefined) return { label, bytes: undefined, formatPath: p, parsed: { notebook, ipynb: true } };
    }
    let bytes: Buffer | undefined = read();
    // an empty /dev/null (git difftool's side of a new or deleted file) is a missing side
    if (p === '/dev/null' && bytes.length === 0) return { label, bytes: undefined, formatPath: p };
    const formatPath = p === '-' ? stdinFormat(bytes, other) : p;
    if (failure !== undefined) return { label, bytes: undefined, formatPath };
    const take = () => {
      const b = bytes!;
      bytes = undefined;
      return b;
    };
    try {
      return { label, bytes: undefined, formatPath, parsed: parseSide(take, formatPath, label, like) };
    } catch (e) {
      failure = { error: e };
      return { label, bytes: undefined, formatPath };
    }
  };
  // a file is read inside `side` (its bytes cross no await); stdin is read first
  const reader = async (p: string): Promise<() => Buffer> => {
    if (p !== '-') return () => readFileBytes(p, io);
    let held: Buffer | undefined = await readInput(p, io);
    return () => {
      const b = held!;
      held = undefined;
      return b;
    };
  };
  const a = side(pa, pb, await reader(pa));
  const b = side(pb, pa, await reader(pb), a.parsed?.notebook);
  if (failure !== undefined) throw failure.error;
  const f = diffSides(pb === '-' || pb === '/dev/null' ? pa : pb, a, b, settings, { fallback: false });
  if (html) {
    await writeHtml([f], html, io, undefined, `${a.label} → ${b.label}`);
    return f.different ? 1 : 0;
  }
  io.stdout.write(json ? renderJson(f.diff as NotebookDiff) : renderFiles([f], { ...settings, stat }));
  return f.different ? 1 : 0;
}

/** The revisions and paths of `nbgit diff [REV [REV2]] [[--] PATH...]`, as git reads them. */
function revisionsAndPaths(before: string[], afterDashDash: string[], cached: boolean, repo: RepositoryOptions): { revs: string[]; paths: string[] } {
  // as git diff: without --, the arguments after the revisions may be paths that exist
  // (`nbgit diff a.ipynb`, `nbgit diff HEAD~1 notebooks/`)
  let [revs, paths] = [before, afterDashDash];
  const exists = (p: string) => existsSync(resolve(repo.cwd, p));
  const k = afterDashDash.length === 0 ? before.findIndex((p) => !isRevision(p, repo) && exists(p)) : -1;
  if (k !== -1) {
    [revs, paths] = [before.slice(0, k), before.slice(k)];
    const missing = paths.find((p) => !exists(p));
    if (missing !== undefined) throw new NbgitError('EIO', 'no such file or directory (revisions come before paths; use REV -- PATH)', { file: missing });
  }
  if (revs.length > 2) throw new NbgitError('EUSAGE', 'too many arguments (see nbgit diff --help)');
  if (revs.length === 1 && revs[0]!.includes('..')) {
    const three = revs[0]!.includes('...');
    const [x, y] = revs[0]!.split(three ? '...' : '..');
    revs = [x || 'HEAD', y || 'HEAD'];
    // A...B, as in git diff: from the merge base of A and B to B
    if (three && isRevision(revs[0]!, repo) && isRevision(revs[1]!, repo)) revs[0] = mergeBase(revs[0]!, revs[1]!, repo);
  }
  if (cached && revs.length > 1) throw new NbgitError('EUSAGE', '--cached compares the index with one revision (HEAD by default), not two');
  for (const r of revs) {
    if (isRevision(r, repo)) continue;
    if (isFile(r, repo.cwd)) throw new NbgitError('EUSAGE', `${r}: give two files, or revisions (a file and a revision cannot be mixed; use REV -- PATH)`);
    throw new NbgitError('EIO', 'no such file or revision', { file: r });
  }
  return { revs, paths };
}

/** One changed file as one (or, for a rename that keeps no cell, two) file diffs. */
function diffChanged(c: ChangedFile, settings: DiffSettings): FileDiff[] {
  const label = (s: ChangedSide, prefix: string): Side => ({
    label: s.bytes === undefined ? '/dev/null' : `${prefix}/${s.path}`,
    bytes: s.bytes,
    mode: s.mode,
  });
  if (c.status === 'U') return [{ path: c.new.path, meta: [], names: { a: `a/${c.new.path}`, b: `b/${c.new.path}` }, unmerged: true, different: true }];
  const [a, b] = [label(c.old, 'a'), label(c.new, 'b')];
  const f = diffSides(c.new.path, { ...a, formatPath: c.old.path }, b, settings, { status: c.status, oldPath: c.old.path, score: c.score });
  // small notebooks share most of their JSON, so git pairs unrelated ones: a "rename" or
  // "copy" that keeps no cell is shown as the notebooks they are
  const s = f.diff?.summary;
  if (!(c.status === 'R' || c.status === 'C') || s === undefined || s.unchanged + s.modified + s.moved > 0 || s.removed === 0 || s.added === 0) return [f];
  const none = (formatPath: string): Side => ({ label: '/dev/null', bytes: undefined, formatPath });
  return [...(c.status === 'R' ? [diffSides(c.old.path, a, none(c.new.path), settings)] : []), diffSides(c.new.path, none(c.old.path), b, settings)];
}

export const command = defineCommand(
  {
    summary: 'show what changed in notebooks, cell by cell',
    usage: ['nbgit diff [options] A B', 'nbgit diff [options] [REV [REV2]] [-- PATH...]', 'nbgit diff [options] --cached [REV] [-- PATH...]'],
    description: `Shows the difference between two notebooks cell by cell: cells added, removed, moved and
modified (source as a line diff, outputs, execution count, metadata, attachments). Cells are
matched by id, then by content, so an edited cell shows as modified and a moved one as moved.
A and B may be .ipynb notebooks, .md (jupytext markdown) or percent scripts (.py ...), or -
for stdin.

Without files, in a git repository: with no REV, every changed notebook in the working tree
against the index; with REV, the working tree against REV; with REV REV2 (or REV..REV2),
between two revisions (REV...REV2: from their merge base to REV2); with --cached (or
--staged), the index against HEAD (or REV). Only *.ipynb files are diffed unless PATHs are
given; as with git, PATHs that exist may follow the revisions without -- (nbgit diff x.ipynb,
nbgit diff HEAD~1 notebooks/). Renamed notebooks are found as git finds them and diffed as one notebook
(--no-renames: as a removed and an added one); mode changes and symbolic links are shown as
git shows them.`,
    options: {
      cached: { type: 'boolean', aliases: ['staged'], help: 'the index against HEAD (or REV)' },
      renames: { type: 'boolean', negatable: true, help: 'with --no-renames: a renamed notebook as one removed and one added' },
      quiet: { type: 'boolean', short: 'q', help: 'print nothing; the exit status says whether anything differs' },
      ...DIFF_OPTIONS,
      ...HTML_OPTIONS,
    },
    footer: `Exit status: 0 when there is no difference, 1 when there is, 2 on trouble (bad usage,
unreadable file).`,
  },
  async ({ positionals, afterDashDash, options }, io) => {
    if (options.html === true && (options.json === true || options.stat === true))
      throw new NbgitError('EUSAGE', '--html cannot be combined with --json or --stat');
    const html = options.html === true ? (options as HtmlFlags) : undefined;
    const cached = options.cached === true;
    const settings = diffSettings(options, io);
    if (options.json) settings.color = false;
    const before = positionals.slice(0, positionals.length - afterDashDash.length);
    // --quiet, as in git diff: no output, only the exit status
    if (options.quiet === true) io = { ...io, stdout: Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: false }) };
    const repo = { cwd: io.cwd, env: io.env };
    try {
      // two files, unless the first is a revision (`nbgit diff HEAD a.ipynb`: a path in a revision)
      const revisionFirst = () => !isFile(before[0]!, io.cwd) && isRevision(before[0]!, repo);
      if (!cached && afterDashDash.length === 0 && before.length === 2 && before.some((p) => isFile(p, io.cwd)) && !revisionFirst())
        return await diffTwoFiles(before[0]!, before[1]!, settings, options.json === true, options.stat === true, io, html);
      let top: string;
      try {
        top = repositoryTop(repo);
      } catch (e) {
        if (before.length > 2) throw new NbgitError('EUSAGE', 'too many arguments (see nbgit diff --help)');
        throw e;
      }
      const { revs, paths } = revisionsAndPaths(before, afterDashDash, cached, repo);
      const changed = diffRevisions({ ...repo, top, revs, paths, cached, renames: options.renames !== false, cleanWorktree: options.filter !== false });
      const files = changed.flatMap((c) => diffChanged(c, settings));
      // git sorts by path; a split pair goes back into that order
      if (files.length > changed.length) files.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
      if (html) {
        // as the user wrote the revisions (`main...HEAD`), not as resolved
        const given = before.filter((p) => !paths.includes(p));
        const compared = cached
          ? `the index against ${given[0] ?? 'HEAD'}`
          : given.length === 0
            ? 'the working tree against the index'
            : given.length === 1 && !given[0]!.includes('..')
              ? `the working tree against ${given[0]}`
              : given.join(' → ');
        await writeHtml(files, html, io, top, compared);
        return files.some((f) => f.different) ? 1 : 0;
      }
      io.stdout.write(options.json ? renderJsonSet(files) : renderFiles(files, { ...settings, stat: options.stat === true, namesAlways: true }));
      return files.some((f) => f.different) ? 1 : 0;
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      io.stderr.write(`nbgit diff: ${e.message}\n`);
      return 2;
    }
  },
);
