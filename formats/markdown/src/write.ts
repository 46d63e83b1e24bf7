/** Writing a notebook as jupytext markdown. */
import { NbgitError, type Notebook } from '@nbgit/core';

/** Options of {@link toMarkdown}. */
export interface ToMarkdownOptions {
  /** Keep what jupytext's default filters drop, so the notebook reads back exactly. */
  lossless?: boolean;
}

/** Writes a notebook as jupytext markdown. */
export function toMarkdown(nb: Notebook, options: ToMarkdownOptions = {}): string {
  void nb;
  void options;
  throw new NbgitError('ESYNTAX', 'not implemented');
}
