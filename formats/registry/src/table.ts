/**
 * The table of formats. Adding a format is one entry here: a {@link FormatModule} with its
 * names, the files it claims, and its reader and writer. Name parsing, detection, the messages
 * that list the formats, `readText` and `writeText` all read this table.
 */
import { decodeUtf8, fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { fromPercent, toPercent } from '@nbgit/percent';
import { scriptExtension } from '@nbgit/text';
import type { FormatModule } from './types.js';

/** Text of a text format: bytes decoded as UTF-8 (a located error when they are not). */
function textOf(input: string | Uint8Array, file: string | undefined): string {
  return typeof input === 'string' ? input : decodeUtf8(input, file);
}

const ipynb: FormatModule = {
  name: 'ipynb',
  short: 'ipynb',
  aliases: ['notebook'],
  prefixes: [],
  extensions: ['.ipynb'],
  headerNames: [],
  looksLike: (text) =>
    text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('{'),
  read: (input, _spec, options) => fromIpynb(input, { file: options.file }),
  write: (nb) => toIpynb(nb),
};

const percent: FormatModule = {
  name: 'percent',
  short: 'percent',
  aliases: ['py', 'script'],
  prefixes: 'script',
  extensions: 'script',
  headerNames: ['percent', 'hydrogen'],
  title: 'percent scripts (py:percent)',
  foreign: (name) =>
    `this is a jupytext "${name}" script; nbgit reads percent scripts (# %% cells): convert it with jupytext --to py:percent first, or pass --from percent to read it as one`,
  // a byte order mark is part of a percent script's spelling (fromPercent records it)
  read: (input, spec, options) => fromPercent(textOf(input, options.file), { file: options.file, extension: options.extension ?? spec.extension }),
  write: (nb, spec, options) =>
    toPercent(nb, { extension: options.extension ?? spec.extension ?? scriptExtension(nb.metadata) ?? '.py', lossless: options.lossless === true }),
};

const markdown: FormatModule = {
  name: 'markdown',
  short: 'md',
  aliases: ['md'],
  prefixes: ['md', 'markdown'],
  extensions: ['.md', '.markdown'],
  headerNames: ['markdown', 'md'],
  title: 'markdown (md)',
  foreign: (name) =>
    `this is a jupytext "${name}" notebook; nbgit reads jupytext markdown (\`\`\`python cells): convert it with jupytext --to md first, or pass --from md to read it as such`,
  looksLike: (text) => text.split('\n', 1)[0]!.trim() === '---' || /^```/m.test(text) || /^<!-- #(region|raw|md|markdown)/m.test(text),
  // fromMarkdown tells a byte order mark from a first cell's U+FEFF
  read: (input, _spec, options) => fromMarkdown(textOf(input, options.file), { file: options.file }),
  write: (nb, _spec, options) => toMarkdown(nb, { lossless: options.lossless === true }),
};

/**
 * Every format nbgit reads and writes, in the order messages list them. Content detection
 * tries each `looksLike` in this order; text that none claims is a percent script.
 */
export const FORMATS: readonly FormatModule[] = [ipynb, percent, markdown];

/** The format text of unknown name is read as when no format's `looksLike` claims it. */
export const CONTENT_DEFAULT = 'percent';

/** jupytext's format names (and extensions used as names), to say which one nbgit does not handle. */
export const JUPYTEXT_FORMAT_NAMES: readonly string[] = [
  'light',
  'nomarker',
  'sphinx',
  'spin',
  'hydrogen',
  'myst',
  'pandoc',
  'quarto',
  'qmd',
  'rmarkdown',
  'rmd',
];

/** The format named `name` in the table (its `format_name`), or undefined. */
export function formatModule(name: string): FormatModule | undefined {
  return FORMATS.find((m) => m.name === name);
}
