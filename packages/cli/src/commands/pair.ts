/** `nbgit pair NB --with FORMATS`: pair a notebook with text files (jupytext's `--set-formats`). */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isNbgitError, type JsonObject, NbgitError } from '@nbgit/core';
import { confineToRepository, findPair, SyncState, syncPair } from '@nbgit/git/pairs';
import { fromIpynb, inReadVersion, toIpynb, withLayoutOf } from '@nbgit/ipynb';
import { pairingText, parsePairing } from '@nbgit/sync';
import { defineCommand } from '../command.js';
import type { CliIO } from '../io.js';
import { describe, saveState } from './sync.js';

export const command = defineCommand(
  {
    summary: 'pair notebooks with text files (jupytext formats)',
    usage: 'nbgit pair NB.ipynb... --with FORMATS [--force]',
    description: `Sets the notebook's metadata.jupytext.formats (as jupytext --set-formats does) to
ipynb plus FORMATS (py:percent, md, py:light, md:myst, scripts//py:percent, ...), then writes
the paired text files. From then on nbgit sync keeps them in step. The pairing is checked
(its files in the repository, every text planned and read back) before anything is written:
a notebook that cannot be paired is left as it was, byte for byte (and its mtime), and the
others given are still paired (exit status 1). A text file that exists already and differs
from the notebook, with no synced state saying which is newer (a script of the same name),
is not replaced: the pairing is refused unless --force (the text is then written from the
notebook; to take the text's cells into the notebook first: nbgit convert NB.py --to ipynb
--update NB.ipynb).`,
    options: {
      with: { type: 'string', arg: 'FORMATS', aliases: ['set-formats'], help: 'the text formats, comma-separated (py:percent, md, scripts//py:percent)' },
      force: { type: 'boolean', help: 'replace a text that exists and differs from the notebook (default:\nrefuse, nothing written)' },
    },
  },
  async ({ positionals, options }, io) => {
    if (positionals.length === 0) throw new NbgitError('EUSAGE', 'no notebook given (see nbgit pair --help)');
    if (!options.with) throw new NbgitError('EUSAGE', '--with FORMATS is required, e.g. --with py:percent');
    const given = parsePairing(options.with);
    const formats = given.some((f) => f.extension === '.ipynb') ? given : [parsePairing('ipynb')[0]!, ...given];
    const text = pairingText(formats);
    for (const p of positionals) if (!p.toLowerCase().endsWith('.ipynb')) throw new NbgitError('EUSAGE', `${p}: give the .ipynb notebook to pair`);
    const state = new SyncState(io.cwd);
    let failed = 0;
    let conflicts = 0;
    for (const p of positionals) {
      try {
        conflicts += pairOne(p, text, options.force === true, state, io);
      } catch (e) {
        // as fmt and strip: the other notebooks are still paired, each failure is reported, the exit status is 1
        if (!isNbgitError(e) || positionals.length === 1) throw e;
        io.stderr.write(`nbgit pair: ${e.file === undefined ? e.withFile(p).message : e.message}\n`);
        failed++;
      }
    }
    saveState(state, 'pair', io);
    return failed > 0 || conflicts > 0 ? 1 : 0;
  },
);

/** The cells, for a message: ` (cells 2, 3)`. */
const cellsOf = (cells: number[]) =>
  cells.length === 0 ? '' : ` (cell${cells.length > 1 ? 's' : ''} ${cells.slice(0, 12).join(', ')}${cells.length > 12 ? ', ...' : ''})`;

/**
 * Pairs one notebook: the pairing its new formats give is found and checked (files confined to
 * the repository, a text that exists and differs refused unless `force`), and every text planned
 * and read back, before anything is written; then the notebook is written once, with the new
 * formats, and its texts. On failure no file changed. Returns the number of texts left with conflicts.
 */
function pairOne(p: string, formats: string, force: boolean, state: SyncState, io: CliIO): number {
  const path = resolve(io.cwd, p);
  // before reading it: a folder of the repository may be a link to elsewhere
  let bytes: Buffer;
  try {
    confineToRepository([path]);
    bytes = readFileSync(path);
  } catch (e) {
    if (isNbgitError(e)) throw e.withFile(p);
    throw new NbgitError('EIO', `cannot read: ${(e as Error).message}`, { file: p, cause: e });
  }
  const nb = fromIpynb(bytes, { file: p });
  const jupytext = { ...((nb.metadata.jupytext as JsonObject | undefined) ?? {}), formats };
  const updated = withLayoutOf({ ...nb, metadata: { ...nb.metadata, jupytext } }, nb);
  const pair = findPair(path, { formats });
  if (!pair) throw new NbgitError('EFORMAT', `the pairing "${formats}" gives no pair`, { file: p });
  const notebook = toIpynb(inReadVersion(updated, nb));
  // a text that exists and differs, with nothing to say which side is newer (a script of the same name): never replaced unasked
  if (!force) {
    const undecided = syncPair(pair, state, { check: true, notebook }).find((o) => o.plan.action === 'undecided');
    if (undecided !== undefined) {
      const text = relative(io.cwd, undecided.text) || undecided.text;
      throw new NbgitError(
        'EIO',
        `${text} exists and differs from the notebook${cellsOf(undecided.plan.differingCells)}, and no synced state says which is newer; nothing written: --force replaces it from the notebook (nbgit convert ${text} --to ipynb --update ${p} takes its cells into the notebook first)`,
        { file: p },
      );
    }
  }
  // syncPair writes nothing when it fails, and the notebook (with its new formats) once when it succeeds
  const outcomes = syncPair(pair, state, { prefer: 'notebook', notebook });
  for (const o of outcomes) {
    const line = describe(o, io.cwd, false);
    if (line) (o.plan.conflicts.length > 0 ? io.stderr : io.stdout).write(`${line}\n`);
  }
  io.stdout.write(`${p}: paired as ${formats}\n`);
  return outcomes.filter((o) => o.plan.conflicts.length > 0).length;
}
