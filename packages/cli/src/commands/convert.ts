/**
 * `nbgit convert`: notebooks to and from text (percent scripts, jupytext markdown).
 *
 * Input formats are told by extension (`.ipynb`, `.md`, a script extension), and for stdin by
 * content. Script extensions for output follow the notebook's `language_info`/`kernelspec`, as
 * jupytext's `auto` does. Each file is converted on its own: a failing file is reported with
 * its location and left alone, the others are written (atomically, and only when they change).
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { copyNumberLexemes, isJsonObject, isNbgitError, NbgitError, type Notebook } from '@nbgit/core';
import { decodeUtf8, fromIpynb, toIpynb, withLayoutOf } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { fromPercent, toPercent } from '@nbgit/percent';
import { updateNotebook } from '@nbgit/sync';
import { SCRIPT_LANGUAGES, scriptExtension, scriptLanguage } from '@nbgit/text';
import type { OptionsSpec } from '../args.js';
import { defineCommand } from '../command.js';
import { ensureDirectory, readInput, writeOutput } from '../files.js';
import type { CliIO } from '../io.js';

type Format = 'ipynb' | 'percent' | 'md';

const OPTIONS = {
  to: {
    type: 'string',
    arg: 'FORMAT',
    help: `ipynb, percent (alias: py, script) or md (alias: markdown);
jupytext's EXT:FORMAT works too: py:percent, R:percent (sets
the extension), auto:percent, md:markdown`,
  },
  from: { type: 'string', arg: 'FORMAT', help: 'input format, when the extension or content does not say it' },
  output: { type: 'string', short: 'o', arg: 'PATH', help: 'output file (one input only; - for stdout)' },
  'output-dir': { type: 'string', arg: 'DIR', help: 'write outputs into DIR (same base names)' },
  ext: {
    type: 'string',
    arg: 'EXT',
    help: `script extension for --to percent (default: from the notebook's
language_info/kernelspec, else .py)`,
  },
  update: {
    type: 'boolean',
    help: `--to ipynb: keep the outputs, ids and metadata of the existing
notebook for the cells that did not change`,
  },
  lossless: { type: 'boolean', help: 'keep what jupytext drops (language_info, ExecuteTime, ids...)' },
  check: { type: 'boolean', help: 'write nothing; exit 1 when an output is missing or out of date' },
  force: {
    type: 'boolean',
    help: `replace an existing script or markdown file that is not a text
notebook (without it, such a file is left alone and reported)`,
  },
  quiet: { type: 'boolean', short: 'q', help: 'no notes or progress on stderr (errors are still reported)' },
} as const satisfies OptionsSpec;

/** jupytext's text formats that nbgit does not write or read (it reads and writes percent and md). */
const OTHER_JUPYTEXT_FORMATS = ['light', 'nomarker', 'sphinx', 'spin', 'hydrogen', 'myst', 'pandoc', 'quarto', 'qmd', 'rmarkdown', 'rmd'];

/**
 * A format given to --to/--from: `ipynb`, `percent` (aliases `py`, `script`), `md`
 * (`markdown`), or jupytext's `EXT:FORMAT` form: `py:percent`, `R:percent`, `auto:percent`
 * (the extension from the notebook), `md:markdown`. The extension of that form, if any, is
 * returned with the format.
 */
function parseFormat(value: string, option: string): { format: Format; ext?: string } {
  const colon = value.indexOf(':');
  const v = (colon === -1 ? value : value.slice(colon + 1)).toLowerCase().replace(/^\./, '');
  const prefix = colon === -1 ? undefined : value.slice(0, colon).replace(/^\./, '');
  const unknown = () => {
    const other = [v, (prefix ?? '').toLowerCase()].find((n) => OTHER_JUPYTEXT_FORMATS.includes(n));
    const why = other
      ? `: nbgit reads and writes jupytext's percent scripts (py:percent) and markdown (md), not its "${other}" format`
      : ' (expected ipynb, percent, md, or EXT:percent as py:percent, R:percent, auto:percent)';
    return new NbgitError('EUSAGE', `${option}: unknown format ${JSON.stringify(value)}${why}`);
  };
  if (prefix === undefined) {
    if (v === 'ipynb' || v === 'notebook') return { format: 'ipynb' };
    if (v === 'percent' || v === 'py' || v === 'script') return { format: 'percent' };
    if (v === 'md' || v === 'markdown') return { format: 'md' };
    throw unknown();
  }
  if (v === 'percent' && (prefix === 'auto' || scriptLanguage(prefix)))
    return prefix === 'auto' ? { format: 'percent' } : { format: 'percent', ext: `.${prefix}` };
  if (v === 'markdown' && (prefix === 'md' || prefix === 'markdown')) return { format: 'md' };
  throw unknown();
}

