/** Rules of mergeNotebooks (README "Behaviour"), one by one, on small notebooks written here. */
import { type Cell, isNbgitError, joinSource, type Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { code, md, nb, stream } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type MergeOptions, mergeNotebooks } from '../src/index.js';

/** A base notebook, read back from text like a real file. */
const baseCells = () => [
  md('# Title', { id: 'a' }),
  code('x = 1\ny = 2\nz = 3', { id: 'b', execution_count: 1, outputs: [stream('1\n')] }),
  code('print(x)', { id: 'c' }),
  md('End', { id: 'd' }),
];
const read = (n: Notebook) => fromIpynb(toIpynb(n));
const variant = (f: (cells: Cell[]) => void, minor = 5) => {
  const cells = baseCells();
  f(cells);
  return read(nb(cells, minor));
};
const merge = (l: Notebook, r: Notebook, options?: MergeOptions, b = read(nb(baseCells()))) => {
  const res = mergeNotebooks({ base: b, local: l, remote: r }, options);
  assert.equal(validateNotebook(res.notebook), [], 'result is valid nbformat');
  return res;
};
const sources = (n: Notebook) => n.cells.map((c) => joinSource(c.source));

test("remote unchanged: the result is local, byte for byte, with local's own cell objects", () => {
  const local = variant((c) => {
    c[2]!.source = 'print(x + 1)';
  });
  const text = toIpynb(local);
  const res = merge(local, read(nb(baseCells())));
  assert.is(toIpynb(res.notebook), text);
  for (let i = 0; i < local.cells.length; i++) assert.is(res.notebook.cells[i], local.cells[i]);
  assert.equal(res.conflicts, []);
});

test('edits in different cells: both taken; only the cell remote changed is rewritten', () => {
  const local = variant((c) => {
    c[0]!.source = '# Title!';
  });
  const remote = variant((c) => {
    c[2]!.source = 'print(y)';
  });
  const res = merge(local, remote);
  assert.equal(sources(res.notebook), ['# Title!', 'x = 1\ny = 2\nz = 3', 'print(y)', 'End']);
  assert.is(toIpynb(res.notebook), toIpynb(local).replace('"print(x)"', '"print(y)"'));
});

test('same cell, different lines: line-level merge; same line: markers in that cell only, flagged', () => {
  const l = variant((c) => {
    c[1]!.source = 'x = 10\ny = 2\nz = 3';
  });
  const r = variant((c) => {
    c[1]!.source = 'x = 1\ny = 2\nz = 30';
  });
  assert.equal(sources(merge(l, r).notebook)[1], 'x = 10\ny = 2\nz = 30');
  const r2 = variant((c) => {
    c[1]!.source = 'x = 11\ny = 2\nz = 3';
    c[3]!.source = 'The end';
  });
  const res = merge(l, r2);
  assert.is(sources(res.notebook)[1], '<<<<<<< local\nx = 10\n=======\nx = 11\n>>>>>>> remote\ny = 2\nz = 3');
  assert.is(sources(res.notebook)[3], 'The end');
  assert.is(res.conflicts.length, 1);
  assert.equal({ ...res.conflicts[0], message: '' }, { kind: 'source', path: 'cells[1].source', message: '', cell: 1, id: 'b' });
  const flag = (res.notebook.cells[1]!.metadata as { nbgit: { conflicts: Array<{ kind: string; path: string }> } }).nbgit;
  assert.is(flag.conflicts[0]!.kind, 'source');
  assert.is(res.notebook.cells[3]!.metadata.nbgit, undefined);
});

test('marker size, labels and diff3 style', () => {
  const l = variant((c) => {
    c[2]!.source = 'print(1)';
  });
  const r = variant((c) => {
    c[2]!.source = 'print(2)';
  });
  assert.is(
    sources(merge(l, r, { markerSize: 3, labels: { local: 'HEAD', remote: 'feature' } }).notebook)[2],
    '<<< HEAD\nprint(1)\n===\nprint(2)\n>>> feature',
  );
  assert.is(sources(merge(l, r, { conflictStyle: 'diff3' }).notebook)[2], '<<<<<<< local\nprint(1)\n||||||| base\nprint(x)\n=======\nprint(2)\n>>>>>>> remote');
});

test('both insert at the same place: both kept, local first; identical inserts once', () => {
  const l = variant((c) => {
    c.splice(2, 0, code('local_cell = 1', { id: 'L' }), code('shared = 1', { id: 'S1' }));
  });
  const r = variant((c) => {
    c.splice(2, 0, code('shared = 1', { id: 'S2' }), code('remote_cell = 2', { id: 'R' }));
  });
  const res = merge(l, r);
  assert.equal(sources(res.notebook), ['# Title', 'x = 1\ny = 2\nz = 3', 'local_cell = 1', 'shared = 1', 'remote_cell = 2', 'print(x)', 'End']);
  assert.equal(res.conflicts, []);
  assert.ok(res.decisions.some((d) => d.rule === 'insert:once'));
});

