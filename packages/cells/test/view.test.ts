import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { base64Length, formatSize, imageSize, listCells, renderList, renderView, viewJson } from '@nbgit/cells';
import { fromIpynb } from '@nbgit/ipynb';
import { listFiles, sharedMissing, sharedPath, skipTest } from '@nbgit/testkit';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** A PNG of `size` bytes whose header says `w` x `h` (the rest is zeros: only the header is read). */
function png(w: number, h: number, size = 100): string {
  const b = Buffer.alloc(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(b);
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return b.toString('base64');
}

/** A JPEG with an APP1 (EXIF) segment of `exif` bytes and a DQT before its SOF2 frame header. */
function jpeg(w: number, h: number, exif = 5000): string {
  const app1 = Buffer.alloc(2 + 2 + exif);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif + 2, 2);
  const dqt = Buffer.from([0xff, 0xdb, 0x00, 0x04, 0x00, 0x01]);
  const sof = Buffer.from([0xff, 0xc2, 0x00, 0x11, 0x08, h >> 8, h & 255, w >> 8, w & 255, 0x03]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, dqt, sof, Buffer.alloc(20)]).toString('base64');
}

function gif(w: number, h: number): string {
  const b = Buffer.from('GIF89a\0\0\0\0\0\0\0', 'latin1');
  b.writeUInt16LE(w, 6);
  b.writeUInt16LE(h, 8);
  return b.toString('base64');
}

test('image sizes from the header bytes of PNG, JPEG (past an EXIF block) and GIF', () => {
  assert.equal(imageSize(png(640, 480)), { width: 640, height: 480 });
  assert.equal(imageSize(jpeg(1920, 1080)), { width: 1920, height: 1080 });
  assert.equal(imageSize(jpeg(3, 70000 & 0xffff, 60000)), { width: 3, height: 70000 & 0xffff });
  assert.equal(imageSize(gif(17, 300)), { width: 17, height: 300 });
  // base64 with a line break every 76 characters, as older notebooks store it
  assert.equal(imageSize(png(800, 600, 400).replace(/.{76}/g, '$&\n')), { width: 800, height: 600 });
  assert.is(imageSize('aGVsbG8gd29ybGQ='), undefined);
  assert.is(imageSize(png(1, 1).slice(0, 20)), undefined, 'a header cut short');
  assert.is(base64Length(png(1, 1, 31000)), 31000);
  assert.is(base64Length('aGk='), 2);
});

test('sizes as the view prints them', () => {
  assert.equal([0, 999, 1000, 2345, 31000, 999499, 1_250_000, 12_000_000].map(formatSize), [
    '0 B',
    '999 B',
    '1 kB',
    '2.3 kB',
    '31 kB',
    '999 kB',
    '1.3 MB',
    '12 MB',
  ]);
});

