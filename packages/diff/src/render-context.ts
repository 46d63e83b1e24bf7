/** What every part of the terminal renderer shares: the colours and the limits. */
import type pc from 'picocolors';

/** Colour functions (no-ops when colour is off). */
export type Paint = ReturnType<typeof pc.createColors>;

/** The colours, the context lines of hunks, and the most lines shown for a whole output. */
export interface Ctx {
  c: Paint;
  context: number;
  maxLines: number;
}