test('both insert near-identical cells at the same place: one cell, markers on the differing line', () => {
  const l = variant((c) => {
    c.splice(1, 0, code("import os\nDATA = os.environ.get('DATA', 'data')\nprint(DATA)", { id: 'L' }));
  });
  const r = variant((c) => {
    c.splice(1, 0, code("import os\nDATA = os.environ.get('DATA', '/mnt/data')\nprint(DATA)", { id: 'R' }));
  });
  const res = merge(l, r);
  assert.is(res.notebook.cells.length, 5);
  assert.is(res.notebook.cells[1]!.id, 'L');
  assert.is(
    sources(res.notebook)[1],
    "import os\n<<<<<<< local\nDATA = os.environ.get('DATA', 'data')\n=======\nDATA = os.environ.get('DATA', '/mnt/data')\n>>>>>>> remote\nprint(DATA)",
  );
});

// add/add: no common ancestor, both sides added the notebook (QA F11)
const empty = () => read(nb([], 0));
const addAdd = (l: Cell[], r: Cell[], minor = 4) => merge(read(nb(l, minor)), read(nb(r, minor)), undefined, empty());
const frame = (middle: Cell[]) => [md('# Rainfall'), code('import numpy as np'), ...middle, code('print("done")')];

test('add/add, 4.4 without ids: equal cells once, a cell that differs is one cell with markers (similar or not)', () => {
  for (const [a, b] of [
    ['x = 1', 'x = 2'],
    ['x = np.arange(10)\nprint(x.sum())', 'x = np.arange(20)\nprint(x.sum())'],
    ["df.to_parquet('clean.parquet')", 'plt.show()'],
  ] as const) {
    const res = addAdd(frame([code(a)]), frame([code(b)]));
    const s = sources(res.notebook);
    assert.is(s.length, 4, JSON.stringify(s));
    assert.equal([s[0], s[1], s[3]], ['# Rainfall', 'import numpy as np', 'print("done")']);
    assert.match(s[2]!, /^<<<<<<< local\n/);
    assert.ok(s[2]!.includes(a.split('\n')[0]!) && s[2]!.includes(b.split('\n')[0]!), s[2]);
    assert.is(res.conflicts.length, 1);
    assert.equal([res.conflicts[0]!.kind, res.conflicts[0]!.cell], ['source', 2]);
    assert.ok(res.notebook.cells[2]!.metadata.nbgit);
    assert.ok(res.decisions.some((d) => d.rule === 'insert:merged'));
  }
  // identical notebooks: clean, local's bytes
  const same = read(nb(frame([code('x = 1')]), 4));
  const res = merge(same, read(nb(frame([code('x = 1')]), 4)), undefined, empty());
  assert.equal(res.conflicts, []);
  assert.is(toIpynb(res.notebook), toIpynb(same));
});

test('add/add: a cell only one side has stays in its place; only the cells in the same place pair', () => {
  // remote has one more cell in the middle: kept there, not appended
  const res = addAdd(frame([code('a = 1'), code('c = 3')]), frame([code('a = 1'), code('b = 2'), code('c = 3')]));
  assert.equal(sources(res.notebook), ['# Rainfall', 'import numpy as np', 'a = 1', 'b = 2', 'c = 3', 'print("done")']);
  assert.equal(res.conflicts, []);
  // two cells against one, none similar: kept, local's first
  const two = addAdd(frame([code('alpha()'), code('beta()')]), frame([md('Some *prose* here.')]));
  assert.equal(sources(two.notebook), ['# Rainfall', 'import numpy as np', 'alpha()', 'beta()', 'Some *prose* here.', 'print("done")']);
  assert.equal(two.conflicts, []);
  // a similar pair among others pairs, the rest kept in order
  const mixed = addAdd(
    frame([code("rain = load('rain.csv')\nrain.head()"), code('beta()')]),
    frame([code('gamma()'), code("rain = load('rain.parquet')\nrain.head()")]),
  );
  const s = sources(mixed.notebook);
  assert.is(s.length, 6, JSON.stringify(s));
  assert.is(s[2], 'gamma()');
  assert.match(s[3]!, "<<<<<<< local\nrain = load('rain.csv')\n=======\nrain = load('rain.parquet')\n>>>>>>> remote\nrain.head()");
  assert.is(s[4], 'beta()');
  // different cell types in the same place are different cells
  const types = addAdd(frame([code('x = 1')]), frame([md('x = 1 is the answer')]));
  assert.equal(sources(types.notebook).slice(2, 4), ['x = 1', 'x = 1 is the answer']);
  assert.equal(types.conflicts, []);
});

