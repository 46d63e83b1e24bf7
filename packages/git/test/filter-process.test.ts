// The pkt-line codec and the filter-process server, driven in memory like git drives them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { NbgitError } from '@nbgit/core';
import {
  type ByteReader,
  cleanContent,
  encodeContent,
  encodeList,
  encodeText,
  type FilterFunction,
  FLUSH,
  MAX_PAYLOAD,
  PktLineReader,
  serveFilterProcess,
} from '@nbgit/git';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** An async iterable yielding `data` in chunks of `size` bytes (to cut packets anywhere). */
async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

test('reader: tagged packets, any chunking, clean end', async () => {
  const wire = Buffer.concat([encodeText('one'), FLUSH, ...encodeContent(Buffer.alloc(70000, 97)), FLUSH, Buffer.from('0004')]);
  for (const size of [1, 3, 7, 4096, 1 << 20]) {
    const r = new PktLineReader(chunked(wire, size));
    assert.equal(await r.readList(), ['one']);
    const content = await r.readContent();
    assert.is(content.length, 70000);
    assert.ok(content.every((b) => b === 97));
    const empty = await r.read();
    assert.is(empty.type, 'data');
    assert.is((empty as { data: Buffer }).data.length, 0);
    assert.equal(await r.read(), { type: 'end' });
    assert.is(await r.readList(), undefined);
  }
});

test('reader: malformed input is an EPROTOCOL error', async () => {
  const bad = async (text: string, what: RegExp) => {
    const r = new PktLineReader(chunked(Buffer.from(text), 2));
    try {
      await r.readList();
      await r.readContent();
      assert.unreachable(`accepted ${JSON.stringify(text)}`);
    } catch (e) {
      assert.instance(e, NbgitError);
      assert.is((e as NbgitError).code, 'EPROTOCOL');
      assert.match((e as Error).message, what);
    }
  };
  await bad('00zz', /bad pkt-line length/);
  await bad('0003', /bad pkt-line length 3/);
  await bad('0009ab', /ended inside a 9-byte/);
  await bad('000', /inside a pkt-line length/);
  await bad('0006a\n', /no flush/);
  await bad('0000fff0', /bad pkt-line length|ended inside/);
});

/** Runs the server on a scripted input; returns what it wrote, parsed back into lists. */
async function serve(input: Buffer, clean: FilterFunction = (c) => c) {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  const logs: string[] = [];
  const stats = await serveFilterProcess({ input: chunked(input, 1000), output, clean, log: (m) => logs.push(m) });
  output.end();
  const reader = new PktLineReader(chunked(Buffer.concat(chunks), 1 << 20));
  return { stats, logs, reader };
}

const handshake = Buffer.concat([encodeList(['git-filter-client', 'version=2']), encodeList(['capability=clean', 'capability=smudge', 'capability=delay'])]);
const request = (command: string, pathname: string, content: Buffer, extra: string[] = []) =>
  Buffer.concat([encodeList([`command=${command}`, `pathname=${pathname}`, ...extra]), ...encodeContent(content), FLUSH]);

test('server: a large answer (sent in pieces of about 1 MB) reads back whole, then the next request', async () => {
  const huge = Buffer.alloc(3_500_001);
  for (let i = 0; i < huge.length; i++) huge[i] = (i * 31) & 0xff;
  const input = Buffer.concat([handshake, request('clean', 'a.ipynb', Buffer.from('x')), request('clean', 'b.ipynb', Buffer.from('y'))]);
  const { stats, reader } = await serve(input, (c) => (c.toString() === 'x' ? huge : Buffer.from('Y')));
  assert.equal(await reader.readList(), ['git-filter-server', 'version=2']);
  assert.equal(await reader.readList(), ['capability=clean', 'capability=smudge']);
  assert.equal(await reader.readList(), ['status=success']);
  assert.ok((await reader.readContent()).equals(huge));
  assert.equal(await reader.readList(), []);
  assert.equal(await reader.readList(), ['status=success']);
  assert.is((await reader.readContent()).toString(), 'Y');
  assert.equal(await reader.readList(), []);
  assert.equal(stats, { requests: 2, errors: 0 });
});

