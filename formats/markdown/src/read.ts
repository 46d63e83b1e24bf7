/** Reading jupytext markdown into a notebook. */
import { NbgitError, type Notebook } from '@nbgit/core';

/** Options of {@link fromMarkdown}. */
export interface FromMarkdownOptions {
  /** File name used in error messages. */
  file?: string;
}

/** Reads a jupytext markdown notebook. */
export function fromMarkdown(text: string, options: FromMarkdownOptions = {}): Notebook {
  void text;
  throw new NbgitError('ESYNTAX', 'not implemented', { file: options.file });
}
