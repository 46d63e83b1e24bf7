/**
 * `nbgit convert`: notebooks to and from text (percent and light scripts, jupytext markdown,
 * MyST, Quarto, Databricks source).
 *
 * Input formats are told by @nbgit/formats' detector: the extension (`.ipynb`, `.md`, a script
 * extension, in any case), else the content (stdin, `x.txt`). Script extensions for output
 * follow the notebook's `language_info`/`kernelspec`, as jupytext's `auto` does. Each file is
 * converted on its own (../convert-file.ts): a failing file is reported with its location and
 * left alone, the others are written (atomically, and only when they change).
 */

import { isNbgitError, NbgitError } from '@nbgit/core';
import { type FormatSpec, parseFormatName } from '@nbgit/formats';
import { scriptLanguage } from '@nbgit/text';
import type { OptionsSpec } from '../args.js';
import { defineCommand } from '../command.js';
import { convertOne } from '../convert-file.js';
import { ensureDirectory } from '../files.js';

const OPTIONS = {
  to: {
    type: 'string',
    arg: 'FORMAT',
    help: `ipynb, percent (alias: py, script), light, md (alias:
markdown), myst, qmd (alias: quarto) or databricks; jupytext's
EXT:FORMAT works too: py:percent, R:light (sets the extension),
auto:percent, md:markdown, md:myst`,
  },
  from: { type: 'string', arg: 'FORMAT', help: 'input format, when the extension or content does not say it' },
  output: { type: 'string', short: 'o', arg: 'PATH', help: 'output file (one input only; - for stdout)' },
  'output-dir': { type: 'string', arg: 'DIR', help: 'write outputs into DIR (same base names)' },
  ext: {
    type: 'string',
    arg: 'EXT',
    help: `script extension for --to percent/light (default: from the notebook's
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

/**
 * A format given to --to/--from, as @nbgit/formats reads names (`ipynb`, `percent`, `md`,
 * jupytext's `py:percent`, `R:percent`, `auto:percent`, `md:markdown`); an unknown one is a
 * usage error.
 */
function parseFormat(value: string, option: string): FormatSpec {
  try {
    return parseFormatName(value);
  } catch (e) {
    if (isNbgitError(e) && e.code === 'EFORMAT') throw new NbgitError('EUSAGE', `${option}: ${e.reason}`);
    throw e;
  }
}

export const command = defineCommand(
  {
    summary: 'convert notebooks to and from text (scripts, markdown, MyST, Quarto, Databricks)',
    usage: 'nbgit convert INPUT... --to ipynb|percent|light|md|myst|qmd|databricks [options]',
    description: `Converts notebooks to and from text: percent scripts (# %% cells, what jupytext,
VS Code, Spyder and PyCharm read), light scripts, jupytext markdown, MyST markdown,
Quarto documents and Databricks source files. Use - for stdin/stdout.`,
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
    if (typeof options.to !== 'string') throw new NbgitError('EUSAGE', '--to is required (ipynb, percent, light, md, myst, qmd or databricks)');
    const { name: to, extension: toExt } = parseFormat(options.to, '--to');
    const fromFormat = typeof options.from === 'string' ? parseFormat(options.from, '--from') : undefined;
    const from = fromFormat?.name;
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
            fromExt: fromFormat?.extension,
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