test('add/add with ids (4.5): cells pair by id; cells with different ids pair only when near-identical', () => {
  const ided = (cells: Cell[]) => cells.map((c, i) => (c.id ? c : { ...c, id: `c${i}` }));
  const res = addAdd(ided(frame([code('x = 1', { id: 'same' })])), ided(frame([code('x = 2', { id: 'same' })])), 5);
  assert.is(res.notebook.cells.length, 4);
  assert.is(res.notebook.cells[2]!.id, 'same');
  assert.is(res.conflicts.length, 1);
  // two new cells, created separately (own ids): both kept, local first
  const ids = addAdd(ided(frame([code('x = 1', { id: 'L' })])), ided(frame([code('x = 2', { id: 'R' })])), 5);
  assert.equal(
    ids.notebook.cells.map((c) => c.id),
    ['c0', 'c1', 'L', 'R', 'c3'],
  );
  assert.equal(ids.conflicts, []);
  const near = addAdd(
    ided(frame([code("DATA = os.environ.get('DATA', 'data')", { id: 'L' })])),
    ided(frame([code("DATA = os.environ.get('DATA', '/data')", { id: 'R' })])),
    5,
  );
  assert.is(near.notebook.cells.length, 4);
  assert.is(near.conflicts.length, 1);
  // no id in common at all (each side made its own ids, e.g. converted from the same script): by place
  const fresh = (cells: Cell[], p: string) => cells.map((c, i) => ({ ...c, id: `${p}${i}` }));
  const apart = addAdd(fresh(frame([code("df.to_parquet('clean.parquet')")]), 'l'), fresh(frame([code('plt.show()')]), 'r'), 5);
  assert.is(apart.notebook.cells.length, 4);
  assert.equal(
    apart.conflicts.map((c) => c.path),
    ['cells[2].source'],
  );
  // one side without ids (4.4 against 4.5): by place
  const mixed = merge(read(nb(frame([code('x = 1')]), 4)), read(nb(ided(frame([code('y = 2', { id: 'R' })])), 5)), undefined, empty());
  assert.is(mixed.notebook.cells.length, 4);
  assert.is(mixed.conflicts.length, 1);
});

test('with a base: different cells both sides insert at one place are kept both; between cells both inserted they pair', () => {
  const l = variant((c) => {
    c.splice(2, 0, code('local_only()'));
  }, 4);
  const r = variant((c) => {
    c.splice(2, 0, code('remote_only()'));
  }, 4);
  const res = merge(l, r, undefined, read(nb(baseCells(), 4)));
  assert.equal(sources(res.notebook).slice(2, 4), ['local_only()', 'remote_only()']);
  assert.equal(res.conflicts, []);
  // both pasted the same block, with one cell written differently: that cell is one cell
  const block = (x: string) => [md('## Extra'), code(x), md('End of extra')];
  const l2 = variant((c) => {
    c.splice(2, 0, ...block('extra(1)'));
  }, 4);
  const r2 = variant((c) => {
    c.splice(2, 0, ...block('other(2)'));
  }, 4);
  const res2 = merge(l2, r2, undefined, read(nb(baseCells(), 4)));
  assert.equal(sources(res2.notebook).slice(2, 5), ['## Extra', '<<<<<<< local\nextra(1)\n=======\nother(2)\n>>>>>>> remote', 'End of extra']);
  assert.is(res2.notebook.cells.length, 7);
});

