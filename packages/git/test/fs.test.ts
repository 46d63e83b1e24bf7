// writeFileAtomic encodes and compares a large text piece by piece: the bytes must be those
// of the whole text encoded at once (a surrogate pair across a piece boundary included).
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
