/**
 * Reading Quarto documents (`.qmd`) as notebooks:
 *
 * ````markdown
 * ---
 * title: A report            <- front matter: keys other than `jupyter` are a first raw cell
 * jupyter:                   <- the notebook metadata (kernelspec...), as in jupytext's md format
 *   kernelspec:
 *     name: python3
 * ---
 *
 * Some markdown.
 *
 * ```{python}                <- a code cell in the notebook's language
 * #| tags: [parameters]     <- cell metadata: the leading `#|` lines, as YAML
 * x = 1
 * ```
 *
 * <!-- cell {"tags": ["a"]} -->   <- starts a markdown (or raw) cell, with its metadata
 *
 * ```{=html}                 <- a raw cell (raw_mimetype text/html)
 * <b>raw</b>
 * ```
 * ````
 *
 * Markdown between code cells is one cell (blank lines around it removed); `<!-- cell -->`
 * separates two markdown cells. Only top-level fences count.
 */
import { copyNumberLexemes, isJsonObject, type JsonObject, type JsonValue, NbgitError, type Notebook } from '@nbgit/core';
import { PY_TRAILING_WS, topLevelBlocks } from '@nbgit/myst';
import {
  assembleNotebook,
  detachCellExtras,
  detachNotebookExtras,
  loadYaml,
  parseHeader,
  parseMetadataValue,
  SCRIPT_LANGUAGES,
  usualLanguageName,
  YamlSyntaxError,
} from '@nbgit/text';

/** Options of {@link fromQuarto}. */
export interface FromQuartoOptions {
  /** File name, for error messages. */
  file?: string;
}

/**
 * A cell marker line: `<!-- cell -->` or `<!-- cell {json} -->` starts a markdown cell (with its
 * metadata); `<!-- raw {json} -->` gives the next raw cell its metadata. Groups: kind, JSON.
 */
export const CELL_MARKER = /^<!-- (cell|raw)( .*)? -->\s*$/;

/** Raw cell formats (` ```{=html} `) and the `raw_mimetype` each stands for. */
export const RAW_FORMATS: Record<string, string> = {
  html: 'text/html',
  latex: 'text/latex',
  tex: 'text/latex',
  markdown: 'text/markdown',
  rst: 'text/restructuredtext',
  asciidoc: 'text/asciidoc',
};

/** The comment string of a code cell's `#|` options in `language` (`#`, `//`, `--`...). */
export function optionComment(language: string): string {
  const l = usualLanguageName(language);
  return SCRIPT_LANGUAGES.find((s) => usualLanguageName(s.language) === l && !s.commentSuffix)?.comment ?? (l === 'sql' || l === 'lua' ? '--' : '#');
}

function splitlines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A cell as read, before the notebook-level steps. */
interface QuartoCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string;
  metadata: JsonObject;
}

/**
 * Reads a Quarto document (`.qmd`) into a notebook. The front matter's `jupyter:` entry is the
 * notebook metadata; its other keys (title, format...) are a first raw cell `---\n...\n---`, as
 * jupytext and Quarto do. Cells get deterministic ids. Throws an `ESYNTAX` `NbgitError` with
 * the file and line for invalid YAML (front matter, `#|` options) and invalid `<!-- cell -->` JSON.
 */
