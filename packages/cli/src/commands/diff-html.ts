/**
 * `nbgit diff --html`: the files a diff found, as one self-contained review page
 * (`@nbgit/review`), written to `-o FILE` or stdout, or opened in a browser (`--open`, what
 * `git difftool -t nbgit` runs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { NbgitError } from '@nbgit/core';
import type { FileDiff } from '@nbgit/diff';
import { fromIpynb } from '@nbgit/ipynb';
import type { ReviewFile } from '@nbgit/review';
import type { OptionsSpec, OptionValues } from '../args.js';
import { writeOutput } from '../files.js';
import type { CliIO } from '../io.js';

/** The options `diff` takes for the page. */
export const HTML_OPTIONS = {
  html: {
    type: 'boolean',
    help: 'one self-contained HTML page of every changed notebook (rendered\nmarkdown and outputs, images before/after, cells side by side)',
  },
  output: { type: 'string', short: 'o', arg: 'FILE', help: '--html: write the page to FILE (default: stdout)' },
  open: { type: 'boolean', help: '--html: open the page in a browser ($BROWSER, xdg-open or open);\nwithout -o it goes to a temporary file' },
  title: { type: 'string', arg: 'TEXT', help: "--html: the page's title (and the name of a single notebook)" },
  layout: { type: 'string', arg: 'LAYOUT', choices: ['side-by-side', 'unified'], help: '--html: changed cells in two columns (side-by-side, default) or one' },
  'max-image-size': { type: 'string', arg: 'SIZE', help: '--html: images larger than SIZE (bytes; 500k, 2M) become a note' },
  images: { type: 'boolean', negatable: true, help: '--html: with --no-images, leave every image out' },
} as const satisfies OptionsSpec;

/** Parsed {@link HTML_OPTIONS}. */
export type HtmlFlags = OptionValues<typeof HTML_OPTIONS>;

/** `500k`, `2M`, `1500`: a size in bytes. */
function sizeOf(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?$/.exec(text.trim());
  if (!m) throw new NbgitError('EUSAGE', `--max-image-size needs a size such as 500k or 2M, not ${JSON.stringify(text)}`);
  const unit = m[2]?.toLowerCase() === 'k' ? 1000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1;
  return Math.round(Number(m[1]) * unit);
}

/** The review files for the diffed files that differ; an unmerged path shows the working-tree notebook's conflicts. */
export function reviewFiles(files: readonly FileDiff[], top: string | undefined): ReviewFile[] {
  const out: ReviewFile[] = [];
  // git lists an unmerged path, then its diff against our side: the conflict view replaces both
  const unmerged = new Set(files.filter((f) => f.unmerged).map((f) => f.path));
  for (const f of files) {
    if (!f.different || (unmerged.has(f.path) && !f.unmerged)) continue;
    const notes = [...f.meta];
    if (f.symlink) notes.push(`symbolic link: ${f.symlink.old ?? '(none)'} → ${f.symlink.new ?? '(none)'}`);
    const base = { path: f.path, ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}) };
    if (f.unmerged) {
      let conflicted: ReviewFile | undefined;
      try {
        if (top !== undefined) conflicted = { ...base, conflicted: fromIpynb(readFileSync(resolve(top, f.path)), { file: f.path }) };
      } catch {
        conflicted = undefined;
      }
      out.push(conflicted ?? { ...base, notes: [...notes, 'unmerged: the working-tree file is not a notebook (git conflict markers in its JSON?)'] });
      continue;
    }
    if (f.notebooks) {
      // a side git reports as /dev/null is absent: the page says "new notebook" or "deleted notebook"
      const a = f.names.a === '/dev/null' ? undefined : f.notebooks.a;
      const b = f.names.b === '/dev/null' ? undefined : f.notebooks.b;
      out.push({ ...base, ...(a ? { a } : {}), ...(b ? { b } : {}), ...(f.diff ? { diff: f.diff } : {}), notes });
    } else if (f.texts) out.push({ ...base, text: f.texts, notes: [...notes, `${f.error?.message ?? 'not a notebook'}: shown as text`] });
    else out.push({ ...base, notes });
  }
  return out;
}

/**
 * Writes the page of `files` as the options say; the size goes to stderr when the page goes to a file.
 *
 * @param top - The repository's top folder (for unmerged paths), when in a repository.
 * @param subtitle - What was compared (`main...HEAD`, `working tree against the index`).
 */
export async function writeHtml(files: readonly FileDiff[], options: HtmlFlags, io: CliIO, top: string | undefined, subtitle: string): Promise<void> {
  // the renderers (markdown, math, HTML) are loaded only for a page: a diff without --html
  // would otherwise start with 18 MB more memory
  const { formatSize, renderReview } = await import('@nbgit/review');
  const layout = options.layout ?? 'side-by-side';
  if (layout !== 'side-by-side' && layout !== 'unified')
    throw new NbgitError('EUSAGE', `--layout must be side-by-side or unified, not ${JSON.stringify(layout)}`);
  const maxImageBytes = options.images === false ? 0 : typeof options['max-image-size'] === 'string' ? sizeOf(options['max-image-size']) : undefined;
  const list = reviewFiles(files, top);
  const title = typeof options.title === 'string' ? options.title : undefined;
  // one notebook named by --title (git difftool passes temporary files and the real path as the title)
  if (title !== undefined && list.length === 1 && list[0]) list[0].path = title;
  const page = renderReview(list, { layout, maxImageBytes, title: title ?? 'Notebook changes', subtitle });
  let output = typeof options.output === 'string' && options.output !== '-' ? options.output : undefined;
  if (options.open === true && output === undefined) {
    output = join(mkdtempSync(join(tmpdir(), 'nbgit-review-')), `${basename(title ?? list[0]?.path ?? 'review').replace(/[^\w.-]+/g, '_')}.html`);
  }
  if (output === undefined) {
    io.stdout.write(page.html);
    return;
  }
  writeOutput(output, page.html, io);
  const imgs = `${page.images.embedded} ${page.images.embedded === 1 ? 'image' : 'images'}${page.images.omitted ? `, ${page.images.omitted} left out` : ''}`;
  io.stderr.write(`nbgit diff: wrote ${output} (${formatSize(page.bytes)}, ${imgs})\n`);
  if (options.open === true) openInBrowser(resolve(io.cwd, output), io);
}

/** Opens a file with $BROWSER, else the platform's opener; says where the page is when none runs. */
function openInBrowser(path: string, io: CliIO): void {
  const opener = io.env.BROWSER || (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  try {
    const child = spawn(opener, [path], { detached: true, stdio: 'ignore', shell: io.env.BROWSER !== undefined && /\s/.test(opener) });
    child.on('error', () => io.stderr.write(`nbgit diff: could not run ${opener}; open ${path} in a browser\n`));
    child.unref();
  } catch {
    io.stderr.write(`nbgit diff: open ${path} in a browser\n`);
  }
}
