/**
 * Where a value sits in a notebook, as the writer walks it: nbformat splits multi-line
 * strings into lists of lines at some places (cell sources, stream texts, text MIME data).
 */

/** Where a value sits in a notebook, for nbformat's splitting of multi-line strings. */
export enum Ctx {
  Other,
  Root,
  Cells,
  Cell,
  Outputs,
  Output,
  Bundle,
  Attachments,
  /** A string here is split into lines. */
  Split,
  /** nbformat 3: the top level, `worksheets`, one worksheet, its `cells`, one cell, its `outputs`, one output. */
  RootV3,
  Worksheets,
  Worksheet,
  CellsV3,
  CellV3,
  OutputsV3,
  OutputV3,
}

const SPLIT_MIMES = new Set(['application/javascript', 'image/svg+xml']);

/** The output keys nbformat 3 splits into lines (`nbformat.v3.rwbase._multiline_outputs`). */
const V3_SPLIT_OUTPUT_KEYS = new Set(['text', 'html', 'svg', 'latex', 'javascript', 'json']);

/** The place of member `key` of `parent`, which sits at `ctx`. */
export function childCtx(ctx: Ctx, key: string | number, parent: unknown): Ctx {
  switch (ctx) {
    case Ctx.Root:
      return key === 'cells' ? Ctx.Cells : Ctx.Other;
    case Ctx.Cells:
      return Ctx.Cell;
    case Ctx.Cell:
      if (key === 'source') return Ctx.Split;
      if (key === 'outputs') return Ctx.Outputs;
      if (key === 'attachments') return Ctx.Attachments;
      return Ctx.Other;
    case Ctx.Outputs:
      return Ctx.Output;
    case Ctx.Output: {
      const type = (parent as { output_type?: unknown }).output_type;
      if (key === 'text' && type === 'stream') return Ctx.Split;
      if (key === 'data' && (type === 'execute_result' || type === 'display_data')) return Ctx.Bundle;
      return Ctx.Other;
    }
    case Ctx.Attachments:
      return Ctx.Bundle;
    case Ctx.Bundle:
      return typeof key === 'string' && (key.startsWith('text/') || SPLIT_MIMES.has(key)) ? Ctx.Split : Ctx.Other;
    // nbformat 3, as `nbformat.v3.rwbase.split_lines` splits: a code cell's `input` and the
    // multi-line keys of its outputs, the `source` and `rendered` of every other cell
    case Ctx.RootV3:
      return key === 'worksheets' ? Ctx.Worksheets : Ctx.Other;
    case Ctx.Worksheets:
      return Ctx.Worksheet;
    case Ctx.Worksheet:
      return key === 'cells' ? Ctx.CellsV3 : Ctx.Other;
    case Ctx.CellsV3:
      return Ctx.CellV3;
    case Ctx.CellV3:
      if ((parent as { cell_type?: unknown }).cell_type === 'code') return key === 'input' ? Ctx.Split : key === 'outputs' ? Ctx.OutputsV3 : Ctx.Other;
      return key === 'source' || key === 'rendered' ? Ctx.Split : Ctx.Other;
    case Ctx.OutputsV3:
      return Ctx.OutputV3;
    case Ctx.OutputV3:
      return typeof key === 'string' && V3_SPLIT_OUTPUT_KEYS.has(key) ? Ctx.Split : Ctx.Other;
    default:
      return Ctx.Other;
  }
}