/** The format of a file by its extension, if the extension says it. */
function formatOfPath(path: string): Format | undefined {
  const ext = extname(path);
  if (ext === '.ipynb') return 'ipynb';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (scriptLanguage(ext)) return 'percent';
  return undefined;
}

/** The format of text by its content (stdin, unknown extensions). */
function formatOfText(text: string): Format {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) return 'ipynb';
  const first = text.split('\n', 1)[0]!.trim();
  if (first === '---' || /^```/m.test(text) || /^<!-- #(region|raw|md|markdown)/m.test(text)) return 'md';
  return 'percent';
}

/** Comment strings of the script languages, longest first (`//` before `/`), each with an extension. */
const COMMENTS = SCRIPT_LANGUAGES.filter(
  (l, i) => SCRIPT_LANGUAGES.findIndex((m) => m.comment === l.comment && m.commentSuffix === l.commentSuffix) === i,
).sort((a, b) => b.comment.length - a.comment.length);

/**
 * The script extension of a percent script whose name does not say it (stdin, `x.txt`): the
 * language whose comment starts its first header (`// ---`) or cell marker (`// %%`) line.
 * `.py` when no line says (then only `#` comments are read as such).
 */
function extensionOfScript(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const raw of text.slice(start, start + 1_000_000).split('\n')) {
    const line = raw.replace(/\r$/, '');
    for (const l of COMMENTS) {
      if (!line.startsWith(l.comment)) continue;
      const rest = line.slice(l.comment.length).replace(/^ /, '');
      const end = l.commentSuffix ? ` ${l.commentSuffix}` : '';
      if (rest === `---${end}` || (rest.startsWith('%%') && (rest.length === 2 || rest[2] === ' ' || rest[2] === '['))) return l.extension;
    }
  }
  return '.py';
}

/** True when `text` is a notebook with an output or an execution count (a broken file: false). */
function hasOutputs(text: string): boolean {
  try {
    return fromIpynb(text).cells.some((c) => c.cell_type === 'code' && (c.outputs.length > 0 || c.execution_count != null));
  } catch {
    return false;
  }
}