test('a cell split on one side and edited on the other: the edits land in the parts that hold their lines', () => {
  const load = "rain = read('rain.csv')\nrain = rain.dropna()\nrain['mm'] = rain['mm'].astype(float)\nrain.head()";
  const base4 = read(nb([md('# Rain'), code(load), code('print(rain)')], 4));
  const split = read(
    nb(
      [md('# Rain'), code("rain = read('rain.csv')\nrain = rain.dropna()"), code("rain['mm'] = rain['mm'].astype(float)\nrain.head()"), code('print(rain)')],
      4,
    ),
  );
  const edited = read(nb([md('# Rain'), code(load.replace('rain.csv', 'data/rain.csv').replace('head()', 'head(12)')), code('print(rain)')], 4));
  const want = ['# Rain', "rain = read('data/rain.csv')\nrain = rain.dropna()", "rain['mm'] = rain['mm'].astype(float)\nrain.head(12)", 'print(rain)'];
  // local split, remote edited
  const res = mergeNotebooks({ base: base4, local: split, remote: edited });
  assert.equal(sources(res.notebook), want);
  assert.equal(res.conflicts, []);
  assert.ok(res.decisions.some((d) => d.rule === 'split'));
  // remote split, local edited
  const res2 = mergeNotebooks({ base: base4, local: edited, remote: split });
  assert.equal(sources(res2.notebook), want);
  assert.equal(res2.conflicts, []);
  // edits of adjacent lines on both sides stay a conflict, in the part that holds them
  const splitEdited = read(
    nb([md('# Rain'), code("rain = read('rain.csv')\nrain = rain.dropna()"), code("rain['mm'] = rain['mm'].astype(int)\nrain.head()"), code('print(rain)')], 4),
  );
  const res3 = mergeNotebooks({ base: base4, local: splitEdited, remote: edited });
  assert.equal(sources(res3.notebook).slice(0, 2), want.slice(0, 2));
  assert.is(
    sources(res3.notebook)[2],
    "<<<<<<< local\nrain['mm'] = rain['mm'].astype(int)\nrain.head()\n=======\nrain['mm'] = rain['mm'].astype(float)\nrain.head(12)\n>>>>>>> remote",
  );
  assert.equal(
    res3.conflicts.map((c) => c.path),
    ['cells[2].source'],
  );
  // lines replaced one for one across the split point are cut line by line
  const both = read(
    nb(
      [
        md('# Rain'),
        code("rain = read('rain.csv')\nrain = rain.dropna().reset_index()\nrain['mm'] = rain['mm'].astype('f8')\nrain.head()"),
        code('print(rain)'),
      ],
      4,
    ),
  );
  const res6 = mergeNotebooks({ base: base4, local: split, remote: both });
  assert.equal(sources(res6.notebook).slice(1, 3), [
    "rain = read('rain.csv')\nrain = rain.dropna().reset_index()",
    "rain['mm'] = rain['mm'].astype('f8')\nrain.head()",
  ]);
  assert.equal(res6.conflicts, []);
  // an edit across the split point that cannot be cut (two lines made one): merged as before,
  // a conflict in the matched part, nothing lost
  const across = read(nb([md('# Rain'), code("rain = read('rain.csv')\nrain = rain.dropna().astype({'mm': float})\nrain.head()"), code('print(rain)')], 4));
  const res4 = mergeNotebooks({ base: base4, local: split, remote: across });
  assert.ok(res4.conflicts.length > 0);
  assert.not.ok(res4.decisions.some((d) => d.rule === 'split'));
  assert.ok(sources(res4.notebook).join('\n').includes("astype({'mm': float})"));
  // a new cell next to an edited one is not a part when its lines are not lines the cell lost
  const notSplit = read(nb([md('# Rain'), code(`${load}\nrain.info()`), code('rain.head()\nrain.tail()\nrain.plot()'), code('print(rain)')], 4));
  const res5 = mergeNotebooks({ base: base4, local: notSplit, remote: edited });
  assert.not.ok(res5.decisions.some((d) => d.rule === 'split'));
  assert.is(sources(res5.notebook)[2], 'rain.head()\nrain.tail()\nrain.plot()');
});

test('delete vs unchanged, vs re-run only, vs edit', () => {
  const del = variant((c) => {
    c.splice(2, 1);
  });
  assert.equal(sources(merge(del, read(nb(baseCells()))).notebook), ['# Title', 'x = 1\ny = 2\nz = 3', 'End']);
  const rerun = variant((c) => {
    (c[2] as { outputs: unknown[] }).outputs = [stream('1\n')];
    (c[2] as { execution_count: number }).execution_count = 4;
  });
  const res = merge(del, rerun);
  assert.equal(res.conflicts, []);
  assert.equal(sources(res.notebook), ['# Title', 'x = 1\ny = 2\nz = 3', 'End']);
  assert.ok(res.decisions.some((d) => d.rule === 'delete'));
  const edited = variant((c) => {
    c[2]!.source = 'print(x, y)';
  });
  const res2 = merge(del, edited);
  assert.is(sources(res2.notebook)[2], '<<<<<<< local (deleted this cell)\n=======\nprint(x, y)\n>>>>>>> remote');
  assert.is(res2.conflicts[0]!.kind, 'delete-modify');
  const res3 = merge(edited, del);
  assert.is(sources(res3.notebook)[2], '<<<<<<< local\nprint(x, y)\n=======\n>>>>>>> remote (deleted this cell)');
  const both = merge(del, del);
  assert.equal(sources(both.notebook), ['# Title', 'x = 1\ny = 2\nz = 3', 'End']);
});

