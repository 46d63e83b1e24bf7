// The codecs of git's wire formats (src/models), without a repository: pkt-line, raw diff,
// cat-file --batch, check-attr -z, config -z. The inputs are what git writes, as documented
// at the top of each codec.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  encodeCatFileRequest,
  encodeContent,
  encodedContentLength,
  encodeList,
  encodeText,
  FLUSH,
  isZero,
  MAX_PAYLOAD,
  parseCatFileBatch,
  parseCheckAttr,
  parseConfigOriginZ,
  parseConfigZ,
  parsePktLength,
  parseRawDiff,
  pktHeader,
  writeContent,
} from '../src/models/index.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

test('pkt-line: the length includes the 4 header bytes, lowercase hex, final newline', () => {
  assert.is(text(encodeText('version=2')), '000eversion=2\n');
  assert.is(text(encodeText('git-filter-server')), '0016git-filter-server\n');
  assert.is(text(encodeList(['a', 'b'])), '0006a\n0006b\n0000');
  assert.is(text(FLUSH), '0000');
  assert.is(text(pktHeader(65516)), 'fff0');
  assert.throws(() => encodeText('x'.repeat(MAX_PAYLOAD)), /too long/);
  assert.is(parsePktLength(bytes('00fF'), 0), 255);
  assert.throws(() => parsePktLength(bytes('00g0'), 0), /bad pkt-line length "00g0"/);
});

test('pkt-line: content splits at 65516 bytes; empty content gives no packet; writeContent = encodeContent', () => {
  const data = new Uint8Array(100000).fill(120);
  const parts = encodeContent(data);
  assert.equal(parts.filter((_, i) => i % 2 === 0).map(text), ['fff0', '86b8']);
  assert.is(parts[1]!.length, 65516);
  assert.is(parts[3]!.length, 34484);
  assert.equal(encodeContent(new Uint8Array(0)), []);
  assert.is(encodeContent(new Uint8Array(MAX_PAYLOAD)).length, 2);
  for (const n of [0, 1, MAX_PAYLOAD, MAX_PAYLOAD + 1, 100000]) {
    const content = data.subarray(0, n);
    const out = new Uint8Array(encodedContentLength(n));
    assert.is(writeContent(out, 0, content), out.length);
    const joined = encodeContent(content);
    assert.equal(
      [...out],
      joined.flatMap((p) => [...p]),
    );
  }
});

test('raw diff: modified, added, deleted, renamed with score, unmerged; paths with spaces and newlines', () => {
  const z = '0000000000000000000000000000000000000000';
  const a = '5716ca5987cbf97d6bb54920bea6adde242d87e6';
  const b = '9e26dfeeb6e641a33dae4961196235bdb965b21b';
  const out = [
    `:100644 100644 ${a} ${z} M`,
    'a b.ipynb',
    `:000000 100644 ${z} ${b} A`,
    'new\nline.ipynb',
    `:100644 000000 ${a} ${z} D`,
    'gone.ipynb',
    `:100644 100755 ${a} ${b} R086`,
    'old.ipynb',
    'dir/new.ipynb',
    `:000000 000000 ${z} ${z} U`,
    'conflict.ipynb',
    '',
  ].join('\0');
  const list = parseRawDiff(out);
  assert.equal(
    list.map((c) => [c.status, c.oldPath, c.path, c.score]),
    [
      ['M', 'a b.ipynb', 'a b.ipynb', undefined],
      ['A', 'new\nline.ipynb', 'new\nline.ipynb', undefined],
      ['D', 'gone.ipynb', 'gone.ipynb', undefined],
      ['R', 'old.ipynb', 'dir/new.ipynb', 86],
      ['U', 'conflict.ipynb', 'conflict.ipynb', undefined],
    ],
  );
  assert.equal(list[3], { oldMode: '100644', newMode: '100755', oldSha: a, newSha: b, status: 'R', score: 86, oldPath: 'old.ipynb', path: 'dir/new.ipynb' });
  assert.ok(isZero(list[0]!.newSha) && isZero('000000') && !isZero(a));
  assert.equal(parseRawDiff(''), []);
  // a record cut short (no paths) is not read
  assert.equal(parseRawDiff(`:100644 100644 ${a} ${b} R100\0only-old.ipynb\0`), []);
});

test('cat-file --batch: contents by id (binary, with newlines), missing objects left out', () => {
  assert.is(encodeCatFileRequest(['a1', 'b2']), 'a1\nb2\n');
  assert.is(encodeCatFileRequest([]), '');
  const payload = new Uint8Array([0, 10, 255, 10]);
  const reply = new Uint8Array([...bytes('a1 blob 4\n'), ...payload, 10, ...bytes('zz missing\n'), ...bytes('b2 blob 0\n'), 10]);
  const objects = parseCatFileBatch(reply);
  assert.equal([...objects.keys()], ['a1', 'b2']);
  assert.equal([...objects.get('a1')!], [...payload]);
  assert.is(objects.get('b2')!.length, 0);
});

test('check-attr -z: path -> attribute -> value', () => {
  const out = 'a.ipynb\0filter\0nbgit\0a.ipynb\0diff\0unspecified\0b c.ipynb\0filter\0set\0';
  const m = parseCheckAttr(out);
  assert.equal(m.get('a.ipynb'), { filter: 'nbgit', diff: 'unspecified' });
  assert.equal(m.get('b c.ipynb'), { filter: 'set' });
  assert.is(parseCheckAttr('').size, 0);
});

test('config -z: keys lower-cased, repeated keys in order, bare keys, values with newlines; with scope and origin', () => {
  const e = parseConfigZ('nbgit.extraKeys\nmetadata.a\0nbgit.extrakeys\nline1\nline2\0nbgit.keepoutput\0');
  assert.equal([...e.keys()], ['nbgit.extrakeys', 'nbgit.keepoutput']);
  assert.equal(e.get('nbgit.extrakeys'), ['metadata.a', 'line1\nline2']);
  assert.is(e.get('nbgit.keepoutput')![0], '\u0000bare');
  const withKey = parseConfigOriginZ('local\0file:.git/config\0nbgit.keepoutput\ntrue\0command\0command line:\0merge.conflictstyle\ndiff3\0', {
    withKey: true,
  });
  assert.equal(withKey, [
    { key: 'nbgit.keepoutput', value: 'true', scope: 'local', origin: '.git/config' },
    { key: 'merge.conflictstyle', value: 'diff3', scope: 'command', origin: 'command line:' },
  ]);
  assert.equal(parseConfigOriginZ('global\0file:/h/.gitconfig\0x y\0', { withKey: false, key: 'diff.nbgit.command' }), [
    { key: 'diff.nbgit.command', value: 'x y', scope: 'global', origin: '/h/.gitconfig' },
  ]);
});

test.run();
