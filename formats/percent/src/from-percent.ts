/** Reading a percent script, with the record of how it was spelled. */
import { escapeRegExp, isJsonObject, type JsonObject, type Notebook, sameItems, sortedCopy } from '@nbgit/core';
import { scriptLanguage } from '@nbgit/text';
import { type FromPercentOptions, type ReadLayout, readPercent } from './read.js';
import { type CellSpelling, type Spelling, storeSpelling, withoutTextRepresentation } from './spelling.js';
import { chunkSpan, writeParts } from './write.js';

/**
 * Reads a percent script (jupytext's `py:percent`, VS Code / Spyder / PyCharm cells) into a
 * notebook. Reads what jupytext writes exactly as jupytext reads it, plus nbgit's `nbgit`
 * extras. Cells get deterministic ids. Where the script is not spelled the way `toPercent`
 * writes it (`#%%`, `# In[1]:`, CRLF, no final newline, uncommented magics...), the notebook
 * records the spelling in `metadata.nbgit.percent`, so that `toPercent` gives the same text
 * back, also after a trip through `.ipynb`. Throws an `ESYNTAX` `NbgitError` with the file,
 * line and column for an unterminated or invalid YAML header and for marker-line metadata
 * that is clearly broken JSON.
 */
export function fromPercent(text: string, options: FromPercentOptions = {}): Notebook {
  const { nb, layout } = readPercent(text, options);
  const spelling = spellingFor(nb, layout);
  if (spelling) storeSpelling(nb.metadata, spelling);
  return nb;
}

/**
 * How the script deviates from what `toPercent` writes for the notebook it reads to, once that
 * notebook went through `.ipynb` (which sorts metadata keys and, in jupytext and `nbgit convert`,
 * drops `jupytext.text_representation`); undefined when it does not.
 */
function spellingFor(nb: Notebook, layout: ReadLayout): Spelling | undefined {
  const lang = scriptLanguage(layout.ext);
  if (!lang) return undefined;
  const T = layout.lines;
  const asIpynb: Notebook = {
    ...nb,
    metadata: sortedCopy(withoutTextRepresentation(nb.metadata)),
    cells: nb.cells.map((c) => ({ ...c, metadata: sortedCopy(c.metadata) as JsonObject })),
  };
  const options = { extension: layout.ext, lossless: layout.lossless };
  const file: Spelling = {};
  if (layout.bom) file.bom = true;
  if (layout.crlf) file.eol = '\r\n';
  const j = nb.metadata.jupytext;
  const tr = isJsonObject(j ?? null) ? (j as JsonObject).text_representation : undefined;
  if (isJsonObject(tr ?? null)) file.text_representation = tr as JsonObject;
  if (!layout.finalNewline) file.final_newline = false;

  // the marker spelling most cells use, when it is not the writer's `<c> %%`
  const c = escapeRegExp(lang.comment);
  const re = new RegExp(`^\\s*(${c}[ \\t]*%%)(?=[\\s%]|$)`);
  const counts = new Map<string, number>();
  layout.markers.forEach((isMarker, i) => {
    const m = isMarker ? re.exec(T[layout.starts[i]!]!) : null;
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  });
  let best = `${lang.comment} %%`;
  let bestCount = counts.get(best) ?? 0;
  for (const [k, n] of counts) if (n > bestCount) [best, bestCount] = [k, n];
  if (best !== `${lang.comment} %%`) file.marker = best;

  let w = writeParts(asIpynb, options, file);
  if (layout.hydrogen && !sameItems(flatten(w), T)) {
    const h = writeParts(asIpynb, options, { ...file, hydrogen: true });
    w = h;
    file.hydrogen = true;
  }
  const spelling: Spelling = { ...file };

  // the lines before the first cell
  const top = T.slice(0, layout.cellsStart);
  if (!sameItems(top, w.top)) {
    const [a, blanks] = withoutBlankTail(top);
    if (a.length && sameItems(a, withoutBlankTail(w.top)[0])) spelling.header_blank_lines = blanks;
    else spelling.header = top;
  }

  // each cell, when the writer's cells are the reader's
  const offset = layout.starts[0] === -1 ? 1 : 0;
  if (w.offset === offset && w.chunks.length === nb.cells.length - offset) {
    const cells: Record<string, CellSpelling> = {};
    for (let j = 0; j < w.chunks.length; j++) {
      const i = j + offset;
      const from = layout.starts[i]!;
      const to = i + 1 < layout.starts.length ? layout.starts[i + 1]! : T.length;
      const written = T.slice(from, to);
      const ours = chunkSpan(w, j);
      if (sameItems(written, ours)) continue;
      const record: CellSpelling = {};
      const hasMarker = layout.markers[i]!;
      if (!hasMarker) record.marker = null;
      else if (written[0] !== ours[0]) record.marker = written[0]!;
      const rest = hasMarker ? written.slice(1) : written;
      const oursRest = ours.slice(1);
      if (rest.length !== oursRest.length) record.text = rest;
      else {
        const lines: Record<string, string> = {};
        rest.forEach((l, k) => {
          if (l !== oursRest[k]) lines[String(k)] = l;
        });
        if (Object.keys(lines).length) record.lines = lines;
      }
      cells[String(i)] = record;
    }
    if (Object.keys(cells).length) spelling.cells = cells;
  }
  return Object.keys(spelling).length ? spelling : undefined;
}

function flatten(w: ReturnType<typeof writeParts>): string[] {
  const out = [...w.top];
  for (let j = 0; j < w.chunks.length; j++) out.push(...chunkSpan(w, j));
  return out;
}

/** The lines without their trailing empty lines, and how many there were. */
function withoutBlankTail(lines: readonly string[]): [readonly string[], number] {
  let n = lines.length;
  while (n > 0 && lines[n - 1] === '') n--;
  return [lines.slice(0, n), lines.length - n];
}
