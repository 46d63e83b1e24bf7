// nbgit mcp end to end: the SDK's own client over stdio, spawning `node packages/cli/bin/nbgit.js
// mcp --root DIR`. Listing, reading, every edit tool, the refusals (paths outside the root, a
// stale version, read-only mode), and the server going on after each error.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { mcpHandshake, mcpLines, repoRoot } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jupyterJson, tempDir } from './helpers.js';

const NB = jupyterJson({
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Rain\n', 'Monthly rainfall.'] },
    { cell_type: 'code', execution_count: 1, id: 'params', metadata: { tags: ['parameters'] }, outputs: [], source: ['alpha = 0.5  # step\n', 'n = 3'] },
    {
      cell_type: 'code',
      execution_count: 2,
      id: 'total',
      metadata: {},
      outputs: [{ name: 'stdout', output_type: 'stream', text: ['6\n'] }],
      source: ['print(alpha * n)\n', 'y = 1\n', 'z = 2'],
    },
    { cell_type: 'code', execution_count: null, id: 'tail', metadata: {}, outputs: [], source: ['# end'] },
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
});

const dir = tempDir('nbgit-mcp-');
const outside = tempDir('nbgit-mcp-outside-');
writeFileSync(join(dir, 'a.ipynb'), NB);
writeFileSync(join(dir, 'b.ipynb'), NB);
mkdirSync(join(dir, 'sub'));
writeFileSync(join(dir, 'sub', 'c.ipynb'), NB);
writeFileSync(join(outside, 'secret.ipynb'), NB);
symlinkSync(join(outside, 'secret.ipynb'), join(dir, 'link.ipynb'));
symlinkSync(outside, join(dir, 'out-dir'));
const gitIn = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
gitIn('init', '-q');
gitIn('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', 'a.ipynb');
gitIn('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'a');

async function connect(...extra: string[]): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(repoRoot, 'packages/cli/bin/nbgit.js'), 'mcp', '--root', dir, ...extra],
    stderr: 'pipe',
  });
  const client = new Client({ name: 'nbgit-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

interface ToolResult {
  content: { type: string; text: string }[];
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

let client: Client;
const call = async (name: string, args: Record<string, unknown>): Promise<ToolResult> => (await client.callTool({ name, arguments: args })) as ToolResult;
const ok = async (name: string, args: Record<string, unknown>): Promise<ToolResult> => {
  const r = await call(name, args);
  assert.not.ok(r.isError, `${name}: ${r.content[0]?.text}`);
  return r;
};
const refused = async (name: string, args: Record<string, unknown>, pattern: RegExp): Promise<void> => {
  const r = await call(name, args);
  assert.ok(r.isError, `${name} should have been refused: ${r.content[0]?.text}`);
  assert.match(r.content[0]!.text, pattern);
};
const cells = (file = 'a.ipynb') => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cells: Record<string, unknown>[] }).cells;

test.before(async () => {
  client = await connect();
});
test.after(async () => {
  await client.close();
});

test('the tools, by their fixed names, each with a schema for its arguments', async () => {
  const { tools } = await client.listTools();
  assert.equal(
    tools.map((t) => t.name),
    [
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
    ],
  );
  for (const t of tools) {
    assert.is(t.inputSchema.type, 'object', t.name);
    if (t.name !== 'notebook_list') assert.ok((t.inputSchema.required ?? []).includes('path'), t.name);
    assert.ok(t.description && t.description.length > 20, t.name);
  }
  const edit = tools.find((t) => t.name === 'cell_edit')!;
  assert.equal(Object.keys(edit.inputSchema.properties ?? {}).sort(), ['cell', 'path', 'source', 'version']);
});

test('notebook_list and notebook_read (with the version)', async () => {
  const list = await ok('notebook_list', {});
  // link.ipynb and out-dir lead out of the root: not listed
  assert.is(list.content[0]!.text, 'a.ipynb\nb.ipynb\nsub/c.ipynb\n');
  const r = await ok('notebook_read', { path: 'a.ipynb' });
  const text = r.content[0]!.text;
  assert.match(text, /^version: [0-9a-f]{16}\n/);
  assert.match(text, /--- cell 2 code id=total count=2\nprint\(alpha \* n\)\ny = 1\nz = 2\n> stdout: 6\n/);
  const j = await ok('notebook_read', { path: 'a.ipynb', format: 'json', cells: ['total'], outputs: false });
  assert.equal((j.structuredContent!.cells as unknown[]).length, 1);
});

test('every edit tool, changing only what it is asked to', async () => {
  const v0 = ((await ok('notebook_read', { path: 'a.ipynb', format: 'json' })).structuredContent as { version: string }).version;
  const before = readFileSync(join(dir, 'a.ipynb'), 'utf8');
  const e = await ok('cell_edit', { path: 'a.ipynb', cell: 'par', source: 'alpha = 0.9  # step\nn = 3', version: v0 });
  const v1 = e.structuredContent!.version as string;
  assert.ok(v1 !== v0);
  const after = readFileSync(join(dir, 'a.ipynb'), 'utf8');
  assert.is(after.replace('"alpha = 0.9  # step\\n"', '"alpha = 0.5  # step\\n"'), before, 'only that line of that cell changed');
  const ins = await ok('cell_insert', { path: 'a.ipynb', after: 'intro', type: 'markdown', source: '## Setup', version: v1 });
  const newId = (ins.structuredContent!.results as { id: string }[])[0]!.id;
  assert.is(cells()[1]!.id, newId);
  await ok('cell_move', { path: 'a.ipynb', cell: newId, at: 'end' });
  assert.is(cells()[4]!.id, newId);
  await ok('cell_split', { path: 'a.ipynb', cell: 'total', line: 2 });
  assert.equal(cells()[2]!.source, ['print(alpha * n)']);
  await ok('cell_join', { path: 'a.ipynb', cells: [2, 3] });
  assert.equal(cells()[2]!.source, ['print(alpha * n)\n', 'y = 1\n', 'z = 2']);
  await ok('cell_set_type', { path: 'a.ipynb', cell: 'tail', type: 'raw' });
  assert.is(cells()[3]!.cell_type, 'raw');
  await ok('cell_tags', { path: 'a.ipynb', cell: 'intro', add: ['title'] });
  assert.equal(cells()[0]!.metadata, { tags: ['title'] });
  await ok('outputs_clear', { path: 'a.ipynb' });
  assert.equal(cells()[2]!.outputs, []);
  await ok('cell_delete', { path: 'a.ipynb', cell: newId });
  assert.is(cells().length, 4);
  const p = await ok('params_inject', { path: 'a.ipynb', parameters: { alpha: 0.25, n: 7, label: 'x"y' }, strict: false });
  assert.equal(cells()[2]!.source, ['# Parameters\n', 'alpha = 0.25\n', 'n = 7\n', 'label = "x\\"y"\n']);
  assert.is(p.structuredContent!.index, 2);
  const listed = await ok('params_list', { path: 'a.ipynb' });
  assert.equal(
    (listed.structuredContent!.parameters as { name: string }[]).map((x) => x.name),
    ['alpha', 'n'],
  );
  await refused('params_inject', { path: 'a.ipynb', parameters: { beta: 1 }, strict: true }, /EPARAM: .*beta not declared/);
});

test('diff (two files, and a file against a git revision), validate, convert', async () => {
  const d = await ok('notebook_diff', { path: 'a.ipynb', revision: 'HEAD' });
  assert.match(d.content[0]!.text, /--- HEAD:a.ipynb\n\+\+\+ a.ipynb/);
  assert.match(d.content[0]!.text, /alpha = 0.9/);
  const same = await ok('notebook_diff', { path: 'b.ipynb', other: 'sub/c.ipynb' });
  assert.match(same.content[0]!.text, /no difference/);
  assert.is((await ok('notebook_validate', { path: 'b.ipynb' })).content[0]!.text, 'b.ipynb: valid\n');
  const py = await ok('notebook_convert', { path: 'b.ipynb', to: 'percent' });
  assert.match(py.content[0]!.text, /# %% tags=\["parameters"\]\nalpha = 0.5 {2}# step\nn = 3\n/);
  await refused('notebook_diff', { path: 'b.ipynb', revision: '--output=x' }, /not a revision/);
});

test('refusals: paths outside the root, a stale version, bad cells; the server goes on', async () => {
  const before = readFileSync(join(dir, 'b.ipynb'), 'utf8');
  await refused('notebook_read', { path: '../x.ipynb' }, /EDENIED: .*"\.\." is not allowed/);
  await refused('notebook_read', { path: join(outside, 'secret.ipynb') }, /EDENIED: .*outside the root/);
  await refused('notebook_read', { path: 'link.ipynb' }, /EDENIED: .*symbolic link/);
  await refused('cell_edit', { path: 'out-dir/secret.ipynb', cell: 0, source: 'x' }, /EDENIED/);
  await refused('params_inject', { path: 'b.ipynb', parameters: { a: 1 }, output: '../escape.ipynb' }, /EDENIED/);
  await refused('notebook_list', { path: '/' }, /EDENIED/);
  // was "internal error: ENOTDIR" (found probing the server for the fuzz suite)
  await refused('notebook_list', { path: 'b.ipynb' }, /^EIO: b\.ipynb: not a folder/);
  await refused(
    'cell_edit',
    { path: 'b.ipynb', cell: 0, source: 'x', version: '0000000000000000' },
    /ESTALE: b.ipynb: the notebook changed since version 0000000000000000/,
  );
  await refused('cell_edit', { path: 'b.ipynb', cell: 'nope', source: 'x' }, /ECELL: .*no cell "nope"/);
  await refused('cell_split', { path: 'b.ipynb', cell: 0, line: 9 }, /EOP/);
  await refused('cell_edit', { path: 'missing.ipynb', cell: 0, source: 'x' }, /EIO: missing.ipynb: no such file/);
  await refused('cell_edit', { path: 'b.ipynb', cell: 0 }, /source/);
  assert.is(readFileSync(join(dir, 'b.ipynb'), 'utf8'), before, 'a refused edit changed the file');
  assert.is(readFileSync(join(outside, 'secret.ipynb'), 'utf8'), NB);
  // still serving
  await ok('notebook_read', { path: 'b.ipynb' });
});

test('a stale version: someone saved the file after the agent read it', async () => {
  const v = ((await ok('notebook_read', { path: 'b.ipynb', format: 'json' })).structuredContent as { version: string }).version;
  const saved = NB.replace('Monthly rainfall.', 'Monthly rainfall, edited in Jupyter.');
  writeFileSync(join(dir, 'b.ipynb'), saved);
  await refused('cell_edit', { path: 'b.ipynb', cell: 'tail', source: '# agent', version: v }, /ESTALE/);
  assert.is(readFileSync(join(dir, 'b.ipynb'), 'utf8'), saved);
});

test('--read-only refuses every tool that writes, and reads', async () => {
  const ro = await connect('--read-only');
  try {
    const before = readFileSync(join(dir, 'b.ipynb'), 'utf8');
    for (const [name, args] of [
      ['cell_edit', { path: 'b.ipynb', cell: 0, source: 'x' }],
      ['cell_insert', { path: 'b.ipynb' }],
      ['cell_delete', { path: 'b.ipynb', cell: 0 }],
      ['outputs_clear', { path: 'b.ipynb' }],
      ['params_inject', { path: 'b.ipynb', parameters: { a: 1 } }],
    ] as const) {
      const r = (await ro.callTool({ name, arguments: args })) as ToolResult;
      assert.ok(r.isError, name);
      assert.match(r.content[0]!.text, /EDENIED: the server is read-only/);
    }
    assert.is(readFileSync(join(dir, 'b.ipynb'), 'utf8'), before);
    const r = (await ro.callTool({ name: 'notebook_read', arguments: { path: 'b.ipynb' } })) as ToolResult;
    assert.not.ok(r.isError);
  } finally {
    await ro.close();
  }
});

test('a line that is not JSON gets a parse error, one that is not JSON-RPC an invalid request; the server goes on', async () => {
  const call = (id: string) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'notebook_list', arguments: {} } });
  const lines = [
    ...mcpHandshake(),
    'not json',
    call('after-parse-error'),
    '{"jsonrpc":"2.0","id":"bad-params","method":"tools/call","params":5}',
    '{"jsonrpc":"2.0","method":7}',
    '[]',
    '{"jsonrpc":"2.0","id":"no-method"}',
    '',
    `{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"notebook_read","arguments":{"path":"${'x'.repeat(11 << 20)}"}}}`,
    '{"jsonrpc":"2.0","id":"crlf","method":"tools/call","params":{"name":"notebook_list","arguments":{}}}\r',
    call('last'),
  ];
  const run = await mcpLines(['--root', dir], lines, { until: ['init', 'after-parse-error', 'bad-params', 'no-method', 'crlf', 'last'], timeoutMs: 60_000 });
  assert.not.ok(run.timedOut, run.stderr);
  assert.is(run.exit, 0, run.stderr);
  assert.equal(run.notJson, []);
  const errors = run.replies.filter((r) => r.error !== undefined).map((r) => [r.id, r.error!.code]);
  assert.equal(errors, [
    [null, -32700],
    ['bad-params', -32600],
    [null, -32600],
    [null, -32600],
    ['no-method', -32600],
    [null, -32600],
  ]);
  assert.match(run.replies.find((r) => r.id === null)!.error!.message, /^Parse error: /);
  assert.match(run.answers.get('bad-params')!.error!.message, /"params" must be an object/);
  assert.match(run.replies.filter((r) => r.id === null)[3]!.error!.message, /longer than 10485760 bytes/);
  for (const id of ['after-parse-error', 'crlf', 'last']) assert.match(run.answers.get(id)?.result?.content?.[0]?.text ?? '', /a\.ipynb/, id);
});

test('params_inject: __proto__, constructor and prototype are injected as any other name', async () => {
  writeFileSync(join(dir, 'proto.ipynb'), NB);
  const args = '{"path":"proto.ipynb","parameters":{"__proto__":{"__proto__":1},"constructor":2,"prototype":"p"}}';
  const lines = [...mcpHandshake(), `{"jsonrpc":"2.0","id":"inject","method":"tools/call","params":{"name":"params_inject","arguments":${args}}}`];
  const run = await mcpLines(['--root', dir], lines, { until: ['inject'], timeoutMs: 60_000 });
  const r = run.answers.get('inject')?.result;
  assert.ok(r && !r.isError, JSON.stringify(run.answers.get('inject')));
  assert.equal(cells('proto.ipynb')[2]!.source, ['# Parameters\n', '__proto__ = {"__proto__": 1}\n', 'constructor = 2\n', 'prototype = "p"\n']);
});

test.run();
