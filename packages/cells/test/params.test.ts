// Parameters as papermill writes and reads them. Expected sources follow papermill's
// documented translator behaviour (its docs and translator tests): `# Parameters`, then one
// `name = value` line per parameter; strings double-quoted with Python's unicode_escape;
// Python None/True/False, R NULL/TRUE/FALSE and list(), Julia nothing/true and Dict(...).
import {
  injectParameters,
  listParameters,
  ParamFloat,
  type ParamValue,
  parseParameters,
  parseYamlParameters,
  renderParameters,
  resolveType,
  shellQuote,
  translateParameters,
  unicodeEscape,
} from '@nbgit/cells';
import { isNbgitError, joinSource } from '@nbgit/core';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { onlyCellChanged } from './helpers.js';

const code = (id: string, source: string, tags?: string[]) => ({
  cell_type: 'code',
  execution_count: null,
  id,
  metadata: tags ? { tags } : {},
  outputs: [],
  source: source.split(/(?<=\n)/),
});

function notebook(kernel: { name: string; language: string }, cells: unknown[], minor = 5): string {
  const nb = {
    cells,
    metadata: { kernelspec: { display_name: kernel.name, ...kernel }, language_info: { name: kernel.language } },
    nbformat: 4,
    nbformat_minor: minor,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

const PY = { name: 'python3', language: 'python' };
const R = { name: 'ir', language: 'R' };
const JULIA = { name: 'julia-1.10', language: 'julia' };

const int = (n: number) => BigInt(n);

test('Python: the cell papermill injects', () => {
  const params: Record<string, ParamValue> = {
    alpha: new ParamFloat(0.6),
    l1_ratio: new ParamFloat(0.1),
    n: int(5),
    big: 12345678901234567890n,
    whole: new ParamFloat(1),
    tiny: new ParamFloat(0.00001),
    huge: new ParamFloat(1e16),
    nan: new ParamFloat(Number.NaN),
    inf: new ParamFloat(Number.NEGATIVE_INFINITY),
    name: 'bar',
    quoted: 'say "hi"\n\ttab \\ back',
    accents: 'café €',
    flag: true,
    off: false,
    none: null,
    list: ['bar', 'baz', int(1)],
    dict: { bar: 'baz', nested: { k: [true, null] } },
  };
  assert.is(
    translateParameters('python3', 'python', params),
    `# Parameters
alpha = 0.6
l1_ratio = 0.1
n = 5
big = 12345678901234567890
whole = 1.0
tiny = 1e-05
huge = 1e+16
nan = float('nan')
inf = float('-inf')
name = "bar"
quoted = "say \\"hi\\"\\n\\ttab \\\\ back"
accents = "caf\\xe9 \\u20ac"
flag = True
off = False
none = None
list = ["bar", "baz", 1]
dict = {"bar": "baz", "nested": {"k": [True, None]}}
`,
  );
});

test('R: NULL, TRUE/FALSE, list(), and no leading underscore in names', () => {
  assert.is(
    translateParameters('ir', 'R', { foo: 'bar', _hidden: int(1), t: true, f: false, n: null, x: new ParamFloat(1.1), l: ['bar', 'baz'], d: { bar: 'baz' } }),
    `# Parameters
foo = "bar"
hidden = 1
t = TRUE
f = FALSE
n = NULL
x = 1.1
l = list("bar", "baz")
d = list("bar" = "baz")
`,
  );
});

test('Julia: nothing, true/false, [..] and Dict(... => ...)', () => {
  assert.is(
    translateParameters('julia-1.10', 'julia', { foo: 'bar', t: true, n: null, x: new ParamFloat(1.1), l: ['bar', 'baz'], d: { bar: 'baz', e: 'é' } }),
    `# Parameters
foo = "bar"
t = true
n = nothing
x = 1.1
l = ["bar", "baz"]
d = Dict("bar" => "baz", "e" => "\\xe9")
`,
  );
});

test('the other languages papermill translates, found by kernel name first', () => {
  const p: Record<string, ParamValue> = { s: "it's", i: int(3000000000), l: [int(1), int(2)] };
  assert.is(translateParameters('spylon', 'scala', p), `// Parameters\nval s = "it's"\nval i = 3000000000L\nval l = Seq(1, 2)\n`);
  assert.is(translateParameters('sparkkernel', 'whatever', p), `// Parameters\nval s = "it's"\nval i = 3000000000L\nval l = Seq(1, 2)\n`);
  assert.is(translateParameters('matlab', 'matlab', { s: 'a"b', d: { k: null } }), `% Parameters\ns = "a""b";\nd = containers.Map({'k'}, {NaN});\n`);
  assert.is(
    translateParameters('.net-csharp', 'C#', { l: [true], d: { k: int(1) } }),
    '// Parameters\nvar l = new [] { true };\nvar d = new Dictionary<string,Object>{ { "k" , 1 } };\n',
  );
  assert.is(translateParameters('.net-fsharp', 'F#', { l: [int(1), int(2)], n: null }), '(* Parameters *)\nlet l = [ 1; 2 ]\nlet n = None\n');
  assert.is(
    translateParameters('.net-powershell', 'PowerShell', { s: 'a"b', b: true, d: { x: int(1), y: int(2) } }),
    '# Parameters\n$s = "a`"b"\n$b = $True\n$d = @{"x" = 1\n "y" = 2}\n',
  );
  assert.is(
    translateParameters('bash', 'bash', { s: "it's here", t: 'plain-ok', e: '', n: null, l: ['a b', 'c'] }),
    `# Parameters\ns='it'"'"'s here'\nt=plain-ok\ne=''\nn=\nl=('a b' c)\n`,
  );
  // the kernel name wins over the language
  assert.is(translateParameters('python3', 'R', { x: true }), '# Parameters\nx = TRUE\n');
  assert.is(translateParameters('pysparkkernel', 'scala', { x: true }), '# Parameters\nx = True\n');
  for (const f of [
    () => translateParameters('cpp17', 'c++', {}),
    () => translateParameters('bash', 'bash', { d: {} }),
    () => translateParameters('.net-csharp', 'C#', { n: null }),
  ]) {
    try {
      f();
      assert.unreachable();
    } catch (e) {
      assert.ok(isNbgitError(e) && e.code === 'EPARAM', String(e));
    }
  }
});

test("Python's unicode_escape and shlex.quote", () => {
  assert.is(unicodeEscape('a\u0000\u001f\u007f\u00ff\u0100\u{1f600}\r'), 'a\\x00\\x1f\\x7f\\xff\\u0100\\U0001f600\\r');
  assert.is(shellQuote('a@b%c+d=e:f,g.h/i-j_k'), 'a@b%c+d=e:f,g.h/i-j_k');
  assert.is(shellQuote('é'), "'é'");
});

test('-p values are typed as papermill types them', () => {
  const cases: [string, ParamValue][] = [
    ['True', true],
    ['False', false],
    ['None', null],
    ['42', 42n],
    [' -7 ', -7n],
    ['1_000', 1000n],
    ['007', 7n],
    ['true', 'true'],
    ['0x10', '0x10'],
    ['1__0', '1__0'],
  ];
  for (const [text, value] of cases) assert.equal(resolveType(text), value, text);
  const floats: [string, string][] = [
    ['0.5', '0.5'],
    ['1.', '1.0'],
    ['.5', '0.5'],
    ['1e3', '1000.0'],
    ['-1E-5', '-1e-05'],
    ['inf', "float('inf')"],
    ['-Infinity', "float('-inf')"],
    ['NaN', "float('nan')"],
  ];
  for (const [text, py] of floats) assert.is(translateParameters('python3', 'python', { x: resolveType(text) }), `# Parameters\nx = ${py}\n`, text);
});

test('YAML parameters are read as PyYAML reads them, without dates', () => {
  const p = parseYamlParameters('a: 1\nb: 1.0\nc: yes\nd: 2024-01-01\ne: [1, x]\nf: ~\ng: "1"\nh: 010\n');
  assert.is(translateParameters('python3', 'python', p), '# Parameters\na = 1\nb = 1.0\nc = True\nd = "2024-01-01"\ne = [1, "x"]\nf = None\ng = "1"\nh = 8\n');
  assert.equal(parseYamlParameters(''), {});
  for (const bad of ['- 1\n- 2\n', 'a: [1,\n']) {
    try {
      parseYamlParameters(bad, { file: 'p.yaml' });
      assert.unreachable();
    } catch (e) {
      assert.ok(isNbgitError(e) && e.code === 'EPARAM' && e.file === 'p.yaml', String(e));
    }
  }
});

test('YAML parameters nested deeper than the yaml reader survives: EPARAM, located, named as such (not the stack RangeError)', () => {
  const n = 20_000;
  try {
    parseYamlParameters(`a: ${'['.repeat(n)}${']'.repeat(n)}\n`, { file: 'deep.yaml' });
    assert.unreachable();
  } catch (e) {
    assert.ok(isNbgitError(e) && e.code === 'EPARAM' && e.file === 'deep.yaml', String(e));
    assert.match(e.message, /deep\.yaml:1:\d+: invalid YAML: nested too deeply to read$/);
    assert.is(e.position?.line, 1);
  }
});

const PARAMS_CELL = `# Parameters of the run
alpha = 0.6  # learning rate
ratio: float = 0.1
name = "a = b"  # the name
layers = [
    64,  # first
    32,
]  # sizes
threshold = 0.5 # type: float
x = y = 3
if debug == True:
    pass
`;

test('Python parameters are read as papermill --help-notebook reads them', () => {
  assert.equal(parseParameters(PARAMS_CELL), [
    { name: 'alpha', type: null, inferredType: 'float', default: '0.6', help: 'learning rate' },
    { name: 'ratio', type: 'float', inferredType: 'float', default: '0.1', help: '' },
    { name: 'name', type: null, inferredType: 'str', default: '"a = b"', help: 'the name' },
    { name: 'layers', type: null, inferredType: 'list', default: '[64,32,]', help: 'sizes' },
    { name: 'threshold', type: 'float', inferredType: 'float', default: '0.5', help: '' },
  ]);
});

test('the --help-notebook listing', () => {
  assert.is(
    renderParameters(parseParameters(PARAMS_CELL), { file: 'train.ipynb' }),
    `Parameters inferred for notebook 'train.ipynb':
  alpha: float (default 0.6)      learning rate
  ratio: float (default 0.1)
  name: str (default "a = b")     the name
  layers: list (default [64,32,])
                                  sizes
  threshold: float (default 0.5)
`,
  );
  assert.match(renderParameters(undefined, { file: 'x.ipynb' }), /No cell tagged 'parameters'/);
});

test('R and Julia parameter cells', () => {
  assert.equal(
    parseParameters('n <- 10L  # rows\nlabel = "x"\nok <- TRUE\n', 'R').map((p) => [p.name, p.inferredType, p.default, p.help]),
    [
      ['n', 'integer', '10L', 'rows'],
      ['label', 'character', '"x"', ''],
      ['ok', 'logical', 'TRUE', ''],
    ],
  );
  assert.equal(
    parseParameters('n::Int = 10  # rows\nx = 0.5\nname = "a"\n', 'julia').map((p) => [p.name, p.type, p.inferredType, p.default, p.help]),
    [
      ['n', 'Int', 'Int', '10', 'rows'],
      ['x', null, 'Float64', '0.5', ''],
      ['name', null, 'String', '"a"', ''],
    ],
  );
});

test('injection goes after the parameters cell, changes nothing else, and replaces an earlier injected cell', () => {
  const text = notebook(PY, [code('intro', '# setup'), code('params', 'alpha = 0.6\nn = 1', ['parameters']), code('work', 'print(alpha)')]);
  const nb = fromIpynb(text);
  const r = injectParameters(nb, { alpha: new ParamFloat(0.9), n: int(2) });
  assert.is(r.index, 2);
  assert.is(r.replaced, false);
  assert.equal(r.undeclared, []);
  const once = toIpynb(nb);
  const cell = (JSON.parse(once) as { cells: Record<string, unknown>[] }).cells[2]!;
  assert.equal(cell, {
    cell_type: 'code',
    execution_count: null,
    id: r.id,
    metadata: { tags: ['injected-parameters'] },
    outputs: [],
    source: ['# Parameters\n', 'alpha = 0.9\n', 'n = 2\n'],
  });
  assert.equal(validateNotebook(fromIpynb(once)), []);
  // again, with other values: the injected cell is replaced where it is, keeping its id
  const nb2 = fromIpynb(once);
  const r2 = injectParameters(nb2, { alpha: new ParamFloat(0.1) });
  assert.is(r2.replaced, true);
  assert.is(r2.id, r.id);
  const twice = toIpynb(nb2);
  assert.is(onlyCellChanged(once, twice, 2), undefined);
  assert.is(joinSource((fromIpynb(twice).cells[2] as { source: string[] }).source), '# Parameters\nalpha = 0.1\n');
  // the same parameters again: no byte changes
  const nb3 = fromIpynb(twice);
  injectParameters(nb3, { alpha: new ParamFloat(0.1) });
  assert.is(toIpynb(nb3), twice);
});

test('without a parameters cell the cell goes to the top; --strict refuses undeclared names', () => {
  const text = notebook(PY, [code('a', 'x = 1')], 4);
  const nb = fromIpynb(text.replace(/ {3}"id": "a",\n/, ''));
  const r = injectParameters(nb, { x: int(2) });
  assert.is(r.index, 0);
  assert.is(r.id, undefined, 'no ids in nbformat 4.4');
  assert.equal(r.undeclared, ['x']);
  const withParams = fromIpynb(notebook(PY, [code('p', 'alpha = 1  # a', ['parameters'])]));
  const before = toIpynb(withParams);
  try {
    injectParameters(withParams, { alpha: int(2), beta: int(3) }, { strict: true });
    assert.unreachable();
  } catch (e) {
    assert.ok(isNbgitError(e) && e.code === 'EPARAM', String(e));
    assert.match(e.message, /parameter beta not declared .*declared: alpha/);
  }
  assert.is(toIpynb(withParams), before);
  injectParameters(withParams, { alpha: int(2) }, { strict: true });
});

test('a value nested deeper than 1000 levels is an ELIMIT, the notebook unchanged (the MCP server overflowed the stack on 20,000)', () => {
  const nb = fromIpynb(notebook(PY, [code('p', 'alpha = 1', ['parameters'])]));
  const before = toIpynb(nb);
  let deep: ParamValue = int(1);
  for (let i = 0; i < 20_000; i++) deep = [deep];
  try {
    injectParameters(nb, { alpha: deep });
    assert.unreachable();
  } catch (e) {
    assert.ok(isNbgitError(e) && e.code === 'ELIMIT', String(e));
    assert.is(e.message, "parameter alpha: nested deeper than 1000 levels (nbgit's limit)");
  }
  assert.is(toIpynb(nb), before);
  let ok: ParamValue = int(1);
  for (let i = 0; i < 999; i++) ok = [ok];
  assert.match(injectParameters(nb, { alpha: ok }).source, /^# Parameters\nalpha = \[\[\[/);
});

test('R and Julia notebooks get their language', () => {
  const rnb = fromIpynb(notebook(R, [code('p', 'n <- 10\nlabel <- "a"', ['parameters'])]));
  assert.equal(
    listParameters(rnb).map((p) => p.name),
    ['n', 'label'],
  );
  assert.is(injectParameters(rnb, { n: int(20), label: null }, { strict: true }).source, '# Parameters\nn = 20\nlabel = NULL\n');
  const jnb = fromIpynb(notebook(JULIA, [code('p', 'n = 10', ['parameters'])]));
  assert.is(injectParameters(jnb, { n: null }, { strict: true }).source, '# Parameters\nn = nothing\n');
});

test.run();
