/**
 * fast-check generators of JSON values and notebooks, parameterised by the vocabulary a test
 * wants (small vocabularies make equal and similar values frequent).
 */
import type { Notebook } from '@nbgit/core';
import fc from 'fast-check';

/** What {@link jsonArbitrary} draws from. */
export interface JsonArbitraryOptions {
  /** Strings (leaves). */
  string: fc.Arbitrary<string>;
  /** Numbers (leaves). */
  number: fc.Arbitrary<number>;
  /** Object keys. */
  key: fc.Arbitrary<string>;
  /** Most items of an array and keys of an object. */
  maxLength: number;
  /** Only plain objects (fast-check otherwise also makes null-prototype ones). */
  noNullPrototype?: boolean;
}

/** JSON values of small depth: strings, numbers, booleans, null, arrays and objects. */
export function jsonArbitrary(o: JsonArbitraryOptions): fc.Arbitrary<unknown> {
  const dict = o.noNullPrototype ? { maxKeys: o.maxLength, noNullPrototype: true } : { maxKeys: o.maxLength };
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      o.string,
      o.number,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: o.maxLength }),
      fc.dictionary(o.key, tie('value'), dict),
    ),
  })).value;
}

/** What {@link notebookArbitrary} draws from. */
export interface NotebookArbitraryOptions {
  /** Cells. */
  cell: fc.Arbitrary<unknown>;
  /** Notebook metadata. */
  metadata: fc.Arbitrary<unknown>;
  /** Most cells. */
  maxCells: number;
  /** When given, a top-level key `extra` the notebook has or not. */
  extra?: fc.Arbitrary<unknown>;
}

/** nbformat 4.4 and 4.5 notebooks of generated cells and metadata. */
export function notebookArbitrary(o: NotebookArbitraryOptions): fc.Arbitrary<Notebook> {
  const fields = { cells: fc.array(o.cell, { maxLength: o.maxCells }), metadata: o.metadata, nbformat: fc.constant(4), nbformat_minor: fc.constantFrom(4, 5) };
  if (o.extra === undefined) return fc.record(fields) as unknown as fc.Arbitrary<Notebook>;
  return fc.record({ ...fields, extra: o.extra }, { requiredKeys: ['cells', 'metadata', 'nbformat', 'nbformat_minor'] }) as unknown as fc.Arbitrary<Notebook>;
}
