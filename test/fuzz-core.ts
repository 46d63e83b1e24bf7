/**
 * The fuzz suite's engine (issue 12): hostile and unlucky inputs, made with fast-check from
 * this project's fixtures and `../shared/fixtures/real`, through every public reader and
 * writer in-process ({@link checkLibrary}) and through every CLI command ({@link checkCli}).
 *
 * Invariants: only typed errors ({@link NbgitError}) escape; a command that fails exits with
 * a documented code, prints no stack trace and changes no file; what succeeds writes a
 * notebook that validates under its own nbformat version whenever the input did.
 *
 * `test/fuzz.test.ts` runs a fixed seed and a bounded count in `npm test`;
 * `npm run fuzz -- --seed S --count N [--cli N]` runs long (scripts/fuzz.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNbgitError, type Notebook } from '@nbgit/core';
import { fromDatabricks, toDatabricks } from '@nbgit/databricks';
import { diffNotebooks, renderTerminal } from '@nbgit/diff';
import { readText } from '@nbgit/formats';
import { notebookText } from '@nbgit/git';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { fromLight, toLight } from '@nbgit/light';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { mergeNotebooks } from '@nbgit/merge';
import { fromMyst, toMyst } from '@nbgit/myst';
import { fromPercent, toPercent } from '@nbgit/percent';
import { fromQuarto, toQuarto } from '@nbgit/quarto';
import { strip } from '@nbgit/strip';
import { listFiles, repoRoot, sharedPath } from '@nbgit/testkit';
import fc from 'fast-check';

/** One generated input: what to feed, and how it was made (for the report). */
export interface FuzzCase {
  kind: 'ipynb' | 'percent' | 'markdown' | 'light' | 'myst' | 'quarto' | 'databricks';
  mutation: string;
  bytes: Uint8Array;
}

/** A broken invariant. */
export interface Finding {
  target: string;
  mutation: string;
  problem: string;
  input: Uint8Array;
}

const enc = new TextEncoder();

/** Seed files: the project's notebooks, and (when present) the shared real notebooks and their jupytext texts. */
export function seeds(limit = 60): { notebooks: string[]; texts: Array<{ kind: FuzzCase['kind']; text: string }> } {
  const own = listFiles(join(repoRoot, 'fixtures'), (n) => n.endsWith('.ipynb'));
  const real = sharedPath('fixtures', 'real', 'notebooks');
  const shared = real !== undefined && existsSync(real) ? listFiles(real, (n) => n.endsWith('.ipynb')) : [];
  // small files only: the fuzz is about shapes, and big ones would make each run slow
  const small = (f: string) => statSync(f).size < 60_000;
  const notebooks = [...own, ...shared.filter(small).slice(0, limit)].map((f) => readFileSync(f, 'utf8'));
  const texts: Array<{ kind: FuzzCase['kind']; text: string }> = [];
  const jt = sharedPath('fixtures', 'real', 'jupytext');
  if (jt !== undefined && existsSync(jt)) {
    for (const name of readdirSync(jt)
      .sort()
      .slice(0, limit * 4)) {
      const p = join(jt, name);
      if (statSync(p).size > 30_000) continue;
      const kind = name.endsWith('.light.py')
        ? 'light'
        : name.endsWith('.myst.md')
          ? 'myst'
          : name.endsWith('.md')
            ? 'markdown'
            : name.endsWith('.py')
              ? 'percent'
              : undefined;
      if (kind) texts.push({ kind, text: readFileSync(p, 'utf8') });
    }
  }
  for (const nb of notebooks.slice(0, 20)) {
    try {
      const n = fromIpynb(nb);
      texts.push({ kind: 'percent', text: toPercent(n) }, { kind: 'markdown', text: toMarkdown(n) }, { kind: 'quarto', text: toQuarto(n) });
      texts.push({ kind: 'databricks', text: toDatabricks(n) });
    } catch {
      // a fixture that is itself bad input
    }
  }
  return { notebooks: notebooks.length > 0 ? notebooks : ['{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'], texts };
}