test('move vs edit: the cell lands at its new place with the edit; moved on both sides: local place', () => {
  const moved = variant((c) => {
    c.splice(0, 0, c.splice(2, 1)[0]!);
  });
  const edited = variant((c) => {
    c[2]!.source = 'print(x * 2)';
  });
  const res = merge(moved, edited);
  assert.equal(sources(res.notebook), ['print(x * 2)', '# Title', 'x = 1\ny = 2\nz = 3', 'End']);
  assert.equal(res.conflicts, []);
  const res2 = merge(edited, moved);
  assert.equal(sources(res2.notebook), ['print(x * 2)', '# Title', 'x = 1\ny = 2\nz = 3', 'End']);
  const movedEnd = variant((c) => {
    c.push(c.splice(2, 1)[0]!);
  });
  const res3 = merge(moved, movedEnd);
  assert.equal(sources(res3.notebook), ['print(x)', '# Title', 'x = 1\ny = 2\nz = 3', 'End']);
});

test('outputs changed on both sides: local, remote or clear; never a conflict; the side whose code was kept keeps its outputs', () => {
  const l = variant((c) => {
    (c[1] as { outputs: unknown[] }).outputs = [stream('L\n')];
    (c[1] as { execution_count: number }).execution_count = 2;
  });
  const rerun = (source?: string) =>
    variant((c) => {
      (c[1] as { outputs: unknown[] }).outputs = [stream('R\n')];
      (c[1] as { execution_count: number }).execution_count = 3;
      if (source !== undefined) c[1]!.source = source;
    });
  const pick = (left: Notebook, right: Notebook, o?: MergeOptions, rule?: string) => {
    const res = merge(left, right, o);
    assert.equal(res.conflicts, []);
    if (rule)
      assert.ok(
        res.decisions.some((d) => d.rule === rule && d.path === 'cells[1].outputs'),
        JSON.stringify(res.decisions),
      );
    const cell = res.notebook.cells[1] as { outputs: Array<{ text: unknown }>; execution_count: number | null; source: unknown };
    return [joinSource(cell.source as string), cell.outputs.map((o) => joinSource(o.text as string)), cell.execution_count];
  };
  // both re-ran the same code: by the option
  assert.equal(pick(l, rerun()), ['x = 1\ny = 2\nz = 3', ['L\n'], 2]);
  assert.equal(pick(l, rerun(), { outputs: 'remote' }, 'outputs:remote'), ['x = 1\ny = 2\nz = 3', ['R\n'], 3]);
  assert.equal(pick(l, rerun(), { outputs: 'clear' }, 'outputs:clear'), ['x = 1\ny = 2\nz = 3', [], null]);
  // remote edited the code and ran it: its outputs go with its code, whatever the option but clear
  const edited = rerun('x = 1\ny = 2\nz = 4');
  assert.equal(pick(l, edited, undefined, 'outputs:source'), ['x = 1\ny = 2\nz = 4', ['R\n'], 3]);
  assert.equal(pick(l, edited, { outputs: 'local' }), ['x = 1\ny = 2\nz = 4', ['R\n'], 3]);
  assert.equal(pick(l, edited, { outputs: 'clear' }), ['x = 1\ny = 2\nz = 4', [], null]);
  assert.equal(pick(edited, l, { outputs: 'remote' }), ['x = 1\ny = 2\nz = 4', ['R\n'], 3]);
  // both edited the code (merged text is neither side's): by the option
  const l2 = variant((c) => {
    (c[1] as { outputs: unknown[] }).outputs = [stream('L\n')];
    c[1]!.source = 'x = 0\ny = 2\nz = 3';
  });
  assert.equal(pick(l2, edited), ['x = 0\ny = 2\nz = 4', ['L\n'], 1]);
});

test('cell type changed on one side, text on the other: type and text both taken, valid cell', () => {
  const l = variant((c) => {
    c[2] = { ...c[2]!, cell_type: 'markdown' } as Cell;
    delete (c[2] as Record<string, unknown>).outputs;
    delete (c[2] as Record<string, unknown>).execution_count;
  });
  const r = variant((c) => {
    c[2]!.source = 'print(x)  # shown';
    (c[2] as { outputs: unknown[] }).outputs = [stream('1\n')];
  });
  const res = merge(l, r);
  const cell = res.notebook.cells[2]!;
  assert.is(cell.cell_type, 'markdown');
  assert.is(joinSource(cell.source), 'print(x)  # shown');
  assert.not.ok('outputs' in cell);
  assert.equal(res.conflicts, []);
});

