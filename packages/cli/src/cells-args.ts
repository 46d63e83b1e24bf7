/**
 * The command line of `nbgit cells` read into what it asks for: cell names, placements,
 * sources (an argument, -f FILE or stdin; percent-cell text read back), `--range`, and the
 * cell operations of each editing subcommand (see @nbgit/cells).
 */
import { type CellOperation, type CellRef, type CellType, checkOperation, findCell, type Placement } from '@nbgit/cells';
import { NbgitError, type Notebook } from '@nbgit/core';
import { looksLikePercentCell, readPercentCell } from '@nbgit/formats';
import { readInput } from './files.js';
import { type CliIO, readAll } from './io.js';

/** The subcommands of `nbgit cells`. */
export const SUBCOMMANDS = ['ls', 'cat', 'show', 'set', 'insert', 'rm', 'mv', 'split', 'join', 'type', 'tag', 'clear', 'apply'] as const;
/** A subcommand of `nbgit cells`. */
export type Sub = (typeof SUBCOMMANDS)[number];

/** Throws a usage error. */
export function usage(reason: string): never {
  throw new NbgitError('EUSAGE', reason);
}

/** A cell name from the command line: digits (and `-N`) are indexes unless a cell has that id. */
function ref(text: string | undefined, what = 'CELL'): CellRef {
  if (text === undefined || text === '') usage(`missing ${what} (an index, an id or an id prefix)`);
  return text;
}

/** A whole number given on the command line. */
export function wholeNumber(text: string | undefined, what: string): number {
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

/** The operations a subcommand asks for. */
export async function operationsOf(sub: Sub, args: string[], o: Record<string, unknown>, nb: Notebook, io: CliIO): Promise<CellOperation[]> {
  const [a, b] = args;
  const extra = (n: number) => {
    if (args.length > n) usage(`too many arguments for 'cells ${sub}': ${args.slice(n).join(' ')}`);
  };
  switch (sub) {
    case 'set': {
      extra(2);
      const cell = ref(a);
      const src = await sourceFrom(b, o.file as string | undefined, io, true);
      const form = (o.as as string | undefined) ?? (src!.from !== '<argument>' && looksLikePercentCell(src!.text) ? 'percent' : 'text');
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

/** `--range A:B` (also `A-B`, `A:`, `:B`) as view options. */
export function rangeOf(range: string | undefined): { start?: number; end?: number } {
  if (range === undefined) return {};
  const m = /^(\d*)(?::|-|\.\.)(\d*)$/.exec(range);
  if (!m || (m[1] === '' && m[2] === '')) usage(`--range is A:B (cells A to B-1), A: or :B, not ${JSON.stringify(range)}`);
  return { ...(m[1] ? { start: Number(m[1]) } : {}), ...(m[2] ? { end: Number(m[2]) } : {}) };
}