/** Every path to a value in a JSON value (bounded), for "wrong type at every schema position". */
function paths(v: unknown, out: Array<Array<string | number>> = [], at: Array<string | number> = [], budget = { n: 4000 }): Array<Array<string | number>> {
  if (budget.n-- <= 0) return out;
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, out, [...at, i], budget));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) paths(x, out, [...at, k], budget);
  return out;
}

const WRONG: unknown[] = [null, 42, -1, 1.5, 2 ** 64, '', 'x', true, [], {}, [1], { a: 1 }, ['x', 2], 'heading', 'stram'];

/** Random JSON-ish text pieces that readers must refuse or read. */
const jsonValue = fc.oneof(fc.constantFrom(...WRONG), fc.string(), fc.integer());

/** Mutations of one notebook's text. */
function notebookCase(seed: string, hugeMax: number): fc.Arbitrary<FuzzCase> {
  const bytes = enc.encode(seed);
  const ipynb = (mutation: string, b: Uint8Array | string): FuzzCase => ({ kind: 'ipynb', mutation, bytes: typeof b === 'string' ? enc.encode(b) : b });
  let parsed: unknown;
  try {
    parsed = JSON.parse(seed);
  } catch {
    parsed = undefined;
  }
  const ps = parsed === undefined ? [[]] : paths(parsed);
  const set = (root: unknown, path: Array<string | number>, value: unknown): unknown => {
    if (path.length === 0) return value;
    const copy = structuredClone(root) as Record<string | number, unknown>;
    let c = copy;
    for (const k of path.slice(0, -1)) c = c[k] as Record<string | number, unknown>;
    c[path[path.length - 1]!] = value;
    return copy;
  };
  const n = bytes.length;
  return fc.oneof(
    fc.constant(ipynb('none', bytes)),
    fc.tuple(fc.nat(Math.max(0, n - 1)), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const out = bytes.slice();
      out[i] = b;
      return ipynb('byte flip', out);
    }),
    fc.nat(n).map((i) => ipynb('truncation', bytes.slice(0, i))),
    fc.constant(ipynb('BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))),
    fc
      .tuple(fc.nat(n), fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]))
      .map(([i, bad]) => ipynb('invalid UTF-8', new Uint8Array([...bytes.slice(0, i), ...bad, ...bytes.slice(i)]))),
    fc.nat(Math.max(0, seed.length - 1)).map((i) => {
      const q = seed.indexOf('"', i);
      return ipynb('lone surrogate', q === -1 ? seed : `${seed.slice(0, q + 1)}\\ud800${seed.slice(q + 1)}`);
    }),
    fc.constantFrom('"nbformat": 3', '"nbformat": 4', '"cells": []', '"metadata": null', '"nbformat_minor": 4').map((dup) => {
      const i = seed.indexOf('{');
      return ipynb('duplicate key', i === -1 ? seed : `${seed.slice(0, i + 1)}${dup}, ${seed.slice(i + 1)}`);
    }),
    fc
      .tuple(fc.nat(ps.length - 1), jsonValue)
      .map(([k, v]) => ipynb('wrong type', parsed === undefined ? seed : JSON.stringify(set(parsed, ps[k]!, v), null, 1))),
    fc.tuple(fc.nat(ps.length - 1), fc.integer({ min: 900, max: 3000 }), fc.constantFrom('[', '{"a":')).map(([k, d, open]) => {
      if (parsed === undefined) return ipynb('deep nesting', open.repeat(d));
      const text = JSON.stringify(set(parsed, ps[k]!, '\u0000deep\u0000'));
      const close = open === '[' ? ']' : '}';
      return ipynb('deep nesting', text.replace(JSON.stringify('\u0000deep\u0000'), `${open.repeat(d)}1${close.repeat(d)}`));
    }),
    // long lines (an image, a data dump) up to 2 MB, and many lines (text formats write ~40k lines/s)
    fc
      .tuple(fc.nat(ps.length - 1), fc.integer({ min: 10_000, max: hugeMax }), fc.integer({ min: 1, max: 20_000 }))
      .map(([k, len, lines]) =>
        ipynb('huge string', parsed === undefined ? seed : JSON.stringify(set(parsed, ps[k]!, `${'x'.repeat(len)}\n`.repeat(1) + 'y\n'.repeat(lines)))),
      ),
    fc
      .constantFrom('1e400', '-1e400', '1E+2', '1e999', '12345678901234567890', '-0', '1.0')
      .chain((num) =>
        fc
          .nat(ps.length - 1)
          .map((k) => ipynb('number', parsed === undefined ? seed : JSON.stringify(set(parsed, ps[k]!, '\u0000n')).replace('"\\u0000n"', num))),
      ),
    fc.constant(ipynb('v3 with cells', seed.replace(/"nbformat": ?4/, '"nbformat": 3'))),
  );
}

