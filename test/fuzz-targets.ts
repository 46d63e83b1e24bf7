/**
 * More fuzz targets (issue 12), with the invariants of test/fuzz-core.ts: git's side of nbgit
 * (`git diff` through the diff driver, `git diff --no-ext-diff` through textconv, `git add`
 * through the clean filter), pairing and sync (`nbgit pair`; `nbgit sync` with the text, then
 * the notebook, as the side that changed), and the MCP server (`nbgit mcp` over stdio JSON-RPC:
 * every tool on the hostile notebook, tool calls with malformed arguments, lines that are not
 * JSON-RPC).
 *
 * Each target sets up its repository once per process (a template copied for each input):
 * git init and `nbgit install` cost more than the checks.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isNbgitError, type Notebook } from '@nbgit/core';
import { readText } from '@nbgit/formats';
import { toIpynb } from '@nbgit/ipynb';
import { mcpHandshake, mcpLines } from '@nbgit/testkit';
import fc from 'fast-check';
import { BIN, DOCUMENTED, decoder, type Finding, type FuzzCase, problems, STACK } from './fuzz-core.js';

/** The notebook the templates start from: a parameters cell, an output, a markdown cell. */
const BASE: Notebook = {
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: '# Title' },
    { cell_type: 'code', execution_count: 1, id: 'params', metadata: { tags: ['parameters'] }, outputs: [], source: 'alpha = 0.5\nn = 3' },
    {
      cell_type: 'code',
      execution_count: 2,
      id: 'total',
      metadata: {},
      outputs: [{ name: 'stdout', output_type: 'stream', text: '1.5\n' }],
      source: 'print(alpha * n)',
    },
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
};

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A private HOME and git identity, so that the user's git config plays no part. */
function environment(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.state'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'fuzz',
    GIT_AUTHOR_EMAIL: 'fuzz@example.com',
    GIT_COMMITTER_NAME: 'fuzz',
    GIT_COMMITTER_EMAIL: 'fuzz@example.com',
    GIT_CEILING_DIRECTORIES: tmpdir(),
    NO_COLOR: '1',
  };
}

const HOME = mkdtempSync(join(tmpdir(), 'nbgit-fuzz-home-'));
made.push(HOME);
const ENV = environment(HOME);

const sh = (cmd: string, args: string[], cwd: string, input?: Uint8Array) =>
  spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', input, maxBuffer: 1 << 30 });
const nbgit = (args: string[], cwd: string) => sh(process.execPath, [BIN, ...args], cwd);

function must(r: ReturnType<typeof sh>, what: string): void {
  if (r.status !== 0) throw new Error(`fuzz setup: ${what} failed: ${r.stderr}`);
}

const templates = new Map<string, string>();

/** A folder made once per process by `build`, copied for each input. */
function fromTemplate(name: string, build: (dir: string) => void): string {
  let t = templates.get(name);
  if (t === undefined) {
    t = mkdtempSync(join(tmpdir(), `nbgit-fuzz-${name.replace(/\W+/g, '-')}-`));
    made.push(t);
    build(t);
    templates.set(name, t);
  }
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-fuzz-'));
  cpSync(t, dir, { recursive: true });
  return dir;
}

/** A git repository with nbgit installed and the base notebook committed as in.ipynb. */
function gitRepo(dir: string): void {
  must(sh('git', ['init', '-q'], dir), 'git init');
  must(nbgit(['install'], dir), 'nbgit install');
  writeFileSync(join(dir, 'in.ipynb'), toIpynb(BASE));
  must(sh('git', ['add', '-A'], dir), 'git add');
  must(sh('git', ['commit', '-qm', 'base'], dir), 'git commit');
}

/** Every file under `dir` but .git, with its bytes. */
function tree(dir: string, at = dir, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(at)) {
    if (name === '.git') continue;
    const p = join(at, name);
    if (statSync(p).isDirectory()) tree(dir, p, out);
    else out.set(relative(dir, p), readFileSync(p).toString('base64'));
  }
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

