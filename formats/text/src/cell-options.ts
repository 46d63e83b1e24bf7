/**
 * Cell metadata as text notebooks write it on a cell's marker line (`# %% Title [markdown] key="value"`)
 * or on a markdown fence / region comment (```` ```python key="value" ````, `<!-- #region key=1 -->`).
 *
 * Writing: space-separated `key=<json>` in the metadata's key order, values as Python's `json.dumps`
 * writes them (`", "` and `": "` separators, non-ASCII escaped); a `null` value is a bare `key`;
 * `incorrectly_encoded_metadata` is written as its raw text. With `json: true`, one JSON object.
 *
 * Reading: a `{` before any `=` starts a JSON object (the text before it is the title or language);
 * otherwise `key=value` pairs are parsed right to left, each value as JSON or else as a Python
 * literal (`'single'`, `True`, `None`, tuples); a bare trailing identifier is `key: null`. Text that
 * cannot be parsed is kept as `incorrectly_encoded_metadata`, as jupytext does, and reported as
 * `invalid` (with its offset) so a format can turn clearly broken values into located errors.
 */

import { copyNumberLexemes, type JsonObject, rememberNumber } from '@nbgit/core';
import { isValidMetadataKey, JUPYTEXT_CELL_METADATA } from './filters.js';
import { isJupyterLanguage } from './languages.js';
import { tryMetadataValue } from './metadata-value.js';
import { pythonJson, pythonJsonAt } from './python-json.js';
import { setMember } from './python-literal.js';

/** Key jupytext uses for option text it could not parse; written back verbatim. */
export const INCORRECTLY_ENCODED_METADATA = 'incorrectly_encoded_metadata';

/** The result of reading cell options. */
export interface CellOptions {
  /** The title (percent) or language (markdown fences) before the metadata, or `''`. */
  title: string;
  /** The metadata, in the order written. */
  metadata: JsonObject;
  /**
   * Set when a `key=` is followed by JSON-looking text (`[`, `{`, `"`) that does not parse: the text
   * is then kept as `incorrectly_encoded_metadata`, as jupytext does, and a format may report it.
   */
  invalid?: {
    /** 0-based offset in the text given to {@link parseCellOptions} where the bad part starts. */
    offset: number;
    /** What was wrong, for an error message. */
    reason: string;
  };
}

const IDENTIFIER = /^[a-zA-Z_.]+[a-zA-Z0-9_.]*$/;

interface KV {
  metadata: JsonObject;
  invalid?: { offset: number; reason: string };
}