const LINES = [
  '# %%',
  '# %% [markdown]',
  '# %% [raw]',
  '# %% tags=["a"]',
  '# %% {"a": [[[[1]]]]}',
  '# ---',
  '# jupyter:',
  '#   kernelspec:',
  '#     name: python3',
  '#   a: &x [1, 2]',
  '#   b: [*x, *x]',
  '#   c: !!python/object:os.system ls',
  '---',
  'jupyter:',
  '  kernelspec:',
  '    display_name: Python 3',
  '```python',
  '```',
  '~~~',
  '<!-- #region -->',
  '<!-- #endregion -->',
  '<!-- #raw -->',
  '<!-- #endraw -->',
  '# +',
  '# -',
  'x = 1',
  'def f():',
  '    return 1',
  '',
  '"""',
  '%matplotlib inline',
  '# %% nbgit={"id": "a"}',
  '\ud800',
  '\r',
];

/** Random percent, markdown and light texts, and mutations of real ones. */
function textCase(texts: Array<{ kind: FuzzCase['kind']; text: string }>): fc.Arbitrary<FuzzCase> {
  const random = fc
    .tuple(
      fc.constantFrom<FuzzCase['kind']>('percent', 'markdown', 'light', 'myst', 'quarto', 'databricks'),
      fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string()), { maxLength: 30 }),
    )
    .map(([kind, lines]) => ({ kind, mutation: 'random text', bytes: enc.encode(lines.join('\n')) }));
  const deep = fc.tuple(fc.constantFrom<FuzzCase['kind']>('percent', 'markdown', 'myst', 'quarto'), fc.integer({ min: 900, max: 20_000 })).map(([kind, d]) => {
    const header =
      kind === 'percent'
        ? `# ---\n# jupyter:\n#   a: ${'['.repeat(d)}${']'.repeat(d)}\n# ---\n\n# %%\nx = 1\n`
        : `---\njupyter:\n  a: ${'['.repeat(d)}${']'.repeat(d)}\n---\n\nx\n`;
    return { kind, mutation: 'deep YAML', bytes: enc.encode(header) };
  });
  if (texts.length === 0) return fc.oneof(random, deep);
  const mutated = fc.tuple(fc.nat(texts.length - 1), fc.nat(), fc.constantFrom(...LINES)).map(([k, at, line]) => {
    const { kind, text } = texts[k]!;
    const lines = text.split('\n');
    lines.splice(at % (lines.length + 1), 0, line);
    return { kind, mutation: 'text line inserted', bytes: enc.encode(lines.join('\n')) };
  });
  const cut = fc.tuple(fc.nat(texts.length - 1), fc.nat()).map(([k, at]) => {
    const { kind, text } = texts[k]!;
    return { kind, mutation: 'text truncated', bytes: enc.encode(text.slice(0, at % (text.length + 1))) };
  });
  return fc.oneof(random, deep, mutated, cut);
}

