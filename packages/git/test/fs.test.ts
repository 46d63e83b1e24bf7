// writeFileAtomic encodes and compares a large text piece by piece: the bytes must be those
// of the whole text encoded at once (a surrogate pair across a piece boundary included), and
// text given in parts is written as their concatenation.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@nbgit/git';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const dir = mkdtempSync(join(tmpdir(), 'nbgit-fs-'));

// 4 Mi UTF-16 units are encoded at a time: put a pair, a lone surrogate and non-ASCII around each boundary
const piece = 1 << 22;
const text = `${'a'.repeat(piece - 1)}😀${'é'.repeat(piece - 2)}\ud800${'b'.repeat(piece)}😀\udc00 end`;

test('a large text is written as its UTF-8 bytes, and not written again when unchanged', () => {
  const file = join(dir, 'large.txt');
  assert.ok(writeFileAtomic(file, text));
  const bytes = readFileSync(file);
  assert.ok(bytes.equals(Buffer.from(text, 'utf8')));
  const past = new Date(2000, 0, 1);
  utimesSync(file, past, past);
  assert.not.ok(writeFileAtomic(file, text));
  assert.is(statSync(file).mtimeMs, past.getTime());
  // the same size, one byte different near the end: written
  const other = `${text.slice(0, -3)}END`;
  assert.ok(writeFileAtomic(file, other));
  assert.ok(readFileSync(file).equals(Buffer.from(other, 'utf8')));
});

test('a file of the same size that differs in its first piece is replaced', () => {
  const file = join(dir, 'first.txt');
  writeFileSync(file, Buffer.from(`z${text.slice(1)}`, 'utf8'));
  assert.ok(writeFileAtomic(file, text));
  assert.ok(readFileSync(file).equals(Buffer.from(text, 'utf8')));
});

test('parts are written as their concatenation, and an unchanged file is found while they are written', () => {
  const file = join(dir, 'parts.txt');
  // parts made as they are taken (a generator), split across pieces and inside no pair
  const parts = function* () {
    for (let at = 0; at < text.length; ) {
      let end = Math.min(at + 1_000_003, text.length);
      if ((text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      yield text.slice(at, end);
      at = end;
    }
  };
  assert.ok(writeFileAtomic(file, parts()));
  assert.ok(readFileSync(file).equals(Buffer.from(text, 'utf8')));
  const past = new Date(2000, 0, 1);
  utimesSync(file, past, past);
  assert.not.ok(writeFileAtomic(file, parts()));
  assert.is(statSync(file).mtimeMs, past.getTime());
  // no temp file left beside it
  assert.equal(
    readdirSync(dir).filter((n) => n.includes('nbgit-')),
    [],
  );
  // longer, shorter, and one character different: written
  for (const other of [`${text}!`, text.slice(0, -4), `${text.slice(0, -3)}END`]) {
    assert.ok(writeFileAtomic(file, [other.slice(0, 5), other.slice(5)]));
    assert.ok(readFileSync(file).equals(Buffer.from(other, 'utf8')));
  }
  // a list of parts is written as their concatenation (small ones together)
  assert.ok(writeFileAtomic(file, ['a', '', 'é', '😀', 'z']));
  assert.is(readFileSync(file, 'utf8'), 'aé😀z');
});

test('parts: a surrogate pair split between two parts, and characters of every UTF-8 length across the 1 MB buffer', () => {
  const file = join(dir, 'pairs.txt');
  const smile = '😀';
  assert.ok(writeFileAtomic(file, ['a', smile[0]!, smile[1]!, 'b', smile[0]!]));
  assert.ok(readFileSync(file).equals(Buffer.from(`a${smile}b${smile[0]}`, 'utf8')), 'a pair rejoined; a lone one as Buffer.from writes it');
  // pieces of 1, 2, 3 and 4 bytes, in parts of odd sizes that fill the buffer at every offset
  const unit = `aé€${smile}`;
  const whole = unit.repeat(150_000);
  const parts: string[] = [];
  for (let at = 0, k = 1; at < whole.length; k = (k * 7) % 65_537) {
    parts.push(whole.slice(at, at + k));
    at += k;
  }
  assert.ok(writeFileAtomic(file, parts));
  assert.ok(readFileSync(file).equals(Buffer.from(whole, 'utf8')));
  assert.not.ok(writeFileAtomic(file, parts), 'the same bytes found while written');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
