/**
 * A metadata value as jupytext reads it from a marker line: JSON first (with the lexemes of
 * numbers JavaScript cannot keep, read by the ipynb package's lossless JSON reader), else a
 * Python literal.
 */

import { isSpecialNumberLexeme, type JsonValue } from '@nbgit/core';
import { parseJson } from '@nbgit/ipynb';
import { type ParsedValue, parsePythonLiteral } from './python-literal.js';

/** Text that may hold a number JavaScript cannot tell apart (a float with an integral value, a big integer). */
const MAY_HAVE_SPECIAL_NUMBER = /[0-9][.eE]|[0-9]{16}/;

/** Strict JSON (no `NaN` or `Infinity`, which the ipynb reader accepts), with the lexeme of a special top-level number. */
function readJson(text: string): ParsedValue {
  if (!MAY_HAVE_SPECIAL_NUMBER.test(text)) return { value: JSON.parse(text) as JsonValue };
  const parsed = parseJson(text);
  const value = parsed.value as JsonValue;
  if (/NaN|Infinity/.test(text) && hasNonFinite(value)) throw new SyntaxError('NaN and Infinity are not JSON');
  if (typeof value === 'number') {
    const lexeme = text.slice(parsed.valueStart, parsed.valueEnd);
    if (isSpecialNumberLexeme(lexeme, value)) return { value, lexeme };
  }
  return { value };
}

function hasNonFinite(v: JsonValue): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasNonFinite);
  return false;
}

/** A metadata value as jupytext reads it (JSON, else a Python literal), with the lexeme of a special top-level number. */
function readValue(text: string): ParsedValue {
  const t = text.trim();
  try {
    return readJson(t);
  } catch {
    // fall through to the Python literal
  }
  return parsePythonLiteral(t);
}

/**
 * Parses a metadata value as jupytext does: JSON first, then a Python literal. Throws when neither.
 * Floats with integral values and big integers inside objects and arrays are recorded (see
 * `rememberNumber`), so writers give back `1.0` and every digit.
 */
export function parseMetadataValue(text: string): JsonValue {
  return readValue(text).value;
}

/** Parses a metadata value; `ok: false` when it is neither JSON nor a Python literal. */
export function tryMetadataValue(text: string): ({ ok: true } & ParsedValue) | { ok: false } {
  try {
    return { ok: true, ...readValue(text) };
  } catch {
    return { ok: false };
  }
}