/** Every kind of input; `hugeMax`: the longest huge string (2 MB by default). */
export function fuzzCases(hugeMax = 2_000_000): fc.Arbitrary<FuzzCase> {
  const { notebooks, texts } = seeds();
  return fc.oneof(
    { weight: 3, arbitrary: fc.nat(notebooks.length - 1).chain((k) => notebookCase(notebooks[k]!, hugeMax)) },
    { weight: 1, arbitrary: textCase(texts) },
  );
}

export const decoder = new TextDecoder();
export const EMPTY: Notebook = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };

/** The notebook's problems under its own version, as `nbgit validate` reports them. */
export function problems(text: string): string[] {
  try {
    return validateNotebook(fromIpynb(text, { legacy: 'keep', check: false })).map((i) => `${i.path}: ${i.message}`);
  } catch (e) {
    return [isNbgitError(e) ? e.message : String(e)];
  }
}

/**
 * Runs one input through every library function; returns what broke an invariant. An error
 * that is not an NbgitError breaks it; so does a written notebook that does not validate
 * under its own version when the input did.
 */
export function checkLibrary(c: FuzzCase): Finding[] {
  const found: Finding[] = [];
  const run = <T>(target: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!isNbgitError(e))
        found.push({ target, mutation: c.mutation, problem: `untyped ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, input: c.bytes });
      return undefined;
    }
  };
  let nb: Notebook | undefined;
  if (c.kind === 'ipynb') {
    nb = run('fromIpynb', () => fromIpynb(c.bytes, { file: 'fuzz.ipynb' }));
    run('fromIpynb keep', () => fromIpynb(c.bytes, { legacy: 'keep' }));
    const loose = run('fromIpynb unchecked', () => fromIpynb(c.bytes, { legacy: 'keep', check: false }));
    if (loose !== undefined) run('validateNotebook', () => validateNotebook(loose));
  } else {
    const text = decoder.decode(c.bytes);
    const read = { percent: fromPercent, markdown: fromMarkdown, light: fromLight, myst: fromMyst, quarto: fromQuarto, databricks: fromDatabricks }[c.kind];
    nb = run(`from ${c.kind}`, () => read(text, { file: `fuzz.${c.kind}` }));
    // the registry's reader, by extension (what convert uses)
    const ext = { percent: 'py', markdown: 'md', light: 'py', myst: 'md', quarto: 'qmd', databricks: 'py' }[c.kind];
    run(`readText ${c.kind}`, () => readText(c.bytes, c.kind, { file: `fuzz.${ext}` }));
  }
  if (nb === undefined) return found;
  const input = c.kind === 'ipynb' ? decoder.decode(c.bytes) : undefined;
  const inputValid = input === undefined ? true : problems(input).length === 0;
  const written = (target: string, f: () => string) => {
    const out = run(target, f);
    if (out === undefined || !inputValid) return;
    const p = problems(out);
    if (p.length > 0) found.push({ target, mutation: c.mutation, problem: `wrote an invalid notebook: ${p[0]}`, input: c.bytes });
  };
  const n = nb;
  written('toIpynb', () => toIpynb(n));
  written('toIpynb canonical', () => toIpynb(n, { canonical: true }));
  written('strip', () => toIpynb(strip(n)));
  written('mergeNotebooks', () => toIpynb(mergeNotebooks({ base: EMPTY, local: n, remote: n }).notebook));
  written('mergeNotebooks (one side edited)', () => toIpynb(mergeNotebooks({ base: n, local: n, remote: strip(n) }).notebook));
  run('diffNotebooks', () => renderTerminal(diffNotebooks(EMPTY, n), { color: false }));
  run('notebookText', () => notebookText(n));
  const pct = run('toPercent', () => toPercent(n));
  if (pct !== undefined) run('fromPercent (round trip)', () => fromPercent(pct));
  const md = run('toMarkdown', () => toMarkdown(n));
  if (md !== undefined) run('fromMarkdown (round trip)', () => fromMarkdown(md));
  const light = run('toLight', () => toLight(n));
  if (light !== undefined) run('fromLight (round trip)', () => fromLight(light));
  const myst = run('toMyst', () => toMyst(n));
  if (myst !== undefined) run('fromMyst (round trip)', () => fromMyst(myst));
  const qmd = run('toQuarto', () => toQuarto(n));
  if (qmd !== undefined) run('fromQuarto (round trip)', () => fromQuarto(qmd));
  const dbx = run('toDatabricks', () => toDatabricks(n));
  if (dbx !== undefined) run('fromDatabricks (round trip)', () => fromDatabricks(dbx));
  return found;
}

/** Exit codes the README documents. */
export const DOCUMENTED = new Set([0, 1, 2, 3]);

/**
 * The CLI commands run on each input: [name, args, whether it writes FILE]. In args, FILE is
 * the input, `<FILE` gives it on stdin instead; BASE.ipynb is an empty notebook and
 * SCRIPT.py a one-cell percent script beside it.
 */
const COMMANDS: Array<[string, string[], boolean]> = [
  ['validate', ['validate', 'FILE'], false],
  ['fmt', ['fmt', 'FILE'], true],
  ['fmt --upgrade', ['fmt', '--upgrade', 'FILE'], true],
  ['fmt --check', ['fmt', '--check', 'FILE'], false],
  ['strip', ['strip', 'FILE'], true],
  ['strip --check', ['strip', '--check', 'FILE'], false],
  ['convert --to percent', ['convert', 'FILE', '--to', 'percent', '-o', 'OUT.py'], false],
  ['convert --to md', ['convert', 'FILE', '--to', 'md', '-o', 'OUT.md'], false],
  ['convert --to myst', ['convert', 'FILE', '--to', 'myst', '-o', 'OUT.md'], false],
  ['convert --update', ['convert', 'SCRIPT.py', '--to', 'ipynb', '--update', 'FILE'], true],
  ['merge', ['merge', 'BASE.ipynb', 'FILE', 'BASE.ipynb', '-o', 'OUT.ipynb'], false],
  ['merge-driver', ['merge-driver', 'BASE.ipynb', 'FILE', 'BASE.ipynb', '7', 'in.ipynb'], true],
  ['diff', ['diff', 'BASE.ipynb', 'FILE'], false],
  ['textconv', ['textconv', 'FILE'], false],
  // git's external diff driver: seven arguments, nine for a rename, /dev/null for a missing side
  ['diff-driver', ['diff-driver', 'in.ipynb', 'BASE.ipynb', '.', '100644', 'FILE', '.', '100644'], false],
  ['diff-driver --json', ['diff-driver', '--json', 'in.ipynb', 'FILE', '.', '100644', 'BASE.ipynb', '.', '100644'], false],
  ['diff-driver (new file)', ['diff-driver', 'in.ipynb', '/dev/null', '.', '.', 'FILE', '.', '100644'], false],
  [
    'diff-driver (rename)',
    [
      'diff-driver',
      'old.ipynb',
      'BASE.ipynb',
      '.',
      '100644',
      'FILE',
      '.',
      '100755',
      'in.ipynb',
      'similarity index 90%\nrename from old.ipynb\nrename to in.ipynb\n',
    ],
    false,
  ],
  ['clean', ['clean', 'in.ipynb', '<FILE'], false],
  ['cells cat', ['cells', 'cat', 'FILE'], false],
  ['cells set', ['cells', 'set', 'FILE', '0', 'x = 1'], true],
  ['params', ['params', 'FILE'], false],
  ['params -p', ['params', 'FILE', '-p', 'alpha', '1'], true],
];

/** The commands a text input goes through (as .py/.md/.qmd). */
const TEXT_COMMANDS = new Set(['validate', 'convert --to percent', 'convert --to md', 'convert --to myst']);

export const BIN = join(repoRoot, 'packages/cli/bin/nbgit.js');

/** What an untyped error prints: nbgit's "internal error" line, or a stack frame. */
export const STACK = /internal error|\n\s+at .+:\d+:\d+\)?\n/;

/**
 * Runs the CLI commands on one input in a fresh folder; returns what broke an invariant:
 * an undocumented exit code, a stack trace or "internal error", a file changed by a command
 * that failed, or a notebook written that does not validate when the input did.
 */
export function checkCli(c: FuzzCase, commands = COMMANDS): Finding[] {
  const found: Finding[] = [];
  const ext = { ipynb: '.ipynb', percent: '.py', markdown: '.md', light: '.py', myst: '.md', quarto: '.qmd', databricks: '.py' }[c.kind];
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-fuzz-'));
  const valid = c.kind !== 'ipynb' || problems(decoder.decode(c.bytes)).length === 0;
  try {
    for (const [name, args, writes] of commands) {
      if (c.kind !== 'ipynb' && !TEXT_COMMANDS.has(name)) continue;
      const work = join(dir, name.replace(/\W+/g, '-'));
      mkdirSync(work);
      const file = join(work, `in${ext}`);
      writeFileSync(file, c.bytes);
      writeFileSync(join(work, 'BASE.ipynb'), toIpynb(EMPTY));
      writeFileSync(join(work, 'SCRIPT.py'), '# %%\nx = 1\n');
      const stdin = args.includes('<FILE');
      const argv = args.filter((a) => a !== '<FILE').map((a) => (a === 'FILE' ? file : a));
      if (c.kind !== 'ipynb' && name.startsWith('convert')) {
        argv.splice(argv.indexOf('--to') + 1, 1, 'ipynb');
        argv.splice(argv.indexOf('-o') + 1, 1, 'OUT.ipynb');
        // what the extension does not say
        if (c.kind === 'light' || c.kind === 'myst' || c.kind === 'databricks') argv.push('--from', c.kind);
      }
      const before = listing(work);
      const r = spawnSync(process.execPath, [BIN, ...argv], {
        cwd: work,
        encoding: 'utf8',
        input: stdin ? c.bytes : undefined,
        // diff and textconv of a huge input print more than spawnSync's 1 MB default
        maxBuffer: 1 << 30,
        env: { ...process.env, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: tmpdir() },
      });
      const bad = (problem: string) => found.push({ target: `nbgit ${name}`, mutation: c.mutation, problem, input: c.bytes });
      if (r.status === null || !DOCUMENTED.has(r.status)) bad(`exit ${r.status ?? r.signal}: ${r.stderr.slice(0, 300)}`);
      // git stops the whole diff when its diff driver exits non-zero: it says what it could not read, and exits 0
      else if (name.startsWith('diff-driver') && r.status !== 0) bad(`exit ${r.status} (git stops the diff): ${r.stderr.slice(0, 300)}`);
      if (STACK.test(r.stderr)) bad(`stack trace: ${r.stderr.slice(0, 300)}`);
      const after = listing(work);
      // exit 1 that is an answer, not a failure: a difference, a conflict, a file to fix
      const answer = r.status === 1 && (name === 'diff' || name === 'merge' || name === 'merge-driver' || name.endsWith('--check') || name === 'validate');
      // the merge driver writes its result (or git's text merge) into the local file, as git asks
      if (r.status !== 0 && !answer && after !== before) bad(`exit ${r.status} but files changed`);
      if (r.status === 0 && name !== 'merge-driver') {
        const out = writes ? file : join(work, 'OUT.ipynb');
        if (valid && existsSync(out)) {
          const p = problems(readFileSync(out, 'utf8'));
          if (p.length > 0) bad(`wrote an invalid notebook: ${p[0]}`);
        }
      }
      if (r.status === 0 && name === 'clean' && valid) {
        const p = problems(r.stdout);
        if (p.length > 0) bad(`wrote an invalid notebook: ${p[0]}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return found;
}

export function listing(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((n) => `${n}:${readFileSync(join(dir, n)).toString('base64')}`)
    .join('\n');
}