test('server: handshake, capabilities (no delay), clean, smudge pass-through, exit on EOF', async () => {
  const big = Buffer.alloc(200000, 98);
  const input = Buffer.concat([handshake, request('clean', 'a.ipynb', Buffer.from('abc')), request('smudge', 'b=c.ipynb', big, ['blob=0123', 'can-delay=1'])]);
  const seen: string[] = [];
  const { stats, reader } = await serve(input, (c) => {
    seen.push(c.toString());
    return Buffer.from(c.toString().toUpperCase());
  });
  assert.equal(await reader.readList(), ['git-filter-server', 'version=2']);
  assert.equal(await reader.readList(), ['capability=clean', 'capability=smudge']);
  assert.equal(await reader.readList(), ['status=success']);
  assert.is((await reader.readContent()).toString(), 'ABC');
  assert.equal(await reader.readList(), []);
  assert.equal(await reader.readList(), ['status=success']);
  assert.ok((await reader.readContent()).equals(big), 'smudge passes content through');
  assert.equal(await reader.readList(), []);
  assert.is(await reader.readList(), undefined);
  assert.equal(seen, ['abc']);
  assert.equal(stats, { requests: 2, errors: 0 });
});

test('server: a failing file gets status=error and a located message; the next file is served', async () => {
  const input = Buffer.concat([
    handshake,
    request('clean', 'bad.ipynb', Buffer.from('{\n "cells": [,]\n}')),
    request('clean', 'ok.ipynb', Buffer.alloc(0)),
    request('frobnicate', 'x', Buffer.alloc(0)),
  ]);
  const { stats, logs, reader } = await serve(input, (c, r) => cleanContent(c, { pathname: r.pathname }));
  await reader.readList();
  await reader.readList();
  assert.equal(await reader.readList(), ['status=error']);
  assert.equal(await reader.readList(), ['status=success']);
  assert.is((await reader.readContent()).length, 0);
  assert.equal(await reader.readList(), []);
  assert.equal(await reader.readList(), ['status=error']);
  assert.is(await reader.readList(), undefined);
  assert.equal(stats, { requests: 3, errors: 2 });
  assert.match(logs[0]!, /^bad\.ipynb:2:12: /);
  assert.match(logs[1]!, /^x: unsupported command "frobnicate"/);
});

test('server: only the capabilities git offers; a client without version=2 is refused', async () => {
  const onlyClean = Buffer.concat([encodeList(['git-filter-client', 'version=2', 'version=3']), encodeList(['capability=clean'])]);
  const { reader } = await serve(onlyClean);
  await reader.readList();
  assert.equal(await reader.readList(), ['capability=clean']);
  try {
    await serve(Buffer.from(encodeList(['git-filter-client', 'version=1'])));
    assert.unreachable('accepted version 1');
  } catch (e) {
    assert.match((e as Error).message, /version=2/);
  }
  const { stats } = await serve(Buffer.alloc(0));
  assert.is(stats.requests, 0, 'no input: nothing to do');
});

/** A synchronous reader over `data` that hands out at most `size` bytes per call. */
function byteReader(data: Buffer, size: number): ByteReader {
  let at = 0;
  return (buffer, offset, length) => {
    const n = Math.min(size, length, data.length - at);
    buffer.set(data.subarray(at, at + n), offset);
    at += n;
    return n;
  };
}

test('reader on a synchronous ByteReader: same packets for any read size', async () => {
  const wire = Buffer.concat([encodeText('one'), FLUSH, ...encodeContent(Buffer.alloc(200000, 97)), FLUSH, encodeText('two'), FLUSH]);
  for (const size of [1, 5, 65536, 1 << 20]) {
    const r = new PktLineReader(byteReader(wire, size));
    assert.equal(await r.readList(), ['one']);
    const content = await r.readContent();
    assert.is(content.length, 200000);
    assert.ok(content.every((b) => b === 97));
    assert.equal(await r.readList(), ['two']);
    assert.equal(await r.read(), { type: 'end' });
  }
  const cut = new PktLineReader(byteReader(Buffer.from('0009ab'), 2));
  try {
    await cut.read();
    assert.unreachable('accepted a cut packet');
  } catch (e) {
    assert.match((e as Error).message, /ended inside a 9-byte/);
  }
});

