/**
 * The options on a script cell's start marker (light's `# +`, percent's `# %%`): a title, a
 * `[markdown]`/`[raw]`/`[md]` cell type, `%` signs for the depth (jupytext's `cell_depth`),
 * then metadata as {@link parseCellOptions} reads it.
 */
import { copyNumberLexemes, type JsonObject } from '@nbgit/core';
import { type CellOptions, parseCellOptions } from './cell-options.js';

/** A marker's options, read: the metadata with `cell_type`, `region_name` and `cell_depth`, and the title apart. */
export interface StartMarkerOptions {
  /** The metadata written, then the keys the title implies. */
  metadata: JsonObject;
  /** The title left once the cell type and depth are taken out (`''` for none). */
  title: string;
  /** The options were written as one JSON object (a `{` before any `=`). */
  json: boolean;
  /** Where the options could not be parsed. */
  invalid?: CellOptions['invalid'];
}

/** Reads the text after a start marker. */
export function readStartMarker(text: string): StartMarkerOptions {
  const curly = text.indexOf('{');
  const eq = text.indexOf('=');
  const json = curly >= 0 && (eq < 0 || curly < eq);
  const parsed = parseCellOptions(text, { allowTitle: true });
  let title = parsed.title;
  const metadata: JsonObject = { ...parsed.metadata };
  copyNumberLexemes(parsed.metadata, metadata);
  for (const type of ['markdown', 'raw', 'md']) {
    const code = `[${type}]`;
    if (title.includes(code)) {
      title = title.replace(code, '').trim();
      metadata.cell_type = type === 'md' ? 'markdown' : type;
      if (type === 'md') metadata.region_name = 'md';
      break;
    }
  }
  let depth = 0;
  while (title.startsWith('%')) {
    depth++;
    title = title.slice(1);
  }
  if (depth) {
    metadata.cell_depth = depth;
    title = title.trim();
  }
  return parsed.invalid ? { metadata, title, json, invalid: parsed.invalid } : { metadata, title, json };
}