/** `key=value key2=value2` parsed right to left; `base` is the offset of `text` in the original. */
function parseKeyEqualValue(raw: string, base: number): KV {
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  base += lead;
  if (!text) return { metadata: {} };
  const lastSpace = text.lastIndexOf(' ');
  const tail = text.slice(lastSpace + 1);
  if (!text.startsWith('--') && IDENTIFIER.test(tail)) {
    const left = lastSpace > 0 ? parseKeyEqualValue(text.slice(0, lastSpace), base) : { metadata: {} };
    const metadata: JsonObject = { ...left.metadata };
    copyNumberLexemes(left.metadata, metadata);
    delete metadata[tail];
    setMember(metadata, tail, null);
    return { metadata, invalid: left.invalid };
  }
  let eq = text.length;
  while (true) {
    eq = eq <= 0 ? -1 : text.lastIndexOf('=', eq - 1);
    if (eq < 0) {
      // jupytext keeps such text as it is; a `key=` followed by JSON-looking text that does not parse is reported
      const broken = /(^|\s)([a-zA-Z0-9_.@/-]+)=[[{"]/.exec(text);
      const kv: KV = { metadata: { [INCORRECTLY_ENCODED_METADATA]: text } };
      if (broken) kv.invalid = { offset: base + broken.index + broken[1]!.length, reason: describeInvalid(text.slice(broken.index + broken[1]!.length)) };
      return kv;
    }
    const before = text.slice(0, eq).trimEnd();
    const prevSpace = before.lastIndexOf(' ');
    const key = text.slice(prevSpace + 1, eq).trim();
    if (!isValidMetadataKey(key)) continue;
    const parsed = tryMetadataValue(text.slice(eq + 1));
    if (!parsed.ok) continue;
    const left = prevSpace > 0 ? parseKeyEqualValue(text.slice(0, prevSpace), base) : { metadata: {} };
    const metadata: JsonObject = { ...left.metadata };
    copyNumberLexemes(left.metadata, metadata);
    delete metadata[key];
    setMember(metadata, key, parsed.value);
    if (parsed.lexeme !== undefined) rememberNumber(metadata, key, parsed.lexeme);
    return { metadata, invalid: left.invalid };
  }
}

function describeInvalid(text: string): string {
  const m = /([a-zA-Z0-9_.@/-]+)=(.*)$/.exec(text);
  if (m) return `cannot read the value of metadata "${m[1]}": ${m[2]!.length > 40 ? `${m[2]!.slice(0, 40)}...` : m[2]} is neither JSON nor a Python literal`;
  return `cannot read cell metadata ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text)}`;
}

/** Options of {@link parseCellOptions}. */
export interface ParseCellOptionsOptions {
  /**
   * `true` for percent marker lines: words before the first `key=` are a title (words starting
   * with `.` are dropped). `false` for markdown fences: a first word that is a Jupyter language is
   * the language. Default false.
   */
  allowTitle?: boolean;
}

/** Reads the options of a cell marker or fence: a title or language, then metadata. */
export function parseCellOptions(input: string, options: ParseCellOptionsOptions = {}): CellOptions {
  const lead = input.length - input.trimStart().length;
  const text = input.trim();
  const curly = text.indexOf('{');
  const eq = text.indexOf('=');
  const result = (title: string, kv: KV): CellOptions => {
    const r: CellOptions = { title, metadata: kv.metadata };
    if (kv.invalid) r.invalid = kv.invalid;
    return r;
  };
  if (curly < 0 || (eq >= 0 && eq < curly)) {
    if (!options.allowTitle) {
      if (isJupyterLanguage(text)) return { title: text, metadata: {} };
      const sp = text.indexOf(' ');
      if (sp < 0) return result('', parseKeyEqualValue(text, lead));
      const language = text.slice(0, sp);
      if (isJupyterLanguage(language)) return result(language, parseKeyEqualValue(text.slice(sp + 1), lead + sp + 1));
      return result('', parseKeyEqualValue(text, lead));
    }
    let words: string[];
    if (eq >= 0) {
      words = text.slice(0, eq).split(' ');
      while (words.length && !words[words.length - 1]) words.pop();
      if (words.length) words.pop();
    } else words = text.split(' ');
    while (words.length && (!words[words.length - 1]!.trim() || words[words.length - 1]!.startsWith('.'))) words.pop();
    const title = words.join(' ');
    return result(title, parseKeyEqualValue(text.slice(title.length), lead + title.length));
  }
  const title = text.slice(0, curly).trim();
  const json = text.slice(curly);
  const parsed = tryMetadataValue(json);
  if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) return { title, metadata: parsed.value };
  if (parsed.ok) return { title, metadata: parsed.value as unknown as JsonObject };
  return {
    title,
    metadata: { [INCORRECTLY_ENCODED_METADATA]: json.trim() },
    invalid: { offset: lead + curly, reason: 'cell metadata is not a valid JSON object' },
  };
}

/** Options of {@link formatCellOptions}. */
export interface FormatCellOptionsOptions {
  /** Write the metadata as one JSON object instead of `key=value` pairs. */
  json?: boolean;
}

/**
 * Writes a title (or language) and metadata as a marker line's options: `title key=<json> flag`.
 * jupytext's layout keys ({@link JUPYTEXT_CELL_METADATA}) are left out. Returns `''` when empty.
 */
export function formatCellOptions(title: string, metadata: JsonObject, options: FormatCellOptionsOptions = {}): string {
  const parts: string[] = title ? [title] : [];
  const md: JsonObject = {};
  for (const [k, v] of Object.entries(metadata)) if (!JUPYTEXT_CELL_METADATA.includes(k)) md[k] = v;
  copyNumberLexemes(metadata, md);
  if (options.json) {
    if (Object.keys(md).length) parts.push(pythonJson(md));
  } else {
    for (const [k, v] of Object.entries(md)) {
      if (k === INCORRECTLY_ENCODED_METADATA && typeof v === 'string') parts.push(v);
      else if (v === null) parts.push(k);
      else parts.push(`${k}=${pythonJsonAt(md, k)}`);
    }
  }
  return parts.join(' ');
}

/** True when every key of `metadata` can be written as `key=value` (else use the JSON form). */
export function canWriteAsKeyValue(metadata: JsonObject): boolean {
  return Object.keys(metadata).every((k) => isValidMetadataKey(k) || k === INCORRECTLY_ENCODED_METADATA);
}