test('server on a ByteReader and ByteWriter replies byte for byte as on streams', async () => {
  const contents = [Buffer.from('abc'), Buffer.alloc(0), Buffer.alloc(MAX_PAYLOAD, 99), Buffer.alloc(3 * MAX_PAYLOAD + 5, 100)];
  const input = Buffer.concat([handshake, ...contents.map((c, i) => request('clean', `f${i}.ipynb`, c)), request('smudge', 's', Buffer.from('x'))]);
  const clean: FilterFunction = (c) => Buffer.from(c.toString('latin1').toUpperCase(), 'latin1');
  const output = new PassThrough();
  const streamed: Buffer[] = [];
  output.on('data', (c: Buffer) => streamed.push(c));
  await serveFilterProcess({ input: chunked(input, 1000), output, clean });
  const expected = Buffer.concat(streamed);
  assert.ok(expected.length > 4 * MAX_PAYLOAD);
  for (const size of [7, 65536]) {
    const written: Buffer[] = [];
    const stats = await serveFilterProcess({ input: byteReader(input, size), output: (d) => written.push(Buffer.from(d)), clean });
    assert.equal(stats, { requests: 5, errors: 0 });
    assert.is(written.length, 2 + 5, 'one write per reply');
    assert.ok(Buffer.concat(written).equals(expected));
  }
});

test('stdioPipes: blocking access under real pipes; none for sockets and files', () => {
  const stdio = fileURLToPath(new URL('../src/stdio.js', import.meta.url));
  const script = `import { stdioPipes } from ${JSON.stringify(stdio)};
const p = stdioPipes();
if (!p) process.stdout.write('none');
else {
  const b = Buffer.alloc(3);
  let s = '';
  for (let n = p.input(b, 0, 3); n > 0; n = p.input(b, 0, 3)) s += b.toString('latin1', 0, n);
  p.output(Buffer.from('got:' + s));
  p.close();
}`;
  const dir = mkdtempSync(join(tmpdir(), 'nbgit-stdio-'));
  const file = join(dir, 'script.mjs');
  writeFileSync(file, script);
  writeFileSync(join(dir, 'in.txt'), 'from a file');
  const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const piped = spawnSync('sh', ['-c', `(printf 'hello '; sleep 0.2; printf world) | ${q(process.execPath)} ${q(file)} | cat`], { encoding: 'utf8' });
  if (process.platform === 'linux') assert.is(piped.stdout, 'got:hello world', piped.stderr);
  else assert.is(piped.stdout, 'none');
  const sockets = spawnSync(process.execPath, [file], { input: 'x', encoding: 'utf8' });
  assert.is(sockets.stdout, 'none', "node's own child pipes are sockets");
  const fromFile = spawnSync('sh', ['-c', `${q(process.execPath)} ${q(file)} < ${q(join(dir, 'in.txt'))} | cat`], { encoding: 'utf8' });
  assert.is(fromFile.stdout, 'none');
});

test('cleanContent: same bytes when clean, stripped bytes otherwise, zeppelin by extension', () => {
  const clean = Buffer.from('{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
  assert.ok(cleanContent(clean, { pathname: 'a.ipynb' }) === clean);
  const dirty = Buffer.from(clean.toString().replace('"metadata": {}', '"metadata": {"widgets": {}}'));
  assert.is(Buffer.from(cleanContent(dirty)).toString(), clean.toString());
  const zpln = Buffer.from('{\n  "paragraphs": [\n    {\n      "text": "x",\n      "results": {\n        "code": "SUCCESS"\n      }\n    }\n  ]\n}');
  assert.is(
    Buffer.from(cleanContent(zpln, { pathname: 'n.zpln' })).toString(),
    '{\n  "paragraphs": [\n    {\n      "text": "x",\n      "results": {}\n    }\n  ]\n}',
  );
  assert.throws(() => cleanContent(Buffer.from('[1]'), { pathname: 'arr.ipynb' }), /^arr\.ipynb:1:1: /);
});

test.run();
