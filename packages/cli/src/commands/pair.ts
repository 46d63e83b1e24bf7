/** `nbgit pair NB --with FORMATS`: pair a notebook with text files (jupytext's `--set-formats`). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type JsonObject, NbgitError } from '@nbgit/core';
import { writeFileAtomic } from '@nbgit/git';
import { confineToRepository, findPair, type SyncOutcome, SyncState, syncPair } from '@nbgit/git/pairs';
import { fromIpynb, inReadVersion, toIpynb, withLayoutOf } from '@nbgit/ipynb';
import { pairingText, parsePairing } from '@nbgit/sync';
import { defineCommand } from '../command.js';
import { describe } from './sync.js';

export const command = defineCommand(
  {
    summary: 'pair notebooks with text files (jupytext formats)',
    usage: 'nbgit pair NB.ipynb... --with FORMATS',
    description: `Sets the notebook's metadata.jupytext.formats (as jupytext --set-formats does) to
ipynb plus FORMATS (py:percent, md, py:light, md:myst, scripts//py:percent, ...), then writes
the paired text files. From then on nbgit sync keeps them in step.`,
    options: {
      with: { type: 'string', arg: 'FORMATS', aliases: ['set-formats'], help: 'the text formats, comma-separated (py:percent, md, scripts//py:percent)' },
    },
  },
  async ({ positionals, options }, io) => {
    if (positionals.length === 0) throw new NbgitError('EUSAGE', 'no notebook given (see nbgit pair --help)');
    if (!options.with) throw new NbgitError('EUSAGE', '--with FORMATS is required, e.g. --with py:percent');
    const given = parsePairing(options.with);
    const formats = given.some((f) => f.extension === '.ipynb') ? given : [parsePairing('ipynb')[0]!, ...given];
    const text = pairingText(formats);
    const state = new SyncState(io.cwd);
    for (const p of positionals) {
      const path = resolve(io.cwd, p);
      if (!path.toLowerCase().endsWith('.ipynb')) throw new NbgitError('EUSAGE', `${p}: give the .ipynb notebook to pair`);
      // before reading or writing it: a folder of the repository may be a link to elsewhere
      try {
        confineToRepository([path]);
      } catch (e) {
        throw e instanceof NbgitError ? e.withFile(p) : e;
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (e) {
        throw new NbgitError('EIO', `cannot read: ${(e as Error).message}`, { file: p, cause: e });
      }
      const nb = fromIpynb(bytes, { file: p });
      const jupytext = { ...((nb.metadata.jupytext as JsonObject | undefined) ?? {}), formats: text };
      const updated = withLayoutOf({ ...nb, metadata: { ...nb.metadata, jupytext } }, nb);
      const changed = writeFileAtomic(path, toIpynb(inReadVersion(updated, nb)), { onlyIfChanged: true });
      let outcomes: SyncOutcome[];
      try {
        const pair = findPair(path);
        if (!pair) throw new NbgitError('EIO', `${p}: pairing not found after writing it`);
        // syncPair writes nothing when it fails
        outcomes = syncPair(pair, state, { prefer: 'notebook' });
      } catch (e) {
        // a notebook it cannot pair is left as it was
        if (changed) writeFileAtomic(path, bytes);
        throw e;
      }
      for (const o of outcomes) {
        const line = describe(o, io.cwd, false);
        if (line) io.stdout.write(`${line}\n`);
      }
      io.stdout.write(`${p}: paired as ${text}\n`);
    }
    state.save();
    return 0;
  },
);