/** True for an existing regular file (not a FIFO or device: those are written, never read). */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The jupytext formats each reader reads (`format_name` of a text notebook's header). */
const READABLE: Record<'percent' | 'md', readonly string[]> = { percent: ['percent', 'hydrogen'], md: ['markdown', 'md'] };

/**
 * Refuses a text notebook whose header says it is in a jupytext format that `from`'s reader
 * does not read (light, nomarker, sphinx, spin; MyST, pandoc, quarto): read as percent or
 * markdown it would come out as one big cell. The error points at the format's name.
 */
function checkTextFormat(text: string, from: 'percent' | 'md', file: string): void {
  const lines = text.slice(0, 100_000).split('\n', 200);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) return;
  const opening = lines[first]!.replace(/^\uFEFF/, '').trimEnd();
  if (!opening.endsWith('---')) return;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === opening.replace(/^\uFEFF/, '')) return;
    const m = /^(.*?\bformat_name:\s*)['"]?([\w.-]+)/.exec(line);
    if (!m || READABLE[from].includes(m[2]!)) continue;
    const reason =
      from === 'percent'
        ? `this is a jupytext "${m[2]}" script; nbgit reads percent scripts (# %% cells): convert it with jupytext --to py:percent first, or pass --from percent to read it as one`
        : `this is a jupytext "${m[2]}" notebook; nbgit reads jupytext markdown (\`\`\`python cells): convert it with jupytext --to md first, or pass --from md to read it as such`;
    throw new NbgitError('ESYNTAX', reason, { file, position: { line: i + 1, column: m[1]!.length + 1 + (/^['"]/.test(line.slice(m[1]!.length)) ? 1 : 0) } });
  }
}

/**
 * A CRLF script paired with a notebook whose record says nothing of CRLF was checked out
 * that way (core.autocrlf): its line ending is the checkout's, not the notebook's, so the
 * update does not record it (convert keeps an existing file's CRLF when it writes it).
 */
function dropNewEol(fresh: Notebook, previous: Notebook): void {
  const record = (nb: Notebook) => {
    const n = nb.metadata.nbgit;
    const p = isJsonObject(n ?? null) ? (n as Record<string, unknown>).percent : undefined;
    return isJsonObject((p ?? null) as never) ? (p as Record<string, unknown>) : undefined;
  };
  const incoming = record(fresh);
  if (incoming?.eol === undefined || record(previous)?.eol !== undefined) return;
  const { eol: _, ...rest } = incoming;
  copyNumberLexemes(incoming, rest);
  const nbgit = { ...(fresh.metadata.nbgit as Record<string, unknown>) };
  copyNumberLexemes(fresh.metadata.nbgit as object, nbgit);
  if (Object.keys(rest).length) nbgit.percent = rest;
  else delete nbgit.percent;
  if (Object.keys(nbgit).length) fresh.metadata.nbgit = nbgit as typeof fresh.metadata.nbgit;
  else delete fresh.metadata.nbgit;
}

function withoutTextRepresentation(nb: Notebook): Notebook {
  const j = nb.metadata.jupytext;
  if (!isJsonObject(j ?? null) || !('text_representation' in (j as object))) return nb;
  const copy = { ...(j as Record<string, unknown>) };
  copyNumberLexemes(j as object, copy);
  delete copy.text_representation;
  const metadata = { ...nb.metadata };
  copyNumberLexemes(nb.metadata, metadata);
  if (Object.keys(copy).length) metadata.jupytext = copy as typeof metadata.jupytext;
  else delete metadata.jupytext;
  return { ...nb, metadata };
}

export const command = defineCommand(
  {
    summary: 'convert notebooks to and from percent scripts and markdown',
    usage: 'nbgit convert INPUT... --to ipynb|percent|md [options]',
    description: `Converts notebooks to and from text: percent scripts (# %% cells, what jupytext,
VS Code, Spyder and PyCharm read) and jupytext markdown. Use - for stdin/stdout.`,
    options: OPTIONS,
    footer: `Output paths default to the input path with the new extension (x.ipynb -> x.py).
Exit codes: 0 ok, 1 a file failed (or is out of date with --check), 2 usage.`,
    // `--update x.ipynb` (the notebook to update) reads like `--update -o x.ipynb`
    rewrite(argv) {
      const args = [...argv];
      const u = args.indexOf('--update');
      if (u >= 0 && args[u + 1]?.endsWith('.ipynb') && !args.includes('-o') && !args.includes('--output')) args.splice(u + 1, 0, '-o');
      return args;
    },
  },
  async ({ positionals, options }, io) => {
    if (typeof options.to !== 'string') throw new NbgitError('EUSAGE', '--to is required (ipynb, percent or md)');
    const { format: to, ext: toExt } = parseFormat(options.to, '--to');
    const fromFormat = typeof options.from === 'string' ? parseFormat(options.from, '--from') : undefined;
    const from = fromFormat?.format;
    if (positionals.length === 0) throw new NbgitError('EUSAGE', 'no input (give files, or - for stdin)');
    const output = options.output;
    const outDir = options['output-dir'];
    if (output !== undefined && positionals.length > 1) throw new NbgitError('EUSAGE', '-o/--output takes one input; use --output-dir for several');
    if (output !== undefined && outDir !== undefined) throw new NbgitError('EUSAGE', '-o and --output-dir cannot be used together');
    if (options.update && to !== 'ipynb') throw new NbgitError('EUSAGE', '--update applies to --to ipynb');
    let ext = options.ext;
    if (ext !== undefined && toExt !== undefined && ext.replace(/^\./, '') !== toExt.slice(1)) {
      throw new NbgitError('EUSAGE', `--ext ${ext} and --to ${options.to} name two extensions`);
    }
    ext ??= toExt;
    if (ext !== undefined) {
      if (!ext.startsWith('.')) ext = `.${ext}`;
      if (!scriptLanguage(ext)) throw new NbgitError('EUSAGE', `--ext: no script language is known for ${JSON.stringify(ext)}`);
    }
    const lossless = options.lossless === true;
    const check = options.check === true;

    if (outDir !== undefined && !check) {
      try {
        ensureDirectory(outDir, io);
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        io.stderr.write(`nbgit convert: ${e.message}\n`);
        return 1;
      }
    }

    const quiet = options.quiet === true;
    const progress = positionals.length > 1 && io.stderr.isTTY === true && !check && !quiet;
    let failed = 0;
    let stale = 0;
    let done = 0;
    const outputs = new Map<string, string>();
    for (const input of positionals) {
      done++;
      if (progress) io.stderr.write(`\r\x1b[2K[${done}/${positionals.length}] ${input}`);
      try {
        const r = await convertOne(
          input,
          {
            to,
            from,
            fromExt: fromFormat?.ext,
            output,
            outDir,
            ext,
            update: options.update === true,
            lossless,
            check,
            force: options.force === true,
            quiet,
            outputs,
          },
          io,
        );
        if (r === 'stale') stale++;
      } catch (e) {
        if (!isNbgitError(e)) throw e;
        failed++;
        if (progress) io.stderr.write('\r\x1b[2K');
        const err = e.file ? e : e.withFile(input === '-' ? '<stdin>' : input);
        io.stderr.write(`nbgit convert: ${err.message}\n`);
      }
    }
    if (progress) io.stderr.write(`\r\x1b[2K${done - failed} converted${failed ? `, ${failed} failed` : ''}\n`);
    return failed || stale ? 1 : 0;
  },
);

interface Settings {
  to: Format;
  from: Format | undefined;
  /** The script extension of --from EXT:percent, when given. */
  fromExt: string | undefined;
  output: string | undefined;
  outDir: string | undefined;
  ext: string | undefined;
  update: boolean;
  lossless: boolean;
  check: boolean;
  /** Replace a script or markdown file that is not a text notebook. */
  force: boolean;
  /** No notes on stderr (errors are still reported). */
  quiet: boolean;
  /** Outputs of this run so far (absolute path -> input), so two inputs never write one file. */
  outputs: Map<string, string>;
}

async function convertOne(input: string, s: Settings, io: CliIO): Promise<'ok' | 'stale'> {
  const bytes = await readInput(input, io);
  const name = input === '-' ? '<stdin>' : input;
  const from = s.from ?? (input === '-' ? undefined : formatOfPath(input)) ?? formatOfText(bytes.toString('utf8'));
  // a byte order mark is part of a percent script's spelling (fromPercent records it); text
  // that is not UTF-8 is refused with its place (decoding it would replace bytes with U+FFFD)
  const text = from === 'ipynb' ? '' : from === 'percent' ? decodeUtf8(bytes, name) : decodeUtf8(bytes, name).replace(/^\uFEFF/, '');

  // read
  if (s.from === undefined && from !== 'ipynb') checkTextFormat(text, from, name);
  let nb: Notebook;
  if (from === 'ipynb') nb = fromIpynb(bytes, { file: name });
  else if (from === 'md') nb = fromMarkdown(text, { file: name });
  else
    nb = fromPercent(text, {
      file: name,
      extension: s.ext ?? s.fromExt ?? (input !== '-' && scriptLanguage(extname(input)) ? extname(input) : extensionOfScript(text)),
    });

  // where to
  let outPath: string | undefined;
  let outExt = s.ext;
  if (s.output !== undefined) outPath = s.output === '-' ? undefined : s.output;
  else if (input === '-') outPath = undefined;
  else {
    let newExt: string;
    if (s.to === 'ipynb') newExt = '.ipynb';
    else if (s.to === 'md') newExt = '.md';
    else newExt = s.ext ?? (from === 'percent' ? extname(input) : undefined) ?? scriptExtension(nb.metadata) ?? '.py';
    const stem = basename(input, extname(input));
    outPath = join(s.outDir ?? dirname(input), stem + newExt);
    if (s.to === from && resolve(io.cwd, outPath) === resolve(io.cwd, input) && !s.check) {
      throw new NbgitError('EUSAGE', `the output would overwrite the input (${outPath}); use -o or --output-dir`);
    }
  }
  if (outPath !== undefined && s.outDir !== undefined && s.output === undefined && input === '-') outPath = join(s.outDir, 'stdin');
  if (s.to === 'percent' && outExt === undefined && outPath !== undefined && scriptLanguage(extname(outPath))) outExt = extname(outPath);

  // write
  let out: string;
  if (s.to === 'ipynb') {
    const fresh = withoutTextRepresentation(nb);
    const target = outPath === undefined ? undefined : resolve(io.cwd, outPath);
    if (s.update && target !== undefined && existsSync(target)) {
      const previous = fromIpynb(readFileSync(target), { file: outPath });
      if (from === 'percent') dropNewEol(fresh, previous);
      out = toIpynb(withLayoutOf(updateNotebook(previous, fresh, from === 'percent' ? { spellingKey: 'percent' } : {}), previous));
    } else out = toIpynb(fresh);
  } else if (s.to === 'md') out = toMarkdown(nb, { lossless: s.lossless });
  else out = toPercent(nb, { extension: outExt ?? scriptExtension(nb.metadata) ?? '.py', lossless: s.lossless });

  if (outPath === undefined) {
    if (s.check) return 'ok';
    io.stdout.write(out);
    return 'ok';
  }
  const target = resolve(io.cwd, outPath);
  const earlier = s.outputs.get(target);
  if (earlier !== undefined) throw new NbgitError('EIO', `its output ${outPath} is also the output of ${earlier}; nothing written for it`, { file: name });
  s.outputs.set(target, name);
  const current = isRegularFile(target) ? readFileSync(target, 'utf8') : undefined;
  // a file checked out with CRLF (core.autocrlf) keeps its line ending, as fmt keeps it
  if (current !== undefined && !out.includes('\r') && current.includes('\r\n') && current.indexOf('\n') === current.indexOf('\r\n') + 1)
    out = out.replaceAll('\n', '\r\n');
  if (s.check) {
    if (current === out) return 'ok';
    io.stdout.write(`${current === undefined ? 'missing' : 'out of date'}: ${outPath}\n`);
    return 'stale';
  }
  if (current !== undefined && s.to !== 'ipynb' && !s.force && s.output === undefined && current !== out && !looksLikeTextNotebook(current, s.to)) {
    throw new NbgitError(
      'EIO',
      `${outPath} exists and is not a ${s.to === 'md' ? 'markdown notebook (no jupyter: header, code fence or region)' : 'notebook script (no jupyter: header or %% cell marker)'}; nothing written (--force replaces it, -o writes elsewhere)`,
      { file: name },
    );
  }
  const losesOutputs = s.to === 'ipynb' && !s.update && current !== undefined && current !== out && hasOutputs(current);
  writeOutput(outPath, out, io);
  // as jupytext says it: a notebook replaced from text loses what text does not carry
  if (losesOutputs && !s.quiet) io.stderr.write(`nbgit convert: ${outPath} replaced: its outputs and cell ids are not kept (--update keeps them)\n`);
  return 'ok';
}

/**
 * Whether an existing output file is a text notebook that a conversion may replace: a
 * jupytext header, or for scripts a `%%` cell marker line, for markdown a code fence or
 * region. A hand-written module or README has none of these and is not replaced silently.
 */
function looksLikeTextNotebook(text: string, to: Format): boolean {
  if (/^\W{0,3}\s*jupyter:\s*$/m.test(text)) return true;
  if (to === 'md') return /^(```|~~~)|^<!-- #(region|raw|md|markdown)\b/m.test(text);
  return /^\s*\S{1,3}\s?%%/m.test(text) || text.trim() === '';
}
