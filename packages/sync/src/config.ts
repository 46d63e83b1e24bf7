/**
 * jupytext's configuration files, as far as pairing goes: `jupytext.toml`, `.jupytext.toml`
 * and `[tool.jupytext]` in `pyproject.toml`. The keys nbgit uses: `formats` (a string such as
 * `"ipynb,py:percent"`, a list of format strings, or a table from folder prefix to format, as
 * in `[formats] "notebooks/" = "ipynb"`), and the older `default_jupytext_formats`.
 */
import { NbgitError } from '@nbgit/core';
import { parse as parseToml } from 'smol-toml';

/** The configuration file names jupytext looks for in each folder, in its order. */
export const CONFIG_FILES: readonly string[] = ['jupytext.toml', '.jupytext.toml', 'pyproject.toml'];

/** What nbgit takes from a jupytext configuration file. */
export interface JupytextConfig {
  /** The pairing, as a format list string (`ipynb,py:percent`), when the file sets one. */
  formats?: string;
  /** The keys nbgit does not implement (reported, not silently ignored). */
  ignored: string[];
}

const KNOWN = new Set(['formats', 'default_jupytext_formats']);

function formatsValue(value: unknown, file: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    // `"notebooks/" = "ipynb"`: a prefix folder for each format, from the root of the tree
    return Object.entries(value as Record<string, unknown>)
      .map(([prefix, fmt]) => {
        if (typeof fmt !== 'string') throw new NbgitError('EFORMAT', `formats."${prefix}" must be a string`, { file });
        const p = prefix.replace(/\/+$/, '');
        return p === '' ? fmt : `${p}///${fmt}`;
      })
      .join(',');
  }
  throw new NbgitError('EFORMAT', 'formats must be a string such as "ipynb,py:percent", a list of strings, or a table', { file });
}

/**
 * Reads a jupytext configuration file. Returns undefined for a `pyproject.toml` without a
 * `[tool.jupytext]` table (jupytext then looks further up). Throws a located error for TOML
 * that does not parse.
 */
export function parseJupytextConfig(text: string, file: string): JupytextConfig | undefined {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as { line?: number; column?: number; message?: string };
    const reason = (err.message ?? String(e)).split('\n')[0] ?? 'invalid TOML';
    throw new NbgitError('ESYNTAX', `invalid TOML: ${reason}`, {
      file,
      position: err.line ? { line: err.line, column: err.column ?? 1, offset: 0 } : undefined,
      cause: e,
    });
  }
  let section: Record<string, unknown> = data;
  if (/(^|\/)pyproject\.toml$/.test(file)) {
    const tool = data.tool as Record<string, unknown> | undefined;
    const j = tool?.jupytext;
    if (j === undefined || j === null || typeof j !== 'object') return undefined;
    section = j as Record<string, unknown>;
  }
  const out: JupytextConfig = { ignored: Object.keys(section).filter((k) => !KNOWN.has(k)) };
  const value = section.formats ?? section.default_jupytext_formats;
  if (value !== undefined) out.formats = formatsValue(value, file);
  return out;
}