test('metadata: tags merge as sets; volatile keys from local whole; other scalars conflict (flagged, both values)', () => {
  const l = variant((c) => {
    c[1]!.metadata = { tags: ['parameters'], slideshow: { slide_type: 'slide' }, collapsed: true };
  });
  const r = variant((c) => {
    c[1]!.metadata = { tags: ['hide-input'], slideshow: { slide_type: 'skip' }, collapsed: false };
  });
  const res = merge(l, r);
  const meta = res.notebook.cells[1]!.metadata as Record<string, unknown>;
  assert.equal(meta.tags, ['parameters', 'hide-input']);
  assert.equal(meta.slideshow, { slide_type: 'slide' });
  assert.is(meta.collapsed, true);
  assert.is(res.conflicts.length, 1);
  assert.equal(
    { ...res.conflicts[0], message: '' },
    { kind: 'metadata', path: 'cells[1].metadata.slideshow.slide_type', message: '', local: 'slide', remote: 'skip', cell: 1, id: 'b' },
  );
  const flag = (meta.nbgit as { conflicts: Array<Record<string, unknown>> }).conflicts[0]!;
  assert.equal([flag.local, flag.remote], ['slide', 'skip']);
});

test('notebook metadata: key by key; language_info taken whole from local, never spliced; nbformat_minor the higher', () => {
  const meta = (v: string, name: string) => ({ kernelspec: { name, display_name: name, language: 'python' }, language_info: { name: 'python', version: v } });
  const b = read(nb(baseCells(), 4, meta('3.11.4', 'python3')));
  const l = read(nb(baseCells(), 4, { ...meta('3.11.7', 'py311'), authors: ['me'] }));
  const r = read(nb(baseCells(), 5, meta('3.12.1', 'python3')));
  const res = mergeNotebooks({ base: b, local: l, remote: r });
  assert.equal(res.conflicts, []);
  assert.equal(res.notebook.metadata, { ...meta('3.11.7', 'py311'), authors: ['me'] });
  assert.is(res.notebook.nbformat_minor, 5);
  assert.equal(validateNotebook(res.notebook), []);
  assert.ok(res.notebook.cells.every((c) => typeof c.id === 'string'));
});

test('4.4 and 4.5 mixed: ids for every cell, from the side that has them, unique; 4.4 only: no ids', () => {
  const strip = (cells: Cell[]) =>
    cells.map((c) => {
      const { id: _id, ...rest } = c;
      return rest as Cell;
    });
  const b44 = read(nb(strip(baseCells()), 4));
  const l45 = variant((c) => {
    c[0]!.source = '# Title 2';
  });
  const r44 = read(nb([...strip(baseCells()).slice(0, 3), code('new = 1'), ...strip(baseCells()).slice(3)], 4));
  const res = mergeNotebooks({ base: b44, local: l45, remote: r44 });
  assert.equal(validateNotebook(res.notebook), []);
  assert.equal(sources(res.notebook), ['# Title 2', 'x = 1\ny = 2\nz = 3', 'print(x)', 'new = 1', 'End']);
  const ids = res.notebook.cells.map((c) => c.id);
  assert.equal(ids.slice(0, 3), ['a', 'b', 'c']);
  assert.is(new Set(ids).size, 5);
  assert.ok(ids.every((id) => typeof id === 'string' && /^[a-zA-Z0-9-_]{1,64}$/.test(id)));
  // the other way round: remote has the ids
  const res2 = mergeNotebooks({ base: b44, local: r44, remote: l45 });
  assert.equal(res2.notebook.cells.map((c) => c.id).slice(0, 3), ['a', 'b', 'c']);
  const res3 = mergeNotebooks({ base: b44, local: r44, remote: read(nb(strip(baseCells()).reverse(), 4)) });
  assert.ok(res3.notebook.cells.every((c) => c.id === undefined));
  assert.equal(validateNotebook(res3.notebook), []);
});

test('CRLF inside a source stays CRLF through a line merge', () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  const b = read(nb([code(crlf('a = 1\nb = 2\nc = 3'), { id: 'x' })]));
  const l = read(nb([code(crlf('a = 10\nb = 2\nc = 3'), { id: 'x' })]));
  const r = read(nb([code(crlf('a = 1\nb = 2\nc = 30'), { id: 'x' })]));
  const res = mergeNotebooks({ base: b, local: l, remote: r });
  assert.is(joinSource(res.notebook.cells[0]!.source), crlf('a = 10\nb = 2\nc = 30'));
  const r2 = read(nb([code(crlf('a = 11\nb = 2\nc = 3'), { id: 'x' })]));
  assert.is(
    joinSource(mergeNotebooks({ base: b, local: l, remote: r2 }).notebook.cells[0]!.source),
    crlf('<<<<<<< local\na = 10\n=======\na = 11\n>>>>>>> remote\nb = 2\nc = 3'),
  );
});

