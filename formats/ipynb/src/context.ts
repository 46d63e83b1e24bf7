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
}

const SPLIT_MIMES = new Set(['application/javascript', 'image/svg+xml']);

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
    default:
      return Ctx.Other;
  }
}
