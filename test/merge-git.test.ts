/**
 * End-to-end tests of the merge driver under real git: `nbgit install` in a temp repository,
 * then `git merge`, `git rebase`, `git cherry-pick` and `git stash pop`, on every merge
 * scenario of ../shared/fixtures/merge-scenarios, on every case of fixtures/merges, and on
 * notebooks written here (the conflict path, text fallback for a broken notebook, add/add of
 * 4.4 notebooks, modify/delete, marker size).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cell, joinSource, type Notebook } from '@nbgit/core';
import { fromIpynb, toIpynb, validateNotebook } from '@nbgit/ipynb';
import { code, isolatedGitEnv, md, nb, nbgitBin, PYTHON_KERNEL, sharedMissing, sharedPath, skipTest, stream } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFixture, checkMerge, type FixtureExpect, fixtureNames, fixturesDir, readExpect, side } from './merge-expect.js';

const BIN = nbgitBin;
const ENV = isolatedGitEnv('nbgit-merge-home-');
const home = ENV.HOME as string;
const temps: string[] = [home];

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8' });
}
function git(args: string[], cwd: string, ok: number[] = [0]): SpawnSyncReturns<string> {
  const r = run('git', args, cwd);
  if (!ok.includes(r.status ?? -1)) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r;
}

/**
 * A temp repository with nbgit installed; outputs kept so the driver sees them. With
 * `filter: false` the clean filter is switched off in .git/info/attributes, so git stores the
 * exact bytes given (the driver then sees the fixtures as they are).
 */
