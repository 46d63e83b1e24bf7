/**
 * Reading a notebook to edit it and writing it back (for `nbgit cells`, `nbgit params` and
 * `nbgit mcp`): the file's version is a hash of its bytes, so an edit based on an older
 * read can be refused; writes are atomic and skipped when nothing changed.
 */
import { createHash } from 'node:crypto';
import { NbgitError, type Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { readInput, writeOutput } from './files.js';
import type { CliIO } from './io.js';

/** The version of a notebook file: the first 16 hex digits of the SHA-256 of its bytes. */
export function versionOf(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** A notebook read for editing. */
export interface EditableNotebook {
  notebook: Notebook;
  bytes: Buffer;
  version: string;
}

/**
 * Reads a notebook to edit. nbformat 3 files are refused (`EVERSION`): editing them would
 * upgrade every byte of the file to nbformat 4 (`nbgit fmt --upgrade` upgrades them on purpose).
 */
export async function readEditable(path: string, io: CliIO): Promise<EditableNotebook> {
  const bytes = await readInput(path, io);
  const file = path === '-' ? '<stdin>' : path;
  const legacy = fromIpynb(bytes, { file, legacy: 'keep' });
  if (legacy.nbformat !== 4)
    throw new NbgitError(
      'EVERSION',
      `nbformat ${JSON.stringify(legacy.nbformat)}: cells are edited in nbformat 4 notebooks (nbgit fmt --upgrade upgrades nbformat 3 to 4.5)`,
      {
        file,
      },
    );
  if (!Array.isArray(legacy.cells)) throw new NbgitError('ENOTNOTEBOOK', 'notebook has no "cells" list', { file });
  return { notebook: legacy, bytes, version: versionOf(bytes) };
}

/**
 * Writes `nb` to `output` (default: back to `path`, atomically, only when its text differs
 * from what was read); `-` writes stdout. Returns the
 * new version and whether the notebook changed.
 */
export function writeEdited(
  path: string,
  nb: Notebook,
  before: EditableNotebook,
  io: CliIO,
  options: { output?: string } = {},
): { changed: boolean; version: string; text: string } {
  const text = toIpynb(nb);
  const changed = text !== before.bytes.toString('utf8');
  const out = options.output ?? path;
  if (out === '-') io.stdout.write(text);
  else if (changed || out !== path) writeOutput(out, text, io);
  return { changed, version: versionOf(text), text };
}

/** Refuses (`ESTALE`) when the file is no longer at the version an edit was based on. */
export function checkVersion(file: string, actual: string, expected: string | undefined): void {
  if (expected !== undefined && expected !== actual)
    throw new NbgitError(
      'ESTALE',
      `the notebook changed since version ${expected} was read (it is now ${actual}): read it again and redo the edit on what is there now`,
      { file },
    );
}
