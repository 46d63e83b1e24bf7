/**
 * The table of formats. Adding a format is one entry here: a {@link FormatModule} with its
 * names, the files it claims, and its reader and writer. Name parsing, detection, the messages
 * that list the formats, `readText` and `writeText` all read this table.
 */

import { fromDatabricks, isDatabricksSource, toDatabricks } from '@nbgit/databricks';
import { decodeUtf8, fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromLight, toLight } from '@nbgit/light';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { fromMyst, toMyst } from '@nbgit/myst';
import { fromPercent, toPercent } from '@nbgit/percent';
import { fromQuarto, toQuarto } from '@nbgit/quarto';
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
    `this is a jupytext "${name}" script; nbgit reads percent scripts (# %% cells) and light scripts (--from py:light), not this format; pass --from percent to read it as a percent script`,
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
    `this is a jupytext "${name}" notebook; nbgit reads jupytext markdown (\`\`\`python cells) and MyST (--from md:myst), not this format; pass --from md to read it as jupytext markdown`,
  looksLike: (text) => text.split('\n', 1)[0]!.trim() === '---' || /^```/m.test(text) || /^<!-- #(region|raw|md|markdown)/m.test(text),
  // fromMarkdown tells a byte order mark from a first cell's U+FEFF
  read: (input, _spec, options) => fromMarkdown(textOf(input, options.file), { file: options.file }),
  write: (nb, _spec, options) => toMarkdown(nb, { lossless: options.lossless === true }),
};

/** The `format_name` a jupytext header in the first lines of `text` gives, if any. */
function headerFormatName(text: string): string | undefined {
  const head = text.slice(0, 20_000).split('\n', 60);
  for (const line of head) {
    const m = /\bformat_name:\s*['"]?([\w.-]+)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** A percent cell marker line (`# %%`, `#%%`, `# In[1]:`, `# <codecell>`) in any comment string. */
const PERCENT_MARKER = /^\s*(#|\/\/|--|;;|;|%|\/|\(\*|\/\*)\s*(%%(%*)(\s|$)|In\[[0-9 ]*\]:?\s*$|<codecell>\s*$)/m;

const light: FormatModule = {
  name: 'light',
  short: 'light',
  aliases: [],
  prefixes: 'script',
  extensions: 'script',
  headerNames: ['light'],
  title: 'light scripts (py:light)',
  // jupytext's guess: a script whose header does not name its format and that has no percent cell marker is a light script
  claimsFrom: ['percent'],
  claims: (text) => {
    const named = headerFormatName(text);
    return named === 'light' || (named === undefined && !PERCENT_MARKER.test(text.slice(0, 2_000_000)));
  },
  read: (input, spec, options) => fromLight(textOf(input, options.file), { file: options.file, extension: options.extension ?? spec.extension }),
  write: (nb, spec, options) =>
    toLight(nb, { extension: options.extension ?? spec.extension ?? scriptExtension(nb.metadata) ?? '.py', lossless: options.lossless === true }),
};

const myst: FormatModule = {
  name: 'myst',
  short: 'myst',
  aliases: [],
  prefixes: ['md', 'myst', 'mystnb', 'mnb'],
  extensions: ['.myst', '.mystnb', '.mnb'],
  headerNames: ['myst'],
  title: 'MyST markdown (md:myst)',
  // jupytext's `matches_mystnb`: a MyST header, or a {code-cell} / {raw-cell} fence
  claimsFrom: ['markdown'],
  claims: (text) => headerFormatName(text) === 'myst' || /^(`{3,}|~{3,})\{(code|raw)-cell\}/m.test(text),
  read: (input, _spec, options) => fromMyst(textOf(input, options.file), { file: options.file }),
  write: (nb, _spec, options) => toMyst(nb, { lossless: options.lossless === true }),
};

const quarto: FormatModule = {
  name: 'quarto',
  short: 'qmd',
  aliases: ['quarto'],
  prefixes: ['qmd'],
  extensions: ['.qmd'],
  headerNames: ['quarto'],
  title: 'Quarto (qmd)',
  read: (input, _spec, options) => fromQuarto(textOf(input, options.file).replace(/^\uFEFF/, ''), { file: options.file }),
  write: (nb, _spec, options) => toQuarto(nb, { lossless: options.lossless === true }),
};

const databricks: FormatModule = {
  name: 'databricks',
  short: 'databricks',
  aliases: [],
  prefixes: ['py', 'scala', 'sql', 'r', 'R'],
  extensions: [],
  headerNames: [],
  title: 'Databricks source (databricks)',
  claimsFrom: ['percent', 'light'],
  claims: (text) => isDatabricksSource(text),
  looksLike: (text) => isDatabricksSource(text),
  read: (input, _spec, options) => fromDatabricks(textOf(input, options.file), { file: options.file }),
  write: (nb, _spec, options) => toDatabricks(nb, { lossless: options.lossless === true }),
};

/**
 * Every format nbgit reads and writes, in the order messages list them. Content detection
 * tries each `looksLike` in this order; text that none claims is a percent script.
 */
export const FORMATS: readonly FormatModule[] = [ipynb, percent, light, markdown, myst, quarto, databricks];

/** The format text of unknown name is read as when no format's `looksLike` claims it. */
export const CONTENT_DEFAULT = 'percent';

/** jupytext's format names (and extensions used as names), to say which one nbgit does not handle. */
export const JUPYTEXT_FORMAT_NAMES: readonly string[] = ['nomarker', 'sphinx', 'spin', 'hydrogen', 'pandoc', 'rmarkdown', 'rmd'];

/** The format named `name` in the table (its `format_name`), or undefined. */
export function formatModule(name: string): FormatModule | undefined {
  return FORMATS.find((m) => m.name === name);
}
