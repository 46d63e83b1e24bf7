/** `nbgit cells SUBCOMMAND NOTEBOOK ...`: read and edit cells, changing only the cells edited. */
import {
  applyOperations,
  type CellOperation,
  type CellRef,
  type CellType,
  checkOperation,
  findCell,
  listCells,
  type OperationResult,
  type Placement,
  renderList,
  renderView,
  viewJson,
} from '@nbgit/cells';
import { type Cell, cloneJson, joinSource, NbgitError, type Notebook } from '@nbgit/core';
import { readText, writeText } from '@nbgit/formats';
import { defineCommand } from '../command.js';
import { readInput } from '../files.js';
import { type CliIO, readAll } from '../io.js';
import { checkVersion, readEditable, writeEdited } from '../notebook-edit.js';

const SUBCOMMANDS = ['ls', 'cat', 'show', 'set', 'insert', 'rm', 'mv', 'split', 'join', 'type', 'tag', 'clear', 'apply'] as const;
type Sub = (typeof SUBCOMMANDS)[number];
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

function usage(reason: string): never {
  throw new NbgitError('EUSAGE', reason);
}

/** A cell name from the command line: digits (and `-N`) are indexes unless a cell has that id. */
function ref(text: string | undefined, what = 'CELL'): CellRef {
  if (text === undefined || text === '') usage(`missing ${what} (an index, an id or an id prefix)`);
  return text;
}

function wholeNumber(text: string | undefined, what: string): number {
  if (text === undefined || !/^\d+$/.test(text)) usage(`${what} must be a whole number, not ${JSON.stringify(text ?? '')}`);
  return Number(text);
}

/** The placement options (one of --before, --after, --at). */
function placement(o: { before?: string; after?: string; at?: string }): Placement {
  const given = (['before', 'after', 'at'] as const).filter((k) => o[k] !== undefined);
  if (given.length > 1) usage(`give one of --before, --after and --at, not ${given.map((k) => `--${k}`).join(' and ')}`);
  if (o.before !== undefined) return { before: o.before };
  if (o.after !== undefined) return { after: o.after };
  return o.at === undefined ? {} : { at: o.at as 'start' | 'end' };
}

/** The percent-script text of one cell (no header), in the notebook's language. */
export function percentCell(nb: Notebook, cell: Cell): string {
  const one = { nbformat: 4, nbformat_minor: nb.nbformat_minor, metadata: pickKernel(nb), cells: [{ ...cloneJson(cell), outputs: [], execution_count: null }] };
  if (cell.cell_type !== 'code') delete (one.cells[0] as Record<string, unknown>).outputs;
  if (cell.cell_type !== 'code') delete (one.cells[0] as Record<string, unknown>).execution_count;
  return withoutHeader(writeText(one as Notebook, 'auto:percent'));
}

function pickKernel(nb: Notebook): Notebook['metadata'] {
  const m: Notebook['metadata'] = {};
  for (const k of ['kernelspec', 'language_info', 'jupytext'] as const) if (nb.metadata?.[k] !== undefined) m[k] = nb.metadata[k]!;
  return m;
}

/** A percent script without its `# ---` header block and the blank lines after it. */
function withoutHeader(text: string): string {
  const lines = text.split('\n');
  const m = /^(\S+) ---$/.exec(lines[0] ?? '');
  if (!m) return text;
  let i = lines.indexOf(lines[0]!, 1);
  if (i === -1) return text;
  i++;
  while (i < lines.length && lines[i] === '') i++;
  return lines.slice(i).join('\n');
}

