/**
 * Splitting the text of a notebook in Jupyter's layout, given in pieces (as a file is read),
 * into the texts of its cells and the text after them, holding only what is not yet given.
 */

const HEAD = '{\n "cells": [\n  ';
/** Where a cell ends in Jupyter's layout: the first line that is `  }` after its `{` (deeper lines are indented further, strings hold no raw line break). */
const CELL_END = '\n  }';

/**
 * The texts of the cells of a notebook in Jupyter's layout, given in pieces (e.g. as a file is
 * read), one at a time and in order, each as it sits in the cells list (from its `{` to its
 * `}`); returns the text after the list (`,\n "metadata": ...}` and the final newline), or
 * `undefined` when the text is not laid out so (then no text yielded is a cell's). Only the
 * layout is looked at: the caller parses and checks each text. Pieces not needed are not read
 * (a file being read is closed when the generator is).
 */
export function* jupyterCellTexts(pieces: Iterable<string>): Generator<string, string | undefined, undefined> {
  const it = pieces[Symbol.iterator]();
  let text = '';
  let done = false;
  /** Reads on until the text holds `n` characters; false when it ends first. */
  const need = (n: number): boolean => {
    while (text.length < n && !done) {
      const r = it.next();
      if (r.done) done = true;
      else text += r.value;
    }
    return text.length >= n;
  };
  /** The index of `marker` in the text at or after `from`, reading on as needed (new pieces are searched, then joined once); -1 at the end. */
  const find = (marker: string, from: number): number => {
    const i = text.indexOf(marker, from);
    if (i !== -1 || done) return i;
    const keep = marker.length - 1;
    let tail = text.slice(Math.max(from, text.length - keep));
    const more: string[] = [];
    for (;;) {
      const r = it.next();
      if (r.done) {
        done = true;
        break;
      }
      more.push(r.value);
      const seen = tail + r.value;
      if (seen.includes(marker)) break;
      tail = seen.slice(-keep);
    }
    const start = Math.max(from, text.length - keep);
    text += more.join('');
    return text.indexOf(marker, start);
  };
  try {
    if (!need(HEAD.length) || !text.startsWith(HEAD)) return undefined;
    let at = HEAD.length;
    for (;;) {
      if (!need(at + 2) || text.charCodeAt(at) !== 123) return undefined;
      let end: number;
      if (text.startsWith('{}', at)) end = at + 2;
      else {
        const i = find(CELL_END, at);
        if (i === -1) return undefined;
        end = i + CELL_END.length;
      }
      yield text.slice(at, end);
      if (!need(end + 3)) return undefined;
      if (text.startsWith('\n ]', end)) {
        at = end + 3;
        break;
      }
      if (!need(end + 4) || !text.startsWith(',\n  ', end)) return undefined;
      // what was read goes
      text = text.slice(end + 4);
      at = 0;
    }
    // the other members, as they follow the list, and the final newline
    const rest: string[] = [text.slice(at)];
    for (let r = it.next(); !r.done; r = it.next()) rest.push(r.value);
    done = true;
    return rest.join('');
  } finally {
    // pieces not taken are not read (a file being read is closed)
    if (!done) it.return?.();
  }
}