const NB = JSON.stringify({
  cells: [
    { cell_type: 'markdown', id: 'intro', metadata: {}, source: ['# Title\n', 'text'] },
    {
      cell_type: 'code',
      execution_count: 4,
      id: 'plot',
      metadata: { tags: ['figure', 'slow'] },
      outputs: [
        { name: 'stdout', output_type: 'stream', text: Array.from({ length: 30 }, (_, i) => `line ${i}\n`) },
        { data: { 'image/png': png(640, 480, 31000), 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' },
        { ename: 'ValueError', evalue: 'bad \u001b[31mvalue\u001b[0m', output_type: 'error', traceback: ['...'] },
        {
          data: { 'text/html': ['<table>', '</table>'], 'text/plain': ['   a\n', '0  1'] },
          execution_count: 4,
          metadata: {},
          output_type: 'execute_result',
        },
        { data: { 'application/vnd.jupyter.widget-view+json': { model_id: 'abc', version_major: 2 } }, metadata: {}, output_type: 'display_data' },
      ],
      source: ['plt.plot(x)'],
    },
    { cell_type: 'raw', id: 'r', metadata: {}, source: '' },
  ],
  metadata: { kernelspec: { language: 'python', name: 'python3' } },
  nbformat: 4,
  nbformat_minor: 5,
});

test('the text view: ids, tags, sources, and outputs summarised', () => {
  const nb = fromIpynb(NB);
  assert.is(
    renderView(nb, { file: 'a.ipynb', maxOutputLines: 3 }),
    `a.ipynb: 3 cells, nbformat 4.5, python
--- cell 0 markdown id=intro
# Title
text
--- cell 1 code id=plot tags=figure,slow count=4
plt.plot(x)
> stdout:
> line 0
> line 1
> line 2
> [... 27 more lines]
> display: [image/png 640x480, 31 kB]
> error: ValueError: bad value
> result:
>    a
> 0  1
> [text/html, 15 B]
> display: [application/vnd.jupyter.widget-view+json, 36 B]
--- cell 2 raw id=r
`,
  );
  assert.is(
    renderView(nb, { outputs: false, start: 1, end: 2 }),
    `3 cells, showing 1, nbformat 4.5, python
--- cell 1 code id=plot tags=figure,slow count=4
plt.plot(x)
`,
  );
  assert.is(
    renderView(nb, { cells: ['r', 'intro'] })
      .split('\n')
      .filter((l) => l.startsWith('---')).length,
    2,
  );
});

test('text outputs cut by characters say how many were cut', () => {
  const nb = fromIpynb(NB);
  const [cell] = listCells(nb, { cells: ['plot'], maxOutputChars: 15 });
  const out = cell!.outputs![0]!;
  assert.is(out.text, 'line 0\nline 1\nl');
  assert.equal(out.cut, { lines: 27, characters: 5 });
  const [c2] = listCells(nb, { cells: ['plot'], maxOutputChars: 10 });
  assert.is(c2!.outputs![0]!.text, 'line 0\nlin');
  assert.equal(c2!.outputs![0]!.cut, { lines: 28, characters: 3 });
});

test('the JSON view and the one-line list', () => {
  const nb = fromIpynb(NB);
  const v = viewJson(nb, { outputs: false });
  assert.equal(v.cells[1], { index: 1, id: 'plot', type: 'code', tags: ['figure', 'slow'], source: 'plt.plot(x)', executionCount: 4 });
  assert.is(v.nbformat, '4.5');
  assert.is(v.language, 'python');
  assert.is(renderList(listCells(nb)), '  0  intro  markdown  # Title ...\n  1  plot   code     [figure,slow]  plt.plot(x)\n  2  r      raw\n');
});

const dir = sharedPath('fixtures', 'real', 'notebooks');
if (dir === undefined) skipTest(test, 'images of the real notebooks', sharedMissing());
else
  test('every PNG, JPEG and GIF of the real notebooks gets its size; PNG sizes match their IHDR', () => {
    let images = 0;
    for (const f of listFiles(dir, (n) => n.endsWith('.ipynb'))) {
      const nb = fromIpynb(readFileSync(f));
      for (const c of nb.cells) {
        if (c.cell_type !== 'code') continue;
        for (const o of c.outputs) {
          const data = (o as { data?: Record<string, unknown> }).data ?? {};
          for (const mime of ['image/png', 'image/jpeg', 'image/gif']) {
            const v = data[mime];
            if (v === undefined) continue;
            const b64 = Array.isArray(v) ? v.join('') : String(v);
            const size = imageSize(b64);
            assert.ok(size, `${basename(f)}: ${mime} without a size`);
            const bytes = Buffer.from(b64, 'base64');
            assert.is(base64Length(b64), bytes.length);
            // (one notebook holds a GIF under image/png: the header tells, not the mime type)
            if (bytes.readUInt32BE(0) === 0x89504e47) assert.equal(size, { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });
            images++;
          }
        }
      }
    }
    assert.ok(images > 40, `only ${images} images`);
  });

test.run();
