// Strip options from git config, and install's command quoting.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installEntries, parseConfigZ, parseGitBoolean, readStripOptions, shellQuote, stripOptionsFromConfig } from '@nbgit/git';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('parseConfigZ: keys lower-cased, values kept, repeated keys collected, bare keys', () => {
  const e = parseConfigZ('nbgit.extraKeys\nmetadata.a cell.b\0nbgit.extrakeys\nmetadata.c\0nbgit.keepcount\0');
  assert.equal(e.get('nbgit.extrakeys'), ['metadata.a cell.b', 'metadata.c']);
  assert.is(parseGitBoolean(e.get('nbgit.keepcount')![0]!), true);
});

test("parseGitBoolean follows git's rules", () => {
  for (const t of ['true', 'Yes', 'on', '1', '7']) assert.is(parseGitBoolean(t), true, t);
  for (const f of ['false', 'NO', 'off', '0', '']) assert.is(parseGitBoolean(f), false, f);
  assert.is(parseGitBoolean('maybe'), undefined);
});

test('stripOptionsFromConfig maps every key, warns about bad values', () => {
  const warnings: string[] = [];
  const e = parseConfigZ(
    [
      'nbgit.keepoutput\nyes',
      'nbgit.keepcount\nperhaps',
      'nbgit.sequentialids\ntrue',
      'nbgit.extrakeys\nmetadata.a bogus',
      'nbgit.extrakeys\ncell.metadata.tags',
      'nbgit.keepmetadatakeys\ncell.metadata.collapsed',
      'nbgit.maxsize\n10k',
      'nbgit.keepoutputtypes\nstream:stderr error',
      'nbgit.dropoutputtypes\ndisplay_data',
      'nbgit.dropemptycells\non',
      'nbgit.droptaggedcells\nscratch private',
      'nbgit.stripinitcells\n0',
      'nbgit.mergeoutputs\nlocal',
      'nbgit.keepcont\ntrue',
      '',
    ].join('\0'),
  );
  const o = stripOptionsFromConfig(e, (m) => warnings.push(m));
  assert.equal(o, {
    keepOutput: true,
    sequentialIds: true,
    extraKeys: ['metadata.a', 'bogus', 'cell.metadata.tags'],
    keepMetadataKeys: ['cell.metadata.collapsed'],
    maxSize: 10000,
    keepOutputTypes: ['stream:stderr', 'error'],
    dropOutputTypes: ['display_data'],
    dropEmptyCells: true,
    dropTaggedCells: ['scratch', 'private'],
    stripInitCells: false,
  });
  assert.is(warnings.length, 4);
  // a key nbgit does not know is named, with the closest known one when there is one
  assert.is(warnings[0], 'unknown git config key nbgit.mergeoutputs; it is ignored');
  assert.is(warnings[1], 'unknown git config key nbgit.keepcont (did you mean nbgit.keepCount?); it is ignored');
  assert.match(warnings[2]!, /nbgit\.keepCount/);
  assert.match(warnings[3]!, /`bogus`/);
});

test('readStripOptions reads a real repository config (all scopes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-config-'));
  try {
    const env = { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(dir, 'global') };
    const run = (...args: string[]) => spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    run('init', '-q');
    assert.equal(readStripOptions(dir, { env }), {});
    run('config', '--global', 'nbgit.extraKeys', 'metadata.g');
    run('config', 'nbgit.extraKeys', 'metadata.l');
    run('config', 'nbgit.keepCount', 'true');
    assert.equal(readStripOptions(dir, { env }), { keepCount: true, extraKeys: ['metadata.g', 'metadata.l'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shellQuote: plain paths unquoted, spaces and quotes made safe for sh', () => {
  assert.is(shellQuote(['/usr/bin/node', '/a/b-c_d.js']), '/usr/bin/node /a/b-c_d.js');
  assert.is(shellQuote(['/my dir/node', "/it's/x.js"]), "'/my dir/node' '/it'\\''s/x.js'");
  const value = installEntries(['/sp ace/node', '/b$x/n.js']).find((e) => e.key === 'filter.nbgit.process')!.value;
  const echoed = spawnSync('sh', ['-c', `printf '%s\\n' ${value}`], { encoding: 'utf8' }).stdout;
  assert.is(echoed, '/sp ace/node\n/b$x/n.js\nfilter-process\n');
});

test.run();