export function fromQuarto(text: string, options: FromQuartoOptions = {}): Notebook {
  if (text.includes('\r\n') && !/(^|[^\r])\n/.test(text)) text = text.replaceAll('\r\n', '\n');
  const lines = splitlines(text);
  const at = (line: number) => ({ file: options.file, position: { line: line + 1, column: 1 } });
  const header = parseHeader(lines, { comment: '', file: options.file });
  const metadata = header.metadata;
  const nbExtras = detachNotebookExtras(metadata);
  const cells: QuartoCell[] = [];
  let pos = header.end;
  if (header.found) {
    if (pos < lines.length && !lines[pos]!.trim()) pos++;
    if (header.rootLines.length) cells.push({ cell_type: 'raw', source: ['---', ...header.rootLines, '---'].join('\n'), metadata: {} });
  }
  const kernel = isJsonObject((metadata.kernelspec ?? null) as JsonValue) ? (metadata.kernelspec as JsonObject) : {};
  const language = typeof kernel.language === 'string' ? kernel.language : 'python';
  const rule = {
    content: (line: string) => {
      const m = CELL_MARKER.exec(line);
      return m ? `${m[1]}:${(m[2] ?? '').trim()}` : undefined;
    },
    nodes: ['html', 'paragraph'],
  };
  let mdStart = pos;
  // a `<!-- cell -->` marker: the markdown cell it starts; a `<!-- raw -->` marker: the next raw cell's metadata
  let pending: JsonObject | undefined;
  let rawMeta: JsonObject | undefined;
  const flush = (end: number) => {
    const source = lines.slice(mdStart, end).join('\n').replace(PY_TRAILING_WS, '').replace(/^\n+/, '');
    if (pending) cells.push({ cell_type: 'markdown', source, metadata: pending });
    else if (source) cells.push({ cell_type: 'markdown', source, metadata: {} });
    pending = undefined;
  };
  for (const block of topLevelBlocks(lines, pos, rule)) {
    if (block.kind === 'break') {
      flush(block.line);
      const sep = block.content.indexOf(':');
      const kind = block.content.slice(0, sep);
      const json = block.content.slice(sep + 1);
      let md: unknown = {};
      if (json) {
        try {
          md = parseMetadataValue(json);
        } catch {
          throw new NbgitError('ESYNTAX', `invalid JSON in the cell marker: ${json.slice(0, 40)}`, at(block.line));
        }
        if (!isJsonObject((md ?? null) as JsonValue)) throw new NbgitError('ESYNTAX', 'the metadata of a cell marker must be a JSON object', at(block.line));
      }
      if (kind === 'raw') rawMeta = md as JsonObject;
      else pending = md as JsonObject;
      mdStart = block.line + 1;
      continue;
    }
    // the name is the longest run before a space or `}`: no overlap between the parts, so no backtracking (linear)
    const m = /^\{(=?)([^\s}]+)(?:\s[^}]*)?\}$/.exec(block.info);
    if (!m) continue;
    flush(block.start);
    const body = lines.slice(block.start + 1, block.closed ? block.end : block.end + 1);
    if (m[1] === '=') {
      const md: JsonObject = {};
      const mime = RAW_FORMATS[m[2]!];
      if (mime) md.raw_mimetype = mime;
      if (rawMeta) {
        Object.assign(md, rawMeta);
        copyNumberLexemes(rawMeta, md);
      }
      cells.push({ cell_type: 'raw', source: body.join('\n'), metadata: md });
    } else {
      const comment = `${optionComment(m[2] === 'python' || m[2] === 'r' || m[2] === 'julia' ? m[2] : language)}|`;
      let k = 0;
      while (k < body.length && (body[k] === comment || body[k]!.startsWith(`${comment} `))) k++;
      let md: unknown = {};
      if (k) {
        try {
          md =
            loadYaml(
              body
                .slice(0, k)
                .map((l) => l.slice(comment.length + 1))
                .join('\n'),
            ) ?? {};
        } catch (e) {
          if (e instanceof YamlSyntaxError) throw new NbgitError('ESYNTAX', `invalid YAML in the cell options: ${e.message}`, at(block.start + e.line));
          throw e;
        }
        if (!isJsonObject((md ?? null) as JsonValue)) throw new NbgitError('ESYNTAX', 'the cell options must be a mapping', at(block.start + 1));
      }
      cells.push({ cell_type: 'code', source: body.slice(k).join('\n'), metadata: md as JsonObject });
    }
    rawMeta = undefined;
    mdStart = block.end + 1;
  }
  flush(lines.length);
  const extrasOf = cells.map((c) => detachCellExtras(c.metadata));
  const read = cells.map((c, i) => {
    const x = extrasOf[i]!;
    return { ...c, source: x.source ?? (x.tail === undefined ? c.source : c.source + x.tail) };
  });
  const nb = assembleNotebook(metadata, nbExtras, read, extrasOf);
  return nb;
}
