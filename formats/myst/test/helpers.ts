// Notebook comparisons for the light tests, in the forms the format promises.
import type { Cell, Notebook } from '@nbgit/core';
import { joinSource } from '@nbgit/core';
import { toIpynb } from '@nbgit/ipynb';

/** Cells as the default mode promises them: type, source and attachments (an empty `{}` counts as none). */
export function cellsOf(nb: Notebook): unknown[] {
  return nb.cells.map((c: Cell) => {
    const a = 'attachments' in c ? c.attachments : undefined;
    return [c.cell_type, joinSource(c.source), a && Object.keys(a).length ? a : null];
  });
}

/** The notebook as `.ipynb` text without outputs and execution counts (what text formats do not carry). */
export function inputsText(nb: Notebook): string {
  return toIpynb({
    ...nb,
    cells: nb.cells.map((c) =>
      c.cell_type === 'code' ? { ...c, source: joinSource(c.source), outputs: [], execution_count: null } : { ...c, source: joinSource(c.source) },
    ),
  } as Notebook);
}
