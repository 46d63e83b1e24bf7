/** `nbgit cells SUBCOMMAND NOTEBOOK ...`: read and edit cells, changing only the cells edited. */
import { applyOperations, describeResult, findCell, listCells, renderList, renderView, viewJson } from '@nbgit/cells';
import { joinSource, NbgitError } from '@nbgit/core';
import { cellAsPercent } from '@nbgit/formats';
import { operationsOf, rangeOf, SUBCOMMANDS, type Sub, usage, wholeNumber } from '../cells-args.js';
import { defineCommand } from '../command.js';
import { checkVersion, readEditable, writeEdited } from '../notebook-edit.js';

const READS: readonly Sub[] = ['ls', 'cat', 'show'];

const OPTIONS = {
  json: { type: 'boolean', help: 'print the result as JSON (ls, cat, show, and what an edit did)' },
  before: { type: 'string', arg: 'CELL', help: 'insert, mv: put the cell before CELL' },
  after: { type: 'string', arg: 'CELL', help: 'insert, mv: put the cell after CELL' },
  at: { type: 'string', arg: 'END', choices: ['start', 'end'], help: 'insert, mv: put the cell at the start or the end (insert: end by default)' },
  type: { type: 'string', short: 't', arg: 'TYPE', choices: ['code', 'markdown', 'raw'], help: 'insert: the new cell type (default code)' },
  tag: { type: 'list', arg: 'TAG', help: 'insert: a tag for the new cell (repeatable)' },
  add: { type: 'list', arg: 'TAG', help: 'tag: add TAG (repeatable; TAG arguments are added too)' },
  remove: { type: 'list', arg: 'TAG', help: 'tag: remove TAG (repeatable)' },
  file: { type: 'string', short: 'f', arg: 'FILE', help: 'set, insert: the source from FILE (- is stdin)' },
  as: {
    type: 'string',
    arg: 'FORM',
    choices: ['text', 'percent'],
    help: 'show: the source as it is (text) or as a percent-script cell;\nset: read the source as that form (default: percent when it starts with a %% marker)',
  },
  outputs: { type: 'boolean', negatable: true, help: 'cat: include output summaries (the default; --no-outputs leaves them out)' },
  range: { type: 'string', arg: 'A:B', help: 'cat: cells A to B-1 by index (A: or :B for open ends)' },
  'max-lines': { type: 'string', arg: 'N', help: 'cat: lines of each text output shown (default 20)' },
  'max-chars': { type: 'string', arg: 'N', help: 'cat: characters of each text output shown (default 2000)' },
  output: { type: 'string', short: 'o', arg: 'PATH', help: 'edits: write the notebook to PATH (- is stdout) instead of in place' },
  'if-version': { type: 'string', arg: 'V', help: 'edits: refuse unless the notebook is at version V (printed by --json)' },
} as const;