function repo(options: { filter?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-merge-'));
  temps.push(dir);
  git(['init', '-q', '-b', 'main'], dir);
  const r = run(process.execPath, [BIN, 'install'], dir);
  assert.is(r.status, 0, r.stderr);
  git(['config', 'nbgit.keepOutput', 'true'], dir);
  git(['config', 'nbgit.keepCount', 'true'], dir);
  if (options.filter === false) writeFileSync(join(dir, '.git', 'info', 'attributes'), '*.ipynb -filter\n');
  git(['add', '.gitattributes'], dir);
  git(['commit', '-q', '-m', 'attributes'], dir);
  return dir;
}

function commitFile(dir: string, content: string | Buffer, message: string, name = 'nb.ipynb'): void {
  writeFileSync(join(dir, name), content);
  git(['add', name], dir);
  git(['commit', '-q', '-m', message], dir);
}

/** base on main, remote on branch `remote`, local on main; returns the repo. */
function threeWay(base: string | Buffer, local: string | Buffer, remote: string | Buffer, options: { filter?: boolean } = {}): string {
  const dir = repo(options);
  commitFile(dir, base, 'base');
  git(['checkout', '-q', '-b', 'remote'], dir);
  commitFile(dir, remote, 'remote');
  git(['checkout', '-q', 'main'], dir);
  commitFile(dir, local, 'local');
  return dir;
}

/** A 4.5 notebook with a Python kernel. */
const pyNb = (cells: Cell[]): Notebook => nb(cells, 5, PYTHON_KERNEL);

const baseNb = () =>
  pyNb([
    md('# Title', { id: 'title' }),
    code('import math', { id: 'imports' }),
    code('x = math.sqrt(16)\nprint(x)', { id: 'compute', execution_count: 1, outputs: [stream('4.0\n')] }),
    code('y = x + 1\nprint(y)', { id: 'more', execution_count: 2, outputs: [stream('5.0\n')] }),
    md('The end.', { id: 'outro' }),
  ]);
const edit = (f: (n: Notebook) => void) => {
  const n = baseNb();
  f(n);
  return toIpynb(n);
};
const cellSource = (n: Notebook, id: string) => joinSource(n.cells.find((c) => c.id === id)?.source);

// --- every scenario under a real git merge ---------------------------------------------------

const scenarios = sharedPath('fixtures', 'merge-scenarios');
const names =
  scenarios === undefined || !existsSync(scenarios)
    ? []
    : readdirSync(scenarios)
        .filter((d) => existsSync(join(scenarios, d, 'expect.json')))
        .sort();
for (const name of names) {
  test(`git merge: ${name}`, () => {
    const d = join(scenarios!, name);
    const read = (f: string) => readFileSync(join(d, f));
    const dir = threeWay(read('base.ipynb'), read('local.ipynb'), read('remote.ipynb'), { filter: false });
    const r = git(['merge', '-q', '--no-edit', 'remote'], dir, [0, 1]);
    const conflicted = r.status === 1;
    if (conflicted) assert.match(r.stdout + r.stderr, 'CONFLICT (content): Merge conflict in nb.ipynb');
    const text = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
    const problems = checkMerge(text, conflicted, readExpect(d));
    assert.equal(problems, [], `${name}:\n  ${problems.join('\n  ')}\n${r.stdout}${r.stderr}`);
  });
}
if (names.length === 0) skipTest(test, 'git merge of the shared merge scenarios', sharedMissing());

// --- this project's own merge cases (fixtures/merges) under a real git merge -------------------

for (const name of fixtureNames) {
  test(`git merge: fixtures/merges/${name}`, () => {
    const d = join(fixturesDir, name);
    const read = (f: string) => readFileSync(join(d, f));
    const expect = JSON.parse(read('expect.json').toString('utf8')) as FixtureExpect;
    let dir: string;
    if (read('base.ipynb').length === 0) {
      // add/add: both branches add the file
      dir = repo({ filter: false });
      git(['checkout', '-q', '-b', 'remote'], dir);
      commitFile(dir, read('remote.ipynb'), 'remote adds');
      git(['checkout', '-q', 'main'], dir);
      commitFile(dir, read('local.ipynb'), 'local adds');
    } else dir = threeWay(read('base.ipynb'), read('local.ipynb'), read('remote.ipynb'), { filter: false });
    const r = git(['merge', '-q', '--no-edit', 'remote'], dir, [0, 1]);
    const conflicted = r.status === 1;
    if (conflicted) assert.match(r.stdout + r.stderr, /CONFLICT \((content|add\/add)\): Merge conflict in nb.ipynb/);
    const text = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
    const problems = checkFixture(text, conflicted, expect, side(d, 'local.ipynb'), side(d, 'remote.ipynb').nb);
    assert.equal(problems, [], `${name}:\n  ${problems.join('\n  ')}\n${r.stdout}${r.stderr}`);
  });
}

// --- clean merge, conflict path ----------------------------------------------------------------

test('git merge: edits in different cells merge cleanly; untouched cells keep their bytes', () => {
  const local = edit((n) => {
    n.cells[1]!.source = 'import math\nimport os';
  });
  const remote = edit((n) => {
    n.cells[3]!.source = 'y = x + 2\nprint(y)';
  });
  const dir = threeWay(toIpynb(baseNb()), local, remote);
  const r = git(['merge', '--no-edit', 'remote'], dir, [0, 1]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  const text = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  const merged = fromIpynb(text);
  assert.is(cellSource(merged, 'imports'), 'import math\nimport os');
  assert.is(cellSource(merged, 'more'), 'y = x + 2\nprint(y)');
  // the merged file is local's file with only remote's cell rewritten
  const expected = local.replace('"y = x + 1\\n"', '"y = x + 2\\n"');
  assert.is(text, expected);
  assert.is(git(['status', '--porcelain'], dir).stdout, '');
});

test('git merge: a true conflict is reported by git, the file opens, markers only in that cell', () => {
  const local = edit((n) => {
    n.cells[2]!.source = 'x = math.sqrt(25)\nprint(x)';
    n.cells[0]!.source = '# Title (local)';
  });
  const remote = edit((n) => {
    n.cells[2]!.source = 'x = math.sqrt(36)\nprint(x)';
    n.cells[4]!.source = 'The end (remote).';
  });
  const dir = threeWay(toIpynb(baseNb()), local, remote);
  const r = git(['merge', '--no-edit', 'remote'], dir, [0, 1]);
  assert.is(r.status, 1);
  assert.match(r.stdout, 'CONFLICT (content): Merge conflict in nb.ipynb');
  assert.match(r.stderr, 'conflict in cell 2 (id compute)');
  assert.match(git(['status', '--porcelain'], dir).stdout, 'UU nb.ipynb');
  const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  assert.equal(validateNotebook(merged), []);
  assert.is(cellSource(merged, 'compute'), '<<<<<<< local\nx = math.sqrt(25)\n=======\nx = math.sqrt(36)\n>>>>>>> remote\nprint(x)');
  assert.is(cellSource(merged, 'title'), '# Title (local)');
  assert.is(cellSource(merged, 'outro'), 'The end (remote).');
  for (const c of merged.cells) if (c.id !== 'compute') assert.not.match(joinSource(c.source), '<<<<<<<');
  const flag = (merged.cells[2]!.metadata as { nbgit?: { conflicts?: Array<{ kind: string }> } }).nbgit;
  assert.is(flag?.conflicts?.[0]?.kind, 'source');
  // resolve and commit like any conflict
  const fixed = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  fixed.cells[2]!.source = 'x = math.sqrt(49)\nprint(x)';
  delete (fixed.cells[2]!.metadata as Record<string, unknown>).nbgit;
  writeFileSync(join(dir, 'nb.ipynb'), toIpynb(fixed));
  git(['add', 'nb.ipynb'], dir);
  git(['commit', '-q', '--no-edit'], dir);
  assert.is(git(['status', '--porcelain'], dir).stdout, '');
});

test('git merge: conflict-marker-size attribute sets the marker length', () => {
  const local = edit((n) => {
    n.cells[1]!.source = 'import math as m';
  });
  const remote = edit((n) => {
    n.cells[1]!.source = 'import math as mt';
  });
  const dir = threeWay(toIpynb(baseNb()), local, remote);
  writeFileSync(join(dir, '.gitattributes'), `${readFileSync(join(dir, '.gitattributes'), 'utf8')}*.ipynb conflict-marker-size=12\n`);
  git(['commit', '-q', '-am', 'marker size'], dir);
  git(['merge', '--no-edit', 'remote'], dir, [1]);
  const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  assert.is(cellSource(merged, 'imports'), `${'<'.repeat(12)} local\nimport math as m\n${'='.repeat(12)}\nimport math as mt\n${'>'.repeat(12)} remote`);
});

test('git merge: a broken notebook falls back to git merge-file with a message; no side lost', () => {
  const dir = repo();
  commitFile(dir, toIpynb(baseNb()), 'base');
  git(['checkout', '-q', '-b', 'remote'], dir);
  // a broken file, committed past the clean filter (which refuses it)
  const broken = toIpynb(baseNb())
    .replace('"# Title"', '"# Title REMOTE"')
    .replace(/\}\s*$/, '');
  writeFileSync(join(dir, '.git', 'info', 'attributes'), '*.ipynb -filter\n');
  commitFile(dir, broken, 'broken remote');
  rmSync(join(dir, '.git', 'info', 'attributes'));
  git(['checkout', '-q', '-f', 'main'], dir);
  commitFile(
    dir,
    edit((n) => {
      n.cells[4]!.source = 'The end (local).';
    }),
    'local',
  );
  const r = git(['merge', '--no-edit', 'remote'], dir, [0, 1]);
  assert.match(r.stderr, /nb\.ipynb: the remote version is not a notebook we can merge \(line \d+, column \d+: invalid JSON/);
  assert.not.match(r.stderr, '.merge_file_');
  assert.match(r.stderr, 'git merge-file');
  const text = readFileSync(join(dir, 'nb.ipynb'), 'utf8');
  assert.ok(text.includes('The end (local).'), 'local edit kept');
  assert.ok(text.includes('# Title REMOTE'), 'remote edit kept');
});

test('git merge: add/add (no common ancestor) merges the two notebooks cell by cell', () => {
  const dir = repo();
  git(['checkout', '-q', '-b', 'remote'], dir);
  commitFile(
    dir,
    edit((n) => {
      n.cells[4]!.source = 'The end (remote).';
    }),
    'remote adds',
  );
  git(['checkout', '-q', 'main'], dir);
  commitFile(
    dir,
    edit((n) => {
      n.cells[0]!.source = '# Title (local)';
    }),
    'local adds',
  );
  const r = git(['merge', '--no-edit', 'remote'], dir, [0, 1]);
  const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  assert.equal(validateNotebook(merged), []);
  assert.is(merged.cells.length, 5);
  // without a base, cells both sides changed differently are conflicts, shown in the cell
  assert.is(r.status, 1);
  assert.match(cellSource(merged, 'title'), '# Title (local)');
  assert.match(cellSource(merged, 'outro'), 'The end (remote).');
  assert.is(cellSource(merged, 'compute'), 'x = math.sqrt(16)\nprint(x)');
});

test('git merge: add/add of 4.4 notebooks without ids that differ in one cell: one conflicted cell, not two (QA F11)', () => {
  const v44 = (x: string) => {
    const n = baseNb();
    n.nbformat_minor = 4;
    for (const c of n.cells) delete c.id;
    n.cells[2]!.source = x;
    return toIpynb(n);
  };
  for (const [l, r] of [
    ['x = math.sqrt(16)\nprint(x)', 'x = math.sqrt(25)\nprint(x)'],
    ['x = 4', 'x = math.pi'],
  ] as const) {
    const dir = repo();
    git(['checkout', '-q', '-b', 'remote'], dir);
    commitFile(dir, v44(r), 'remote adds');
    git(['checkout', '-q', 'main'], dir);
    commitFile(dir, v44(l), 'local adds');
    const res = git(['merge', '--no-edit', 'remote'], dir, [0, 1]);
    assert.is(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stdout, 'CONFLICT (add/add): Merge conflict in nb.ipynb');
    assert.match(res.stderr, 'nb.ipynb: conflict in cell 2:');
    const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
    assert.equal(validateNotebook(merged), []);
    assert.is(merged.nbformat_minor, 4);
    assert.is(merged.cells.length, 5);
    assert.ok(merged.cells.every((c) => c.id === undefined));
    const s = joinSource(merged.cells[2]!.source);
    assert.ok(s.startsWith('<<<<<<< local\n') && s.includes(l.split('\n')[0]!) && s.includes(r.split('\n')[0]!), s);
    assert.ok((merged.cells[2]!.metadata as { nbgit?: unknown }).nbgit);
    for (const i of [0, 1, 3, 4]) assert.not.match(joinSource(merged.cells[i]!.source), '<<<<<<<');
    // git diff of the conflicted state works
    assert.is(git(['diff'], dir).status, 0);
  }
});

test("git merge: modify/delete of a notebook is git's own conflict; nothing of nbgit fails", () => {
  for (const deleter of ['remote', 'main']) {
    const dir = repo();
    commitFile(dir, toIpynb(baseNb()), 'base');
    git(['checkout', '-q', '-b', 'remote'], dir);
    if (deleter === 'remote') {
      git(['rm', '-q', 'nb.ipynb'], dir);
      git(['commit', '-q', '-m', 'delete'], dir);
    } else
      commitFile(
        dir,
        edit((n) => {
          n.cells[1]!.source = 'import math\nimport os';
        }),
        'modify',
      );
    git(['checkout', '-q', 'main'], dir);
    if (deleter === 'main') {
      git(['rm', '-q', 'nb.ipynb'], dir);
      git(['commit', '-q', '-m', 'delete'], dir);
    } else
      commitFile(
        dir,
        edit((n) => {
          n.cells[1]!.source = 'import math\nimport os';
        }),
        'modify',
      );
    const r = git(['merge', '--no-edit', 'remote'], dir, [1]);
    assert.match(r.stdout, 'CONFLICT (modify/delete): nb.ipynb deleted in');
    assert.not.match(r.stderr, 'nbgit');
    assert.match(git(['status', '--porcelain'], dir).stdout, deleter === 'remote' ? 'UD nb.ipynb' : 'DU nb.ipynb');
    // the modified version is left in the tree, as a valid notebook with the edit
    const kept = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
    assert.equal(validateNotebook(kept), []);
    assert.is(cellSource(kept, 'imports'), 'import math\nimport os');
    const d = git(['diff'], dir);
    assert.not.match(d.stderr, 'nbgit');
    // resolved either way like any modify/delete
    git(['add', 'nb.ipynb'], dir);
    git(['commit', '-q', '--no-edit'], dir);
    assert.is(git(['status', '--porcelain'], dir).stdout, '');
  }
});

// --- rebase, cherry-pick, stash pop ----------------------------------------------------------------

test('git rebase uses the driver', () => {
  const dir = threeWay(
    toIpynb(baseNb()),
    edit((n) => {
      n.cells[1]!.source = 'import math\nimport os';
    }),
    edit((n) => {
      n.cells[3]!.source = 'y = x + 2\nprint(y)';
    }),
  );
  git(['checkout', '-q', 'remote'], dir);
  git(['rebase', '-q', 'main'], dir);
  const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  assert.is(cellSource(merged, 'imports'), 'import math\nimport os');
  assert.is(cellSource(merged, 'more'), 'y = x + 2\nprint(y)');
});

test('git cherry-pick uses the driver', () => {
  const dir = threeWay(
    toIpynb(baseNb()),
    edit((n) => {
      n.cells[1]!.source = 'import math\nimport os';
    }),
    edit((n) => {
      n.cells[3]!.source = 'y = x + 2\nprint(y)';
      n.cells.splice(4, 0, code('z = y * 2', { id: 'z' }));
    }),
  );
  git(['cherry-pick', 'remote'], dir);
  const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  assert.equal(
    merged.cells.map((c) => c.id),
    ['title', 'imports', 'compute', 'more', 'z', 'outro'],
  );
  assert.is(cellSource(merged, 'imports'), 'import math\nimport os');
  assert.is(cellSource(merged, 'more'), 'y = x + 2\nprint(y)');
});

test('git stash pop uses the driver', () => {
  const dir = repo();
  commitFile(dir, toIpynb(baseNb()), 'base');
  // uncommitted work, stashed
  writeFileSync(
    join(dir, 'nb.ipynb'),
    edit((n) => {
      n.cells[3]!.source = 'y = x + 2\nprint(y)';
    }),
  );
  git(['stash', '-q'], dir);
  commitFile(
    dir,
    edit((n) => {
      n.cells[1]!.source = 'import math\nimport os';
    }),
    'upstream change',
  );
  git(['stash', 'pop', '-q'], dir);
  const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  assert.is(cellSource(merged, 'imports'), 'import math\nimport os');
  assert.is(cellSource(merged, 'more'), 'y = x + 2\nprint(y)');
});

test('git merge: execution counts changed on both sides resolve without a conflict (local by default)', () => {
  const local = edit((n) => {
    (n.cells[2] as { execution_count: number }).execution_count = 7;
  });
  const remote = edit((n) => {
    (n.cells[2] as { execution_count: number }).execution_count = 9;
  });
  const dir = threeWay(toIpynb(baseNb()), local, remote);
  const r = git(['merge', '--no-edit', 'remote'], dir, [0, 1]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  const merged = fromIpynb(readFileSync(join(dir, 'nb.ipynb')));
  assert.is((merged.cells[2] as { execution_count: number }).execution_count, 7);
});

test.after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

test.run();