/** True when text starts with a percent marker line (`# %%`, `// %%`, `-- %%`, `%%`...). */
function looksPercent(text: string): boolean {
  return /^\s*(?:#|\/\/|--|%|;+)?\s*%%/.test(text);
}

/** The cell a percent-script fragment holds (one cell), read in the notebook's language. */
export function readPercentCell(nb: Notebook, text: string, file: string): { source: string; type: CellType } {
  const header = writeText({ nbformat: 4, nbformat_minor: nb.nbformat_minor, metadata: pickKernel(nb), cells: [] } as Notebook, 'auto:percent');
  const read = readText(`${header.endsWith('\n') ? header : `${header}\n`}\n${text}`, 'auto:percent', { file });
  const cells = read.cells.filter((c, i) => !(i === 0 && joinSource(c.source) === '' && read.cells.length > 1));
  if (cells.length !== 1) throw new NbgitError('EUSAGE', `expected one percent cell, found ${cells.length}`, { file });
  return { source: joinSource(cells[0]!.source), type: cells[0]!.cell_type };
}

/** The source an edit gives: an argument, -f FILE, or stdin. */
async function sourceFrom(
  arg: string | undefined,
  file: string | undefined,
  io: CliIO,
  required: boolean,
): Promise<{ text: string; from: string } | undefined> {
  if (arg !== undefined && file !== undefined) usage('give the source as an argument or with -f, not both');
  if (arg !== undefined) return { text: arg, from: '<argument>' };
  if (file !== undefined) return { text: (await readInput(file, io)).toString('utf8'), from: file === '-' ? '<stdin>' : file };
  if ((io.stdin as { isTTY?: boolean }).isTTY) {
    if (required) usage('no source given: pass it as an argument, with -f FILE, or on stdin');
    return undefined;
  }
  return { text: (await readAll(io.stdin)).toString('utf8'), from: '<stdin>' };
}

function describe(r: OperationResult): string {
  const where = r.index >= 0 ? ` cell ${r.index}${r.id ? ` (id ${r.id})` : ''}` : '';
  const verb: Record<string, string> = {
    set: 'set',
    insert: 'inserted',
    delete: 'deleted',
    move: 'moved to',
    split: 'split off',
    join: 'joined into',
    type: 'changed type of',
    tags: 'tagged',
    metadata: 'set metadata of',
    clear: 'cleared outputs',
  };
  return r.changed ? `${verb[r.op]}${where}` : `${r.op}${where}: nothing to change`;
}

/** The operations a subcommand asks for. */
async function operationsOf(sub: Sub, args: string[], o: Record<string, unknown>, nb: Notebook, io: CliIO): Promise<CellOperation[]> {
  const [a, b] = args;
  const extra = (n: number) => {
    if (args.length > n) usage(`too many arguments for 'cells ${sub}': ${args.slice(n).join(' ')}`);
  };
  switch (sub) {
    case 'set': {
      extra(2);
      const cell = ref(a);
      const src = await sourceFrom(b, o.file as string | undefined, io, true);
      const form = (o.as as string | undefined) ?? (src!.from !== '<argument>' && looksPercent(src!.text) ? 'percent' : 'text');
      if (form === 'percent') {
        const read = readPercentCell(nb, src!.text, src!.from);
        const ops: CellOperation[] = [{ op: 'set', cell, source: read.source }];
        if (read.type !== findCell(nb, cell).cell.cell_type) ops.push({ op: 'type', cell, type: read.type });
        return ops;
      }
      return [{ op: 'set', cell, source: src!.text }];
    }
    case 'insert': {
      extra(1);
      const src = await sourceFrom(a, o.file as string | undefined, io, false);
      return [
        {
          op: 'insert',
          ...placement(o),
          type: (o.type as CellType | undefined) ?? 'code',
          source: src?.text ?? '',
          ...(o.tag ? { tags: o.tag as string[] } : {}),
        },
      ];
    }
    case 'rm':
      if (args.length === 0) usage('missing CELL to remove');
      return args.map((c) => ({ op: 'delete', cell: ref(c) }));
    case 'mv': {
      extra(1);
      const p = placement(o);
      if (Object.keys(p).length === 0) usage('where to? give --before CELL, --after CELL or --at start|end');
      return [{ op: 'move', cell: ref(a), ...p }];
    }
    case 'split':
      extra(2);
      return [{ op: 'split', cell: ref(a), line: wholeNumber(b, 'LINE') }];
    case 'join':
      if (args.length < 2) usage('join needs at least two cells');
      return [{ op: 'join', cells: args.map((c) => ref(c)) }];
    case 'type':
      extra(2);
      if (b !== 'code' && b !== 'markdown' && b !== 'raw') usage(`TYPE must be code, markdown or raw, not ${JSON.stringify(b ?? '')}`);
      return [{ op: 'type', cell: ref(a), type: b }];
    case 'tag': {
      const add = [...args.slice(1), ...((o.add as string[] | undefined) ?? [])];
      const remove = (o.remove as string[] | undefined) ?? [];
      if (add.length + remove.length === 0) usage('tag: give TAGs to add, or --add TAG / --remove TAG');
      return [{ op: 'tags', cell: ref(a), add, remove }];
    }
    case 'clear':
      return [args.length === 0 ? { op: 'clear' } : { op: 'clear', cells: args.map((c) => ref(c)) }];
    case 'apply': {
      extra(1);
      if (a === undefined) usage('missing OPS.json (a JSON list of operations; - for stdin)');
      const text = (await readInput(a, io)).toString('utf8');
      let ops: unknown;
      try {
        ops = JSON.parse(text);
      } catch (e) {
        throw new NbgitError('EOP', `invalid JSON: ${(e as Error).message}`, { file: a === '-' ? '<stdin>' : a });
      }
      if (!Array.isArray(ops)) throw new NbgitError('EOP', 'expected a JSON list of operations', { file: a });
      ops.forEach((op, k) => {
        try {
          checkOperation(op);
        } catch (e) {
          throw new NbgitError('EOP', `operations[${k}]: ${(e as NbgitError).reason}`, { file: a });
        }
      });
      return ops as CellOperation[];
    }
    default:
      return [];
  }
}

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
      const text = o.as === 'percent' ? percentCell(nb, cell) : joinSource(cell.source);
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
    else for (const r of result.results) io.stdout.write(`${describe(r)}\n`);
    return 0;
  },
);

/** `--range A:B` (also `A-B`, `A:`, `:B`) as view options. */
function rangeOf(range: string | undefined): { start?: number; end?: number } {
  if (range === undefined) return {};
  const m = /^(\d*)(?::|-|\.\.)(\d*)$/.exec(range);
  if (!m || (m[1] === '' && m[2] === '')) usage(`--range is A:B (cells A to B-1), A: or :B, not ${JSON.stringify(range)}`);
  return { ...(m[1] ? { start: Number(m[1]) } : {}), ...(m[2] ? { end: Number(m[2]) } : {}) };
}
