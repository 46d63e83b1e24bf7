/** How validation messages show a value. */
import { numberLexeme } from '@nbgit/core';

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The value at `container[key]` as a message shows it: a number by its lexeme in the file
 * when one was recorded (`1e999`, never `null` or `Infinity`), other primitives as JSON,
 * containers by their type.
 */
export function shown(container: object, key: string | number): string {
  const v = (container as Record<string | number, unknown>)[key];
  if (typeof v === 'number') return numberLexeme(container, key) ?? (Number.isFinite(v) ? JSON.stringify(v) : 'a number out of range');
  if (v === undefined) return 'nothing';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  return typeName(v);
}
