/**
 * `nbgit mcp`'s server: notebook tools for agents over the Model Context Protocol (the
 * official TypeScript SDK). Every tool takes paths under the server's root ({@link Root});
 * every failure comes back as a tool error (`isError`) with a clear message and the server
 * goes on. A read returns the notebook's version (a hash of its bytes); an edit given a
 * version refuses to write over a file that changed since (someone saved it in Jupyter).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  applyOperations,
  type CellOperation,
  type CellRef,
  findTaggedCell,
  injectParameters,
  listParameters,
  PARAMETERS_TAG,
  renderView,
  viewJson,
} from '@nbgit/cells';
import { deepestPath, isNbgitError, MAX_DEPTH, NbgitError, type Notebook } from '@nbgit/core';
import { diffNotebooks, renderTerminal, summarize } from '@nbgit/diff';
import { writeText } from '@nbgit/formats';
import { git } from '@nbgit/git';
import { formatIssue, fromIpynb, validateNotebook } from '@nbgit/ipynb';
import { z } from 'zod';
import type { CliIO } from './io.js';
import { version as cliVersion } from './io.js';
import { Root } from './mcp-root.js';
import { cellRef, cellType, json, parameterRecord, paramValue, path, placement, type Result, version } from './mcp-schemas.js';
import { checkVersion, readEditable, writeEdited } from './notebook-edit.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** The folder every path is confined to. */
  root: string;
  /** Refuse every tool that writes. */
  readOnly?: boolean;
}

/** The names of the tools, fixed so that clients can rely on them. */
export const TOOL_NAMES = [
  'notebook_list',
  'notebook_read',
  'cell_edit',
  'cell_insert',
  'cell_delete',
  'cell_move',
  'cell_split',
  'cell_join',
  'cell_set_type',
  'cell_tags',
  'outputs_clear',
  'notebook_diff',
  'notebook_validate',
  'notebook_convert',
  'params_list',
  'params_inject',
] as const;

