// The small helpers kept once in core: regex escape, code point order, sorted deep and shallow copies.
import { compareCodePoints, escapeRegExp, numberLexeme, rememberNumber, sameItems, sortedCopy, sortedKeys } from '@nbgit/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('escapeRegExp makes any text match itself literally', () => {
  for (const s of ['#', '//', '(*', '.*+?^$' + '{}()|[]\\/', '-- %%', 'c++']) {
    assert.ok(new RegExp(`^${escapeRegExp(s)}$`).test(s), s);
    assert.ok(new RegExp(`^${escapeRegExp(s)}$`, 'u').test(s), s);
  }
  assert.not.ok(new RegExp(`^${escapeRegExp('a.c')}$`).test('abc'));
});

test('compareCodePoints orders as Python does: a character beyond U+FFFF after U+E000-U+FFFF', () => {
  const keys = ['\u{1F600}', '\uff61', 'b', 'a', 'ab', ''];
  assert.equal([...keys].sort(compareCodePoints), ['', 'a', 'ab', 'b', '\uff61', '\u{1F600}']);
  // UTF-16 order puts the surrogate pair first
  assert.equal([...keys].sort(), ['', 'a', 'ab', 'b', '\u{1F600}', '\uff61']);
  assert.is(compareCodePoints('x', 'x'), 0);
});

test('sortedCopy sorts keys deeply and keeps recorded numbers and a __proto__ key', () => {
  const inner: Record<string, unknown> = { z: 1, a: 1 };
  rememberNumber(inner, 'a', '1.0');
  const value = JSON.parse('{"b": [{"y": 1, "x": 2}], "__proto__": 3}') as Record<string, unknown>;
  value.a = inner;
  const copy = sortedCopy(value);
  assert.equal(Object.keys(copy), ['__proto__', 'a', 'b']);
  assert.equal(Object.keys((copy.b as Record<string, unknown>[])[0]!), ['x', 'y']);
  assert.is(numberLexeme(copy.a as object, 'a'), '1.0');
  assert.ok(copy.a !== inner);
});

test('sortedKeys sorts the top level only, by code point, and keeps recorded numbers', () => {
  const inner = { z: 1, a: 1 };
  const value: Record<string, unknown> = { '\u{1F600}': 1, '\uff61': 2, b: inner, a: 1.0 };
  rememberNumber(value, 'a', '1.0');
  const copy = sortedKeys(value);
  assert.equal(Object.keys(copy), ['a', 'b', '\uff61', '\u{1F600}']);
  assert.ok(copy.b === inner);
  assert.equal(Object.keys(copy.b as object), ['z', 'a']);
  assert.is(numberLexeme(copy, 'a'), '1.0');
  assert.ok(copy !== value);
});

test('sameItems compares arrays item by item with ===', () => {
  const o = {};
  assert.ok(sameItems([], []));
  assert.ok(sameItems(['a', o], ['a', o]));
  assert.not.ok(sameItems([{}], [{}]));
  assert.not.ok(sameItems(['a'], ['a', 'b']));
  assert.not.ok(sameItems(['a', 'b'], ['b', 'a']));
});

test.run();