export const command = defineCommand(
  {
    summary: 'list, show and edit cells (only the cells edited change)',
    usage: [
      'nbgit cells ls NOTEBOOK [--json]',
      'nbgit cells cat NOTEBOOK [CELL...] [--range A:B] [--no-outputs] [--json]',
      'nbgit cells show NOTEBOOK CELL [--as percent] [--json]',
      'nbgit cells set NOTEBOOK CELL [SOURCE | -f FILE | < FILE]',
      'nbgit cells insert NOTEBOOK [SOURCE | -f FILE] [--type T] [--before C | --after C | --at start|end] [--tag T]',
      'nbgit cells rm NOTEBOOK CELL...',
      'nbgit cells mv NOTEBOOK CELL (--before C | --after C | --at start|end)',
      'nbgit cells split NOTEBOOK CELL LINE',
      'nbgit cells join NOTEBOOK CELL CELL...',
      'nbgit cells type NOTEBOOK CELL code|markdown|raw',
      'nbgit cells tag NOTEBOOK CELL [TAG...] [--add TAG] [--remove TAG]',
      'nbgit cells clear NOTEBOOK [CELL...]',
      'nbgit cells apply NOTEBOOK OPS.json',
    ],
    description: `Reads and edits a notebook's cells. An edit rewrites the notebook atomically and changes
only the bytes of the cells it touches: the other cells, the layout, ids and nbformat
version stay as they were, and an edit that changes nothing writes nothing. A CELL is an
index (0 is the first; digits, or #N), an id, or a prefix of one cell's id; an exact id
wins over an index. New cells get deterministic ids in nbformat 4.5 notebooks (none in
older ones). Sources are stored as Jupyter's list of lines.

ls lists one line per cell; cat shows the notebook for reading (outputs summarised:
text cut with a count, images as [image/png 640x480, 31 kB], errors as ename: evalue);
show prints one cell's source (with --as percent, as a percent-script cell that set reads
back, type included). split starts the new cell at LINE (1-based). join joins consecutive
cells into the first. clear removes outputs and execution counts (all cells by default).
apply runs a JSON list of operations, all or nothing, e.g.
  [{"op": "set", "cell": "a1b2", "source": "x = 1"},
   {"op": "insert", "after": 3, "type": "markdown", "source": "## Results"},
   {"op": "tags", "cell": 0, "add": ["parameters"]}]
(ops: set, insert, delete, move, split, join, type, tags, metadata, clear; see
packages/cells/README.md). nbformat 3 notebooks are refused (nbgit fmt upgrades them).`,
    options: OPTIONS,
    footer: `Exit status: 0 done; 1 the notebook could not be read or written, a CELL matches no
cell (or several), an operation is invalid, or --if-version does not match (nothing is
written then); 2 bad usage.`,
  },
  async ({ positionals, options: o }, io) => {
    const [subName, path, ...args] = positionals;
    if (subName === undefined) usage(`missing subcommand (${SUBCOMMANDS.join(', ')})`);
    if (!(SUBCOMMANDS as readonly string[]).includes(subName)) usage(`unknown subcommand '${subName}' (${SUBCOMMANDS.join(', ')})`);
    const sub = subName as Sub;
    if (path === undefined) usage(`missing NOTEBOOK (nbgit cells ${sub} NOTEBOOK ...)`);
    const file = path === '-' ? '<stdin>' : path;
    if (READS.includes(sub)) {
      const { notebook: nb, version } = await readEditable(path, io);
      if (sub === 'ls') {
        if (args.length > 0) usage(`too many arguments for 'cells ls': ${args.join(' ')}`);
        const cells = listCells(nb, { outputs: false });
        io.stdout.write(o.json ? `${JSON.stringify({ file, version, cells }, null, 2)}\n` : renderList(cells));
        return 0;
      }
      if (sub === 'cat') {
        const view = {
          ...(args.length > 0 ? { cells: args } : {}),
          ...rangeOf(o.range),
          outputs: o.outputs !== false,
          ...(o['max-lines'] !== undefined ? { maxOutputLines: wholeNumber(o['max-lines'], '--max-lines') } : {}),
          ...(o['max-chars'] !== undefined ? { maxOutputChars: wholeNumber(o['max-chars'], '--max-chars') } : {}),
          file,
        };
        io.stdout.write(o.json ? `${JSON.stringify({ file, version, ...viewJson(nb, view) }, null, 2)}\n` : renderView(nb, view));
        return 0;
      }
      if (args.length !== 1) usage(args.length === 0 ? 'missing CELL' : `too many arguments for 'cells show': ${args.slice(1).join(' ')}`);
      const { cell, index } = findCell(nb, args[0]!);
      const text = o.as === 'percent' ? cellAsPercent(nb, cell) : joinSource(cell.source);
      if (o.json) {
        const s = listCells(nb, { cells: [index] })[0]!;
        io.stdout.write(`${JSON.stringify({ file, version, ...s, ...(o.as === 'percent' ? { percent: text } : {}) }, null, 2)}\n`);
      } else io.stdout.write(text === '' || text.endsWith('\n') ? text : `${text}\n`);
      return 0;
    }
    if (path === '-' && o.output === undefined) usage('an edit of stdin needs -o PATH (or -o - for stdout)');
    const before = await readEditable(path, io);
    checkVersion(file, before.version, o['if-version']);
    const nb = before.notebook;
    const ops = await operationsOf(sub, args, o as Record<string, unknown>, nb, io);
    let result: ReturnType<typeof applyOperations>;
    try {
      result = applyOperations(nb, ops);
    } catch (e) {
      if (e instanceof NbgitError && e.file === undefined) throw e.withFile(file);
      throw e;
    }
    const written = writeEdited(path, nb, before, io, o.output === undefined ? {} : { output: o.output });
    if (o.output === '-') return 0;
    if (o.json) io.stdout.write(`${JSON.stringify({ file, changed: written.changed, version: written.version, results: result.results }, null, 2)}\n`);
    else for (const r of result.results) io.stdout.write(`${describeResult(r)}\n`);
    return 0;
  },
);