/** Creates the server with its tools (not yet connected to a transport). */
export function createServer(options: ServerOptions, io: CliIO): McpServer {
  const root = new Root(options.root);
  const server = new McpServer({ name: 'nbgit', version: cliVersion() }, { capabilities: { tools: {} } });
  const local: CliIO = { ...io, cwd: root.real };

  /** A tool body, with every failure turned into a tool error naming paths as the client does. */
  const tool =
    <A>(fn: (args: A) => Promise<Result | string>) =>
    async (args: A): Promise<Result> => {
      try {
        const r = await fn(args);
        return typeof r === 'string' ? { content: [{ type: 'text', text: r }] } : r;
      } catch (e) {
        let message: string;
        if (isNbgitError(e)) {
          const shown = e.file?.startsWith(root.real) ? e.withFile(root.show(e.file)) : e;
          message = `${shown.code}: ${shown.message}`;
        } else message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
        return { content: [{ type: 'text', text: message }], isError: true };
      }
    };

  const writable = () => {
    if (options.readOnly) throw new NbgitError('EDENIED', 'the server is read-only (nbgit mcp --read-only): no tool may change a file');
  };

  /** Reads, checks the version, applies operations, writes; returns what was done and the new version. */
  const edit = async (p: string, ops: CellOperation[], expected: string | undefined): Promise<Result> => {
    writable();
    const abs = root.resolve(p, { mustExist: true });
    const before = await readEditable(abs, local);
    checkVersion(p, before.version, expected);
    const r = applyOperations(before.notebook, ops);
    const w = writeEdited(abs, before.notebook, before, local);
    const out = { path: root.show(abs), changed: w.changed, version: w.version, results: r.results };
    return { content: [{ type: 'text', text: json(out) }], structuredContent: out };
  };

  const readOnlyHint = { readOnlyHint: true, openWorldHint: false };
  const editHint = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

  server.registerTool(
    'notebook_list',
    {
      description: 'List the .ipynb notebooks under a folder of the root (default: the whole root), skipping hidden folders and node_modules.',
      inputSchema: { path: z.string().optional().describe('folder, relative to the root (default ".")') },
      annotations: readOnlyHint,
    },
    tool(async ({ path: dir }: { path?: string }) => {
      const start = root.resolve(dir ?? '.', { mustExist: true });
      if (!statSync(start).isDirectory()) throw new NbgitError('EIO', `${root.show(start)}: not a folder (notebook_read reads a notebook)`);
      const found: string[] = [];
      const walk = (d: string) => {
        let names: string[];
        try {
          names = readdirSync(d).sort();
        } catch (e) {
          // a folder it may not read is left out, as a hidden one is; the root itself is an error
          if (d === start) throw new NbgitError('EIO', `${root.show(d)}: cannot list: ${(e as Error).message}`, { cause: e });
          return;
        }
        for (const name of names) {
          if (name.startsWith('.') || name === 'node_modules' || found.length >= 5000) continue;
          let p: string;
          try {
            p = root.resolve(join(d, name), { mustExist: true }); // links out of the root are not followed
          } catch {
            continue;
          }
          const st = statSync(p, { throwIfNoEntry: false });
          if (st?.isDirectory()) walk(p);
          else if (st?.isFile() && name.endsWith('.ipynb')) found.push(root.show(p));
        }
      };
      walk(start);
      return found.length === 0 ? 'no notebooks' : `${found.join('\n')}\n`;
    }),
  );

  server.registerTool(
    'notebook_read',
    {
      description:
        "Read a notebook: each cell's index, id, type, tags and source, with outputs summarised (text cut with a count, images as [image/png 640x480, 31 kB], errors as ename: evalue). Returns the notebook's version: pass it to edit tools so that an edit never overwrites a change someone saved meanwhile.",
      inputSchema: {
        path,
        cells: z.array(cellRef).optional().describe('only these cells'),
        start: z.number().int().min(0).optional().describe('first cell index (inclusive)'),
        end: z.number().int().min(0).optional().describe('last cell index (exclusive)'),
        outputs: z.boolean().optional().describe('include output summaries (default true)'),
        max_output_lines: z.number().int().min(0).optional().describe('lines of each text output shown (default 20)'),
        format: z.enum(['text', 'json']).optional().describe('text (default) or json'),
      },
      annotations: readOnlyHint,
    },
    tool(
      async (a: { path: string; cells?: CellRef[]; start?: number; end?: number; outputs?: boolean; max_output_lines?: number; format?: 'text' | 'json' }) => {
        const abs = root.resolve(a.path, { mustExist: true });
        const { notebook, version: v } = await readEditable(abs, local);
        const view = {
          ...(a.cells ? { cells: a.cells } : {}),
          ...(a.start !== undefined ? { start: a.start } : {}),
          ...(a.end !== undefined ? { end: a.end } : {}),
          outputs: a.outputs !== false,
          ...(a.max_output_lines !== undefined ? { maxOutputLines: a.max_output_lines } : {}),
          file: root.show(abs),
        };
        if (a.format === 'json') {
          const out = { path: root.show(abs), version: v, ...viewJson(notebook, view) };
          return { content: [{ type: 'text', text: json(out) }], structuredContent: out };
        }
        return `version: ${v}\n${renderView(notebook, view)}`;
      },
    ),
  );

  server.registerTool(
    'cell_edit',
    {
      description: "Set a cell's source. Only that cell changes in the file; the same text changes nothing.",
      inputSchema: { path, cell: cellRef, source: z.string().describe('the new source'), version },
      annotations: editHint,
    },
    tool(async (a: { path: string; cell: CellRef; source: string; version?: string }) =>
      edit(a.path, [{ op: 'set', cell: a.cell, source: a.source }], a.version),
    ),
  );

  server.registerTool(
    'cell_insert',
    {
      description:
        'Insert a new cell (code unless type says otherwise) before or after a cell, or at the start or end (default: the end). Returns its index and id.',
      inputSchema: {
        path,
        source: z.string().optional().describe('the source (default empty)'),
        type: cellType.optional(),
        tags: z.array(z.string()).optional(),
        ...placement,
        version,
      },
      annotations: editHint,
    },
    tool(async (a: { path: string; source?: string; type?: 'code' | 'markdown' | 'raw'; tags?: string[]; version?: string } & Record<string, unknown>) =>
      edit(
        a.path,
        [
          {
            op: 'insert',
            source: a.source ?? '',
            type: a.type ?? 'code',
            ...(a.tags ? { tags: a.tags } : {}),
            ...(a.before !== undefined ? { before: a.before as CellRef } : {}),
            ...(a.after !== undefined ? { after: a.after as CellRef } : {}),
            ...(a.at !== undefined ? { at: a.at as 'start' | 'end' } : {}),
          },
        ],
        a.version,
      ),
    ),
  );

  server.registerTool(
    'cell_delete',
    {
      description: 'Delete a cell; the other cells keep their bytes.',
      inputSchema: { path, cell: cellRef, version },
      annotations: { ...editHint, destructiveHint: true },
    },
    tool(async (a: { path: string; cell: CellRef; version?: string }) => edit(a.path, [{ op: 'delete', cell: a.cell }], a.version)),
  );

  server.registerTool(
    'cell_move',
    {
      description: 'Move a cell before or after another cell, or to the start or end.',
      inputSchema: { path, cell: cellRef, ...placement, version },
      annotations: editHint,
    },
    tool(async (a: { path: string; cell: CellRef; before?: CellRef; after?: CellRef; at?: 'start' | 'end'; version?: string }) => {
      if (a.before === undefined && a.after === undefined && a.at === undefined) throw new NbgitError('EOP', 'cell_move: give before, after or at');
      const { path: p, version: v, ...op } = a;
      return edit(p, [{ op: 'move', ...op }], v);
    }),
  );

  server.registerTool(
    'cell_split',
    {
      description: 'Split a cell in two: the new cell starts at `line` (1-based). The first part keeps the id and outputs.',
      inputSchema: { path, cell: cellRef, line: z.number().int().min(2).describe('the line the new cell starts at (1-based, at least 2)'), version },
      annotations: editHint,
    },
    tool(async (a: { path: string; cell: CellRef; line: number; version?: string }) => edit(a.path, [{ op: 'split', cell: a.cell, line: a.line }], a.version)),
  );

  server.registerTool(
    'cell_join',
    {
      description: 'Join consecutive cells into the first of them (sources one line break apart, outputs kept in order).',
      inputSchema: { path, cells: z.array(cellRef).min(2).describe('two or more consecutive cells, in order'), version },
      annotations: editHint,
    },
    tool(async (a: { path: string; cells: CellRef[]; version?: string }) => edit(a.path, [{ op: 'join', cells: a.cells }], a.version)),
  );

  server.registerTool(
    'cell_set_type',
    { description: "Change a cell's type (code, markdown or raw).", inputSchema: { path, cell: cellRef, type: cellType, version }, annotations: editHint },
    tool(async (a: { path: string; cell: CellRef; type: 'code' | 'markdown' | 'raw'; version?: string }) =>
      edit(a.path, [{ op: 'type', cell: a.cell, type: a.type }], a.version),
    ),
  );

  server.registerTool(
    'cell_tags',
    {
      description: "Add and remove a cell's tags (metadata.tags).",
      inputSchema: { path, cell: cellRef, add: z.array(z.string()).optional(), remove: z.array(z.string()).optional(), version },
      annotations: editHint,
    },
    tool(async (a: { path: string; cell: CellRef; add?: string[]; remove?: string[]; version?: string }) =>
      edit(a.path, [{ op: 'tags', cell: a.cell, add: a.add ?? [], remove: a.remove ?? [] }], a.version),
    ),
  );

  server.registerTool(
    'outputs_clear',
    {
      description: 'Clear outputs and execution counts of the cells given, or of every cell.',
      inputSchema: { path, cells: z.array(cellRef).optional().describe('the cells (default: all)'), version },
      annotations: editHint,
    },
    tool(async (a: { path: string; cells?: CellRef[]; version?: string }) =>
      edit(a.path, [a.cells ? { op: 'clear', cells: a.cells } : { op: 'clear' }], a.version),
    ),
  );

  server.registerTool(
    'notebook_diff',
    {
      description:
        'What changed, cell by cell: between two notebooks (path and other), or between a notebook and a git revision of it (path and revision, e.g. HEAD).',
      inputSchema: {
        path,
        other: z.string().optional().describe('the notebook to compare with (the new side)'),
        revision: z.string().optional().describe('a git revision (HEAD, main, a commit): the old side is the file at that revision'),
      },
      annotations: readOnlyHint,
    },
    tool(async (a: { path: string; other?: string; revision?: string }) => {
      if ((a.other === undefined) === (a.revision === undefined))
        throw new NbgitError('EOP', 'notebook_diff: give other (a second notebook) or revision (a git revision), one of them');
      const abs = root.resolve(a.path, { mustExist: true });
      const now = (await readEditable(abs, local)).notebook;
      let old: Notebook;
      let names: { a: string; b: string };
      if (a.revision !== undefined) {
        if (a.revision.startsWith('-') || a.revision.includes(':')) throw new NbgitError('EOP', `not a revision: ${JSON.stringify(a.revision)}`);
        const r = git(['show', `${a.revision}:./${basename(abs)}`], { cwd: dirname(abs) });
        old = fromIpynb(r.stdout, { file: `${a.revision}:${root.show(abs)}` });
        names = { a: `${a.revision}:${root.show(abs)}`, b: root.show(abs) };
        return render(old, now, names);
      }
      const otherAbs = root.resolve(a.other, { mustExist: true });
      old = now;
      const other = (await readEditable(otherAbs, local)).notebook;
      names = { a: root.show(abs), b: root.show(otherAbs) };
      return render(old, other, names);
    }),
  );

  const render = (a: Notebook, b: Notebook, names: { a: string; b: string }): string => {
    const d = diffNotebooks(a, b);
    const text = renderTerminal(d, { names });
    return text === '' ? `no difference between ${names.a} and ${names.b}\n` : `${summarize(d)}\n${text}`;
  };

  server.registerTool(
    'notebook_validate',
    { description: 'Check a notebook against the nbformat schema; lists problems with line and column.', inputSchema: { path }, annotations: readOnlyHint },
    tool(async (a: { path: string }) => {
      const abs = root.resolve(a.path, { mustExist: true });
      const { notebook } = await readEditable(abs, local);
      const issues = validateNotebook(notebook);
      return issues.length === 0 ? `${root.show(abs)}: valid\n` : `${issues.map((i) => formatIssue(i, root.show(abs))).join('\n')}\n`;
    }),
  );

  server.registerTool(
    'notebook_convert',
    {
      description: "A notebook as text: a percent script (# %% cells, in the kernel's language) or jupytext markdown. Nothing is written.",
      inputSchema: { path, to: z.enum(['percent', 'md']).describe('percent or md') },
      annotations: readOnlyHint,
    },
    tool(async (a: { path: string; to: 'percent' | 'md' }) => {
      const abs = root.resolve(a.path, { mustExist: true });
      const { notebook } = await readEditable(abs, local);
      return writeText(notebook, a.to === 'md' ? 'md' : 'auto:percent');
    }),
  );

  server.registerTool(
    'params_list',
    {
      description: 'The parameters of the cell tagged "parameters" (name, type, default, help), as papermill --help-notebook reads them.',
      inputSchema: { path },
      annotations: readOnlyHint,
    },
    tool(async (a: { path: string }) => {
      const abs = root.resolve(a.path, { mustExist: true });
      const { notebook } = await readEditable(abs, local);
      const tagged = findTaggedCell(notebook, PARAMETERS_TAG) !== -1;
      const out = { path: root.show(abs), tagged, parameters: tagged ? listParameters(notebook) : [] };
      return { content: [{ type: 'text', text: json(out) }], structuredContent: out };
    }),
  );

  server.registerTool(
    'params_inject',
    {
      description:
        'Inject parameter values as papermill --prepare-only does: a cell tagged injected-parameters after the parameters cell, in the kernel language. Writes the notebook in place, or to output.',
      inputSchema: {
        path,
        parameters: parameterRecord.describe('parameter names to values (JSON: integral numbers are ints)'),
        strict: z.boolean().optional().describe('refuse parameters the notebook does not declare'),
        output: z.string().optional().describe('write to this path instead of in place'),
        version,
      },
      annotations: editHint,
    },
    tool(async (a: { path: string; parameters: Record<string, unknown>; strict?: boolean; output?: string; version?: string }) => {
      writable();
      const abs = root.resolve(a.path, { mustExist: true });
      const outAbs = a.output === undefined ? undefined : root.resolve(a.output);
      const before = await readEditable(abs, local);
      checkVersion(a.path, before.version, a.version);
      // checked before paramValue, which walks the value recursively (injectParameters checks it too)
      for (const [k, v] of Object.entries(a.parameters))
        if (deepestPath(v, MAX_DEPTH) !== undefined) throw new NbgitError('ELIMIT', `parameter ${k}: nested deeper than ${MAX_DEPTH} levels (nbgit's limit)`);
      const params = Object.fromEntries(Object.entries(a.parameters).map(([k, v]) => [k, paramValue(v)]));
      const r = injectParameters(before.notebook, params, { strict: a.strict === true });
      const w = writeEdited(abs, before.notebook, before, local, outAbs === undefined ? {} : { output: outAbs });
      const out = { path: root.show(outAbs ?? abs), changed: w.changed, version: w.version, ...r };
      return { content: [{ type: 'text', text: json(out) }], structuredContent: JSON.parse(json(out)) };
    }),
  );

  return server;
}