/**
 * git refuses a working notebook the clean filter cannot read (filter.nbgit.required), in
 * `git diff` too (it cleans the file to compare it): exit 128 with the filter's located error.
 */
const REFUSED = /^nbgit filter-process: in\.ipynb(:\d+:\d+)?: .*\n(.*\n)*nbgit filter-process: hint: git cannot use in\.ipynb until it is a valid notebook/m;

/**
 * git's side: the input as the working copy of a committed notebook. `git diff` (the diff
 * driver: must exit 0, or git stops the diff) and `git diff --no-ext-diff` (textconv) show
 * it and change nothing; `git add` (the clean filter) stages a notebook that validates, or
 * fails and stages nothing.
 */
export function checkGit(c: FuzzCase): Finding[] {
  if (c.kind !== 'ipynb') return [];
  const found: Finding[] = [];
  const dir = fromTemplate('git', gitRepo);
  try {
    writeFileSync(join(dir, 'in.ipynb'), c.bytes);
    const valid = problems(decoder.decode(c.bytes)).length === 0;
    const bad = (target: string, problem: string) => found.push({ target, mutation: c.mutation, problem, input: c.bytes });
    const files = tree(dir);
    for (const [target, args] of [
      ['git diff (diff driver)', ['diff']],
      ['git diff --stat (diff driver)', ['diff', '--stat']],
      ['git diff --no-ext-diff (textconv)', ['diff', '--no-ext-diff']],
    ] as const) {
      const r = sh('git', [...args], dir);
      if (r.status !== 0 && !(r.status === 128 && REFUSED.test(r.stderr))) bad(target, `exit ${r.status ?? r.signal}: ${r.stderr.slice(0, 300)}`);
      if (STACK.test(r.stderr)) bad(target, `stack trace: ${r.stderr.slice(0, 300)}`);
      const now = changed(files, tree(dir));
      if (now.length > 0) bad(target, `changed ${now.join(', ')}`);
    }
    const staged = () => sh('git', ['ls-files', '-s', 'in.ipynb'], dir).stdout;
    const index = staged();
    const r = sh('git', ['add', 'in.ipynb'], dir);
    if (STACK.test(r.stderr)) bad('git add (clean filter)', `stack trace: ${r.stderr.slice(0, 300)}`);
    if (changed(files, tree(dir)).length > 0) bad('git add (clean filter)', 'changed the working file');
    if (r.status !== 0) {
      if (staged() !== index) bad('git add (clean filter)', `exit ${r.status} but staged a new blob`);
    } else {
      if (valid) {
        const p = problems(sh('git', ['show', ':in.ipynb'], dir).stdout);
        if (p.length > 0) bad('git add (clean filter)', `staged an invalid notebook: ${p[0]}`);
      }
      // the driver on two blobs, no working file
      const d = sh('git', ['diff', '--cached'], dir);
      if (d.status !== 0 && !(d.status === 128 && REFUSED.test(d.stderr)))
        bad('git diff --cached (diff driver)', `exit ${d.status ?? d.signal}: ${d.stderr.slice(0, 300)}`);
      if (STACK.test(d.stderr)) bad('git diff --cached (diff driver)', `stack trace: ${d.stderr.slice(0, 300)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return found;
}

/** The pairing each text kind is read under, and its file. */
const PAIRED: Partial<Record<FuzzCase['kind'], { formats: string; file: string }>> = {
  percent: { formats: 'py:percent', file: 'nb.py' },
  light: { formats: 'py:light', file: 'nb.py' },
  markdown: { formats: 'md', file: 'nb.md' },
  myst: { formats: 'md:myst', file: 'nb.md' },
  quarto: { formats: 'qmd', file: 'nb.qmd' },
};

/** What `nbgit pair` is asked for, and the format of each text it writes. */
const PAIRINGS: Array<[string, Record<string, string>]> = [
  ['py:percent', { 'in.py': 'py:percent' }],
  ['md', { 'in.md': 'md' }],
  ['md:myst', { 'in.md': 'md:myst' }],
  ['py:light', { 'in.py': 'py:light' }],
  ['qmd', { 'in.qmd': 'qmd' }],
  ['scripts//py:percent', { 'scripts/in.py': 'py:percent' }],
  ['py:percent,md:myst', { 'in.py': 'py:percent', 'in.md': 'md:myst' }],
];

/**
 * Pairing and sync. A notebook input: `nbgit pair` on it (alone in a folder), then as the
 * changed side of a synced pair. A text input: as the changed side of a synced pair, so the
 * text is the source of truth. `sync --check` changes nothing; `sync` that fails changes no
 * file; what sync or pair writes reads back (a notebook that validates, a text nbgit reads).
 */
export function checkSync(c: FuzzCase): Finding[] {
  const found: Finding[] = [];
  const bad = (target: string, problem: string) => found.push({ target, mutation: c.mutation, problem, input: c.bytes });
  const valid = c.kind !== 'ipynb' || problems(decoder.decode(c.bytes)).length === 0;
  /** Runs one command; returns its status, reporting undocumented codes and stack traces. */
  const run = (target: string, args: string[], cwd: string) => {
    const r = nbgit(args, cwd);
    if (r.status === null || !DOCUMENTED.has(r.status)) bad(target, `exit ${r.status ?? r.signal}: ${r.stderr.slice(0, 300)}`);
    if (STACK.test(r.stderr)) bad(target, `stack trace: ${r.stderr.slice(0, 300)}`);
    return r;
  };
  const written = (target: string, dir: string, names: string[], formats: Record<string, string>) => {
    for (const n of names) {
      const bytes = readFileSync(join(dir, n));
      if (n.endsWith('.ipynb')) {
        const p = valid ? problems(decoder.decode(bytes)) : [];
        if (p.length > 0) bad(target, `wrote an invalid notebook: ${p[0]}`);
        continue;
      }
      try {
        readText(bytes, formats[n] ?? 'py:percent', { file: n });
      } catch (e) {
        bad(target, `wrote ${n}, which does not read back: ${isNbgitError(e) ? e.message : String(e)}`);
      }
    }
  };
  /** A command that changes nothing (--check), or nothing when it fails. */
  const step = (target: string, args: string[], dir: string, readOnly: boolean, formats: Record<string, string>) => {
    const before = tree(dir);
    const r = run(target, args, dir);
    const diff = changed(before, tree(dir));
    if (readOnly && diff.length > 0) bad(target, `changed ${diff.join(', ')}`);
    // exit 1 from sync is also "conflicts marked in the cells" or "cannot decide"; a read error is said as "nbgit sync: <file>..."
    const failed = r.status !== 0 && !/conflict|no synced state/.test(r.stderr);
    if (!readOnly && failed && diff.length > 0) bad(target, `exit ${r.status} but changed ${diff.join(', ')}: ${r.stderr.slice(0, 200)}`);
    if (!readOnly && r.status === 0)
      written(
        target,
        dir,
        diff.filter((n) => existsSync(join(dir, n))),
        formats,
      );
    return r;
  };
  if (c.kind === 'ipynb') {
    const plain = mkdtempSync(join(tmpdir(), 'nbgit-fuzz-'));
    try {
      writeFileSync(join(plain, 'in.ipynb'), c.bytes);
      // the pairing, picked by the input's length: fast-check chose the input, so this varies as it does
      const [formats, files] = PAIRINGS[c.bytes.length % PAIRINGS.length]!;
      step(`nbgit pair --with ${formats}`, ['pair', 'in.ipynb', '--with', formats], plain, false, files);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  }
  const pairing = c.kind === 'ipynb' ? PAIRED.percent : PAIRED[c.kind];
  if (pairing === undefined) return found;
  const dir = fromTemplate(`sync-${pairing.formats}`, (t) => {
    must(sh('git', ['init', '-q'], t), 'git init');
    writeFileSync(join(t, 'nb.ipynb'), toIpynb(BASE));
    must(nbgit(['pair', 'nb.ipynb', '--with', pairing.formats], t), 'nbgit pair');
    must(sh('git', ['add', '-A'], t), 'git add');
    must(sh('git', ['commit', '-qm', 'paired'], t), 'git commit');
  });
  try {
    const side = c.kind === 'ipynb' ? 'notebook' : 'text';
    writeFileSync(join(dir, c.kind === 'ipynb' ? 'nb.ipynb' : pairing.file), c.bytes);
    step(`nbgit sync --check (${side} changed, ${pairing.formats})`, ['sync', '--check'], dir, true, { [pairing.file]: pairing.formats });
    step(`nbgit sync (${side} changed, ${pairing.formats})`, ['sync'], dir, false, { [pairing.file]: pairing.formats });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return found;
}

/** One tool call the MCP check makes: the tool, its arguments, and how they were made. */
export interface McpCall {
  tool: string;
  args: Record<string, unknown>;
  mutation: string;
}

/** Well-formed arguments of every tool; FILE is the call's own copy of the input. */
const TOOLS: Record<string, Record<string, unknown>> = {
  notebook_list: { path: '.' },
  notebook_read: { path: 'FILE', cells: [0, -1], start: 0, end: 2, outputs: true, max_output_lines: 3, format: 'json' },
  cell_edit: { path: 'FILE', cell: 0, source: 'x = 2' },
  cell_insert: { path: 'FILE', source: 'y', type: 'markdown', tags: ['a'], after: 0 },
  cell_delete: { path: 'FILE', cell: -1 },
  cell_move: { path: 'FILE', cell: 0, at: 'end' },
  cell_split: { path: 'FILE', cell: 0, line: 2 },
  cell_join: { path: 'FILE', cells: [0, 1] },
  cell_set_type: { path: 'FILE', cell: 0, type: 'raw' },
  cell_tags: { path: 'FILE', cell: 0, add: ['t'], remove: ['parameters'] },
  outputs_clear: { path: 'FILE' },
  notebook_diff: { path: 'FILE', other: 'other.ipynb' },
  notebook_validate: { path: 'FILE' },
  notebook_convert: { path: 'FILE', to: 'md' },
  params_list: { path: 'FILE' },
  params_inject: { path: 'FILE', parameters: { alpha: 2, name: 'x' } },
};

/** A value nested `d` deep, as a marker the request line replaces with the JSON text (JSON.stringify would overflow). */
export const deep = (d: number): string => `\u0000deep:${d}`;
const DEEP = /"\\u0000deep:(\d+)"/g;

/** Argument values a client may send by mistake or on purpose. */
const badValue = fc.oneof(
  fc.constantFrom<unknown>(null, 0, -1, -0, 2 ** 53, 1e308, 1.5, '', 'x', true, [], {}, [1], { a: 1 }, ['x', 2], 'start', 'HEAD', '-p', 'HEAD:x'),
  fc.constantFrom(
    '../outside.ipynb',
    '/etc/passwd',
    'sub/../../outside.ipynb',
    'missing.ipynb',
    '.',
    '..',
    'a\u0000b',
    '\ud800.ipynb',
    'link.ipynb',
    'other.ipynb',
  ),
  { weight: 2, arbitrary: fc.integer({ min: 900, max: 50_000 }).map((d) => deep(d)) },
  fc.integer({ min: 10_000, max: 1_000_000 }).map((n) => 'x'.repeat(n)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A call with arguments made wrong one way. */
export const mcpCall: fc.Arbitrary<McpCall> = fc.constantFrom(...Object.keys(TOOLS)).chain((tool) => {
  const base = TOOLS[tool]!;
  const keys = Object.keys(base);
  const known = [...new Set(Object.values(TOOLS).flatMap((a) => Object.keys(a)))];
  return fc.oneof(
    fc.constant({ tool, args: base, mutation: 'well-formed' }),
    fc.tuple(fc.constantFrom(...keys), badValue).map(([k, v]) => ({ tool, args: { ...base, [k]: v }, mutation: `wrong ${k}` })),
    // inside a list or an object argument (a cell list, a parameter's value)
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...keys), fc.constantFrom('alpha', 'new_name', 'not a name', '__proto__', ''), badValue).map(([k, inner, v]) => {
        const was = base[k];
        const value = Array.isArray(was) ? [v, ...was.slice(1)] : typeof was === 'object' && was !== null ? { ...was, [inner]: v } : v;
        return { tool, args: { ...base, [k]: value }, mutation: `wrong inside ${k}` };
      }),
    },
    fc.constantFrom(...keys).map((k) => {
      const { [k]: _gone, ...rest } = base;
      return { tool, args: rest, mutation: `no ${k}` };
    }),
    fc.tuple(fc.constantFrom(...known, 'output', 'extra'), badValue).map(([k, v]) => ({ tool, args: { ...base, [k]: v }, mutation: `extra ${k}` })),
    fc.constant({ tool, args: { ...base, version: '0000000000000000' }, mutation: 'stale version' }),
  );
});

/** Lines that are not a well-formed tool call: the server must say so or drop them, and go on. */
const GARBAGE = [
  'not json',
  '{"jsonrpc":"2.0","id":"g1","method":"tools/call","params":5}',
  '{"jsonrpc":"2.0","id":"g2","method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}',
  '{"jsonrpc":"2.0","id":"g3","method":"tools/call","params":{"name":"notebook_read","arguments":"FILE"}}',
  '{"jsonrpc":"2.0","id":"g4","method":"no/such/method"}',
  '[]',
  '{"jsonrpc":"2.0","id":"g5"}',
  `{"jsonrpc":"2.0","id":"g6","method":"tools/call","params":{"name":"notebook_read","arguments":{"path":${'['.repeat(5000)}${']'.repeat(5000)}}}}`,
  `{"id":${'['.repeat(100_000)}`,
];

/**
 * The MCP server on one input: every tool once with well-formed arguments, then `calls`
 * (malformed arguments), each on its own copy of the input, and lines that are not JSON-RPC;
 * then a last call that must be answered. Each tool call gets an answer: its result or a tool
 * error, never an "internal error"; a call that fails leaves its file as it was; an edit that
 * succeeds writes a notebook that validates (when the input did); nothing outside the root
 * changes; the server exits 0 when stdin closes, without a stack trace.
 */
export async function checkMcp(c: FuzzCase, calls: McpCall[], timeoutMs = 120_000): Promise<Finding[]> {
  const found: Finding[] = [];
  const bad = (target: string, problem: string) => found.push({ target, mutation: c.mutation, problem, input: c.bytes });
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-fuzz-mcp-'));
  const root = join(dir, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  const outside = toIpynb(BASE);
  writeFileSync(join(dir, 'outside.ipynb'), outside);
  writeFileSync(join(root, 'other.ipynb'), toIpynb(BASE));
  symlinkSync(join(dir, 'outside.ipynb'), join(root, 'link.ipynb'));
  const valid = problems(decoder.decode(c.bytes)).length === 0;
  const all: McpCall[] = [...Object.entries(TOOLS).map(([tool, args]) => ({ tool, args, mutation: 'well-formed' })), ...calls];
  const files = all.map((_, i) => `n${i}.ipynb`);
  files.forEach((f) => writeFileSync(join(root, f), c.bytes));
  // the tools' annotations say which may write: those must write valid notebooks, the others nothing
  const lines = [...mcpHandshake('fuzz'), JSON.stringify({ jsonrpc: '2.0', id: 'tools', method: 'tools/list' })];
  // a garbage line with an id gets an answer with it; the others (not JSON, not an object) one with id null
  const garbageIds: string[] = [];
  let garbageWithoutId = 0;
  all.forEach((call, i) => {
    const args = Object.fromEntries(Object.entries(call.args).map(([k, v]) => [k, v === 'FILE' ? files[i] : v]));
    const line = JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: call.tool, arguments: args } });
    lines.push(line.replace(DEEP, (_m, d: string) => `${'['.repeat(Number(d))}1${']'.repeat(Number(d))}`));
    if (i % 4 === 3) {
      const garbage = GARBAGE[(i >> 2) % GARBAGE.length]!.replaceAll('FILE', files[i]!);
      const id = /^\{"jsonrpc":"2\.0","id":"(g\d+)"/.exec(garbage)?.[1];
      if (id === undefined) garbageWithoutId++;
      else garbageIds.push(id);
      lines.push(garbage);
    }
  });
  lines.push(JSON.stringify({ jsonrpc: '2.0', id: 'last', method: 'tools/call', params: { name: 'notebook_list', arguments: {} } }));
  const wanted = ['init', 'tools', 'last', ...all.map((_, i) => i), ...garbageIds];
  const { answers, replies, notJson, stderr, exit: code, timedOut } = await mcpLines(['--root', root], lines, { until: wanted, timeoutMs, env: ENV });
  for (const line of notJson) bad('nbgit mcp', `wrote a line that is not JSON: ${line.slice(0, 200)}`);
  const listed = (answers.get('tools')?.result?.tools ?? []) as { name: string; annotations?: { readOnlyHint?: boolean } }[];
  if (listed.length === 0 && !timedOut && code === 0) bad('nbgit mcp', 'tools/list listed no tools');
  const readOnly = new Set(listed.filter((t) => t.annotations?.readOnlyHint === true).map((t) => t.name));
  try {
    if (timedOut) bad('nbgit mcp', `no answer within ${timeoutMs / 1000} s`);
    if (code !== 0) bad('nbgit mcp', `exit ${code}: ${stderr.slice(0, 300)}`);
    if (STACK.test(stderr)) bad('nbgit mcp', `stack trace: ${stderr.slice(0, 300)}`);
    if (!answers.has('last')) bad('nbgit mcp', 'the last call (after the malformed ones) got no answer');
    for (const id of garbageIds) if (!answers.has(id) && !timedOut && code === 0) bad('nbgit mcp', `the malformed message ${id} got no answer`);
    const nullAnswers = replies.filter((r) => r.id === null && r.error !== undefined).length;
    if (!timedOut && code === 0 && nullAnswers !== garbageWithoutId)
      bad('nbgit mcp', `${garbageWithoutId} lines that are not JSON-RPC messages got ${nullAnswers} errors with id null (JSON-RPC: one each)`);
    if (readFileSync(join(dir, 'outside.ipynb'), 'utf8') !== outside) bad('nbgit mcp', 'changed a file outside the root');
    all.forEach((call, i) => {
      const target = `mcp ${call.tool} (${call.mutation})`;
      const a = answers.get(i);
      if (a === undefined) {
        if (!timedOut && code === 0) bad(target, 'no answer');
        return;
      }
      const text = a.result?.content?.[0]?.text ?? a.error?.message ?? '';
      if (/internal error/i.test(text) || a.error?.code === -32603) bad(target, `untyped: ${text.slice(0, 300)}`);
      const failed = a.error !== undefined || a.result?.isError === true;
      const bytes = readFileSync(join(root, files[i]!));
      if (failed && !Buffer.from(c.bytes).equals(bytes)) bad(target, `failed but changed its file: ${text.slice(0, 200)}`);
      if (!failed && readOnly.has(call.tool) && !Buffer.from(c.bytes).equals(bytes)) bad(target, 'a read-only tool changed its file');
      if (!failed && !readOnly.has(call.tool) && valid) {
        const p = problems(decoder.decode(bytes));
        if (p.length > 0) bad(target, `wrote an invalid notebook: ${p[0]}`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return found;
}