test('a CRLF file stays a CRLF file', () => {
  const crlfText = (n: Notebook) => toIpynb(n).replace(/\n/g, '\r\n');
  const b = fromIpynb(crlfText(nb(baseCells())));
  const l = fromIpynb(
    crlfText(
      variant((c) => {
        c[0]!.source = '# T';
      }),
    ),
  );
  const r = fromIpynb(
    crlfText(
      variant((c) => {
        c[3]!.source = 'Fin';
      }),
    ),
  );
  const text = toIpynb(mergeNotebooks({ base: b, local: l, remote: r }).notebook);
  assert.not.match(text.replace(/\r\n/g, ''), '\n');
  assert.equal(sources(fromIpynb(text)), ['# T', 'x = 1\ny = 2\nz = 3', 'print(x)', 'Fin']);
});

test('both sides rewrite the same cell beyond recognition: a conflict, not two cells', () => {
  const b = read(nb([md('Ipsum lorem:'), code('x = 1')], 4));
  const l = read(nb([md('Foo bar, the quick brown fox:'), code('x = 1')], 4));
  const r = read(nb([md("What is love, baby don't hurt me:"), code('x = 1')], 4));
  const res = mergeNotebooks({ base: b, local: l, remote: r });
  assert.is(res.notebook.cells.length, 2);
  assert.is(res.conflicts[0]!.kind, 'source');
  assert.match(joinSource(res.notebook.cells[0]!.source), 'Foo bar');
  assert.match(joinSource(res.notebook.cells[0]!.source), 'What is love');
});

test('inputs are not mutated; results are deterministic', () => {
  const b = read(nb(baseCells()));
  const l = variant((c) => {
    c[1]!.source = 'x = 10\ny = 2\nz = 3';
    c.splice(3, 1);
  });
  const r = variant((c) => {
    c[1]!.source = 'x = 11\ny = 2\nz = 3';
    c[1]!.metadata = { tags: ['a'] };
  }, 4);
  const before = JSON.stringify([b, l, r]);
  const one = toIpynb(mergeNotebooks({ base: b, local: l, remote: r }).notebook);
  assert.is(JSON.stringify([b, l, r]), before);
  assert.is(toIpynb(mergeNotebooks({ base: b, local: l, remote: r }).notebook), one);
});

test('not a notebook: a typed error; conflicts never throw', () => {
  try {
    mergeNotebooks({ base: read(nb([])), local: { cells: 3 } as unknown as Notebook, remote: read(nb([])) });
    assert.unreachable();
  } catch (e) {
    assert.ok(isNbgitError(e));
    assert.is((e as { code: string }).code, 'ENOTNOTEBOOK');
  }
});

test('checked: inputs fromIpynb read merge as without it; a model the merge makes from a v3 notebook given as it is is still checked', () => {
  const base = read(nb([code('a = 1\n'), md('# t')]));
  const local = read(nb([code('a = 2\n'), md('# t')]));
  const remote = read(nb([code('a = 1\n'), md('# title')]));
  const plain = mergeNotebooks({ base, local, remote });
  const trusted = mergeNotebooks({ base, local, remote }, { checked: true });
  assert.is(toIpynb(trusted.notebook), toIpynb(plain.notebook));
  assert.equal(trusted.conflicts, plain.conflicts);
  // a v3 notebook whose worksheet holds a cell without a type: upgraded by the merge, then checked
  const v3 = { metadata: {}, nbformat: 3, nbformat_minor: 0, worksheets: [{ cells: [{ metadata: {}, source: ['x'] }], metadata: {} }] } as unknown as Notebook;
  try {
    mergeNotebooks({ base, local: v3, remote }, { checked: true });
    assert.unreachable();
  } catch (e) {
    assert.ok(isNbgitError(e), String(e));
  }
});

/** An nbformat 3 file as IPython 2 wrote it (sorted keys, indent 1, no final newline). */
const v3File = (cells: object[]) =>
  JSON.stringify({ metadata: { name: 'demo' }, nbformat: 3, nbformat_minor: 0, worksheets: [{ cells, metadata: {} }] }, null, 1);
const v3Code = (input: string[], n: number | null, outputs: object[] = []) => ({
  cell_type: 'code',
  collapsed: false,
  input,
  language: 'python',
  metadata: {},
  outputs,
  ...(n === null ? {} : { prompt_number: n }),
});
const v3Heading = (text: string, level = 1) => ({ cell_type: 'heading', level, metadata: {}, source: [text] });
const v3Markdown = (lines: string[]) => ({ cell_type: 'markdown', metadata: {}, source: lines });
const pyout = (n: number, text: string) => ({ metadata: {}, output_type: 'pyout', prompt_number: n, text: [text] });

