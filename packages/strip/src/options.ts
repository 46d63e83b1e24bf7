/**
 * Strip options and the helpers that read them from text (git config values, command
 * lines): key lists, output types and sizes.
 */
import { NbgitError } from '@nbgit/core';

/** What {@link strip} removes and keeps. Every field is optional; the defaults match nbstripout's. */
export interface StripOptions {
  /**
   * Keep every cell's outputs. Default: undefined, which lets the notebook decide
   * (`metadata.keep_output`), else outputs are stripped. A cell's own `keep_output` /
   * `init_cell` metadata or `keep_output` tag wins over this (as in nbstripout).
   */
  keepOutput?: boolean;
  /** Keep execution counts (on cells and inside kept outputs). Default false. */
  keepCount?: boolean;
  /**
   * Renumber cell ids `"0"`, `"1"`, ... by position after dropped cells, as nbstripout does
   * without `--keep-id`. Default false: ids are kept (they are what merges align on).
   */
  sequentialIds?: boolean;
  /**
   * More keys to remove, as dotted paths starting with `metadata.` (notebook metadata) or
   * `cell.` (any cell key, e.g. `cell.metadata.tags`, `cell.attachments`). A key that
   * contains dots is found too: `metadata.application/vnd.databricks.v1+notebook`.
   * Invalid keys (see {@link invalidKeys}) are ignored.
   */
  extraKeys?: string[];
  /** Keys to keep although they are in the default list or `extraKeys` (exact strings, e.g. `cell.metadata.collapsed`). */
  keepMetadataKeys?: string[];
  /**
   * Keep outputs whose size is at most this many characters (nbstripout's `--max-size`:
   * the length of every string value in the output, keys not counted). Default 0: strip all.
   */
  maxSize?: number;
  /** Output types to keep whatever their size: `stream`, `stream:stderr`, `display_data`, ... */
  keepOutputTypes?: string[];
  /** Output types to remove even from cells whose outputs are kept, e.g. `stream:stderr`. */
  dropOutputTypes?: string[];
  /** Remove cells whose source is empty or only whitespace. Default false. */
  dropEmptyCells?: boolean;
  /** Remove cells that carry any of these tags. */
  dropTaggedCells?: string[];
  /** Strip the outputs of cells marked `init_cell: true` too (kept by default). */
  stripInitCells?: boolean;
}

/**
 * The keys nbstripout removes by default, plus the ones nbformat's reader drops on every
 * read (so nbstripout's output never has them): `metadata.orig_nbformat(_minor)` and cell
 * `metadata.trusted`; and `metadata.nbgit.percent`, a text spelling record that older nbgit
 * versions wrote into notebooks.
 */
export const DEFAULT_STRIP_KEYS: readonly string[] = [
  'metadata.signature',
  'metadata.widgets',
  'metadata.orig_nbformat',
  'metadata.orig_nbformat_minor',
  // how a percent script was spelled, which nbgit < 0.2 left in notebooks read from text
  'metadata.nbgit.percent',
  'cell.metadata.collapsed',
  'cell.metadata.ExecuteTime',
  'cell.metadata.execution',
  'cell.metadata.heading_collapsed',
  'cell.metadata.hidden',
  'cell.metadata.scrolled',
  'cell.metadata.trusted',
];

/** True when `key` is a valid strip key: `metadata.X` or `cell.X`. */
export function isValidKey(key: string): boolean {
  const dot = key.indexOf('.');
  if (dot <= 0 || dot === key.length - 1) return false;
  const ns = key.slice(0, dot);
  return ns === 'metadata' || ns === 'cell';
}

/** The keys of `keys` that {@link strip} ignores (not `metadata.X` or `cell.X`). */
export function invalidKeys(keys: readonly string[]): string[] {
  return keys.filter((k) => !isValidKey(k));
}

/** Splits a space-separated list (`"metadata.a cell.metadata.b"`) into its words. */
export function splitList(value: string): string[] {
  return value.split(/\s+/).filter((w) => w.length > 0);
}

/**
 * Parses a size: a number of characters, optionally with a `k`, `M` or `G` suffix (10^3,
 * 10^6, 10^9; either case), as nbstripout's `--max-size`. Throws `EUSAGE` otherwise.
 */
export function parseSize(text: string): number {
  const m = /^\s*(\d+)\s*([kKmMgG]?)\s*$/.exec(text);
  if (!m) throw new NbgitError('EUSAGE', `invalid size ${JSON.stringify(text)}: expected a number with an optional k, M or G suffix`);
  const n = Number(m[1]);
  const suffix = m[2]!.toUpperCase();
  return n * (suffix === 'K' ? 1e3 : suffix === 'M' ? 1e6 : suffix === 'G' ? 1e9 : 1);
}

/** An output type to match: `output_type`, and for streams optionally the stream name. */
export interface OutputType {
  outputType: string;
  name?: string;
}

/** Parses `stream`, `stream:stderr`, `display_data`, ... */
export function parseOutputType(text: string): OutputType {
  const colon = text.indexOf(':');
  if (colon === -1) return { outputType: text };
  return { outputType: text.slice(0, colon), name: text.slice(colon + 1) };
}