test('nbformat 3 stays nbformat 3: worksheets, input, prompt_number, headings; unchanged cells keep their bytes; no ids', () => {
  const base: Array<Record<string, unknown>> = [
    v3Heading('Rain'),
    v3Code(['x = 1\n', 'y = 2'], 1, [pyout(1, '2')]),
    v3Markdown(['Notes']),
    v3Code(['print(x)'], 2),
  ];
  const local = structuredClone(base);
  local[1]!.input = ['x = 10\n', 'y = 2'];
  local[0] = v3Heading('Rainfall');
  const remote = structuredClone(base);
  remote[3]!.input = ['print(x, y)'];
  remote.push(v3Code(['z = 3'], null));
  const [b, l, r] = [v3File(base), v3File(local), v3File(remote)];
  const res = mergeNotebooks({ base: fromIpynb(b), local: fromIpynb(l), remote: fromIpynb(r) });
  assert.equal(res.conflicts, []);
  const text = toIpynb(res.notebook);
  const out = JSON.parse(text);
  assert.is(out.nbformat, 3);
  assert.is(out.nbformat_minor, 0);
  assert.equal(out.metadata, { name: 'demo' });
  assert.equal(validateNotebook(fromIpynb(text, { legacy: 'keep' })), []);
  const cells = out.worksheets[0].cells;
  assert.equal(cells[0], v3Heading('Rainfall'), 'the heading local edited is still a heading');
  assert.equal(cells[1], local[1]);
  assert.equal(cells[3], { ...base[3], input: ['print(x, y)'] });
  assert.equal(cells[4], { cell_type: 'code', collapsed: false, input: ['z = 3'], language: 'python', metadata: {}, outputs: [] });
  assert.not.match(text, /"id"|orig_nbformat|execution_count|"source": \["x/);
  // everything but remote's two cells is local's text
  const localLines = new Set(l.split('\n'));
  assert.equal(
    text.split('\n').filter((line) => !localLines.has(line)),
    [
      '      "print(x, y)"',
      '    },',
      '    {',
      '     "cell_type": "code",',
      '     "collapsed": false,',
      '     "input": [',
      '      "z = 3"',
      '     ],',
      '     "language": "python",',
      '     "metadata": {},',
      '     "outputs": []',
    ].filter((line) => !localLines.has(line)),
  );
});

test('one side equals base: the other side, byte for byte, in its own version and layout', () => {
  const base = v3File([v3Heading('Rain'), v3Code(['x = 1'], 1)]);
  const edited = v3File([v3Heading('Rain'), v3Code(['x = 2'], 1)]).replace(/\n/g, '\r\n');
  assert.is(toIpynb(mergeNotebooks({ base: fromIpynb(base), local: fromIpynb(base), remote: fromIpynb(edited) }).notebook), edited);
  assert.is(toIpynb(mergeNotebooks({ base: fromIpynb(base), local: fromIpynb(edited), remote: fromIpynb(base) }).notebook), edited);
  const v4 = `{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "x = 2"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 2}`;
  const v4base = v4.replace('x = 2', 'x = 1');
  assert.is(toIpynb(mergeNotebooks({ base: fromIpynb(v4base), local: fromIpynb(v4base), remote: fromIpynb(v4) }).notebook), v4);
});

test('4.0-4.4 get no ids; a side that upgraded the version upgrades the result', () => {
  const l = variant((c) => {
    c[0]!.source = '# Title!';
  }, 4);
  const r = variant((c) => {
    c.push(code('new()'));
  }, 4);
  const res = merge(l, r, undefined, read(nb(baseCells(), 4)));
  assert.is(res.notebook.nbformat_minor, 4);
  assert.ok(res.notebook.cells.every((c) => c.id === undefined));
  const v3 = fromIpynb(v3File([v3Code(['x = 1'], 1)]));
  const upgraded = read(nb([code('x = 1')], 0));
  const both = mergeNotebooks({ base: v3, local: fromIpynb(v3File([v3Code(['x = 2'], 1)])), remote: upgraded });
  assert.is(both.notebook.nbformat, 4);
  assert.is(both.notebook.nbformat_minor, 0);
  assert.equal(sources(both.notebook), ['x = 2']);
  assert.ok(both.decisions.some((d) => d.rule === 'nbformat:max'));
  assert.equal(validateNotebook(both.notebook), []);
});

test.run();
