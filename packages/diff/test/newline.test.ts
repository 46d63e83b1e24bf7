// A cell's last line has no newline (QA F10): appending a line must show one `+` line, not the
// old last line removed and added again. The model stays exact (patch replays it); the view
// compares lines without their end when neither text ends with a newline.
import { diffNotebooks, patchNotebook, renderTerminal } from '@nbgit/diff';
import { code, nb, stream } from '@nbgit/testkit';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** The terminal view of one code cell going from `a` to `b`, checked to patch exactly. */
function view(a: string | string[], b: string | string[]): string {
  const x = nb([code(a, { id: 'c' })]);
  const y = nb([code(b, { id: 'c' })]);
  const d = diffNotebooks(x, y);
  assert.equal(patchNotebook(x, d), y, 'the model still replays exactly');
  return renderTerminal(d);
}

test('appending a line to a cell: one + line', () => {
  assert.is(view('x = 1\ny = 2', 'x = 1\ny = 2\nz = 3'), '## cell 0 modified (code, id c)\n@@ -1,2 +1,3 @@\n x = 1\n y = 2\n+z = 3\n');
  // stored as a list of lines (Jupyter's layout): the same view
  assert.is(view(['x = 1\n', 'y = 2'], ['x = 1\n', 'y = 2\n', 'z = 3']), '## cell 0 modified (code, id c)\n@@ -1,2 +1,3 @@\n x = 1\n y = 2\n+z = 3\n');
  // a one-line cell
  assert.is(view('a', 'a\nb'), '## cell 0 modified (code, id c)\n@@ -1,1 +1,2 @@\n a\n+b\n');
  // CRLF sources pair the same way
  assert.is(view('x\r\ny', 'x\r\ny\r\nz'), '## cell 0 modified (code, id c)\n@@ -1,2 +1,3 @@\n x\n y\n+z\n');
});

test('removing the last line: one - line; editing and appending: the edit and the new line', () => {
  assert.is(view('x = 1\ny = 2\nz = 3', 'x = 1\ny = 2'), '## cell 0 modified (code, id c)\n@@ -1,3 +1,2 @@\n x = 1\n y = 2\n-z = 3\n');
  assert.is(view('x = 1\ny = 2', 'x = 1\ny = 3\nz = 3'), '## cell 0 modified (code, id c)\n@@ -1,2 +1,3 @@\n x = 1\n-y = 2\n+y = 3\n+z = 3\n');
  assert.is(view('a\nb', 'a\nc\nb'), '## cell 0 modified (code, id c)\n@@ -1,2 +1,3 @@\n a\n+c\n b\n');
});

test('a final newline gained or lost: shown as git shows it, with a note', () => {
  assert.is(view('x = 1\ny = 2', 'x = 1\ny = 2\n'), '## cell 0 modified (code, id c)\n@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n\\ No newline at end of cell\n+y = 2\n');
  assert.is(view('a\n', 'a'), '## cell 0 modified (code, id c)\n@@ -1,1 +1,1 @@\n-a\n+a\n\\ No newline at end of cell\n');
  // a line end that changed inside the text is not hidden
  assert.is(view('a\r\nb', 'a\nb'), '## cell 0 modified (code, id c)\n@@ -1,2 +1,2 @@\n-a\n+a\n b\n');
});

test('output text: appended lines pair too, and no newline note', () => {
  const x = nb([
    code('print(1)', { id: 'c', outputs: [{ data: { 'text/plain': 'one\ntwo' }, execution_count: 1, metadata: {}, output_type: 'execute_result' }] as never }),
  ]);
  const y = nb([
    code('print(1)', {
      id: 'c',
      outputs: [{ data: { 'text/plain': 'one\ntwo\nthree' }, execution_count: 1, metadata: {}, output_type: 'execute_result' }] as never,
    }),
  ]);
  assert.match(renderTerminal(diffNotebooks(x, y)), '      text/plain:\n      @@ -1,2 +1,3 @@\n       one\n       two\n      +three\n');
  const s = renderTerminal(diffNotebooks(nb([code('p', { id: 'c', outputs: [stream('a\nb')] })]), nb([code('p', { id: 'c', outputs: [stream('a\nb\n')] })])));
  assert.not.match(s, 'No newline');
});

/** Old and new text as the view shows them (unlimited context): ` `/`-` rows, and ` `/`+` rows. */
function sidesOfView(out: string): { old: string[]; new: string[]; notes: number } {
  const rows = out.split('\n').filter((l) => l !== '' && !l.startsWith('## ') && !l.startsWith('@@'));
  const notes = rows.filter((l) => l.startsWith('\\')).length;
  const body = rows.filter((l) => !l.startsWith('\\'));
  return { old: body.filter((l) => l[0] !== '+').map((l) => l.slice(1)), new: body.filter((l) => l[0] !== '-').map((l) => l.slice(1)), notes };
}

test('property: the view shows every old and new line once, in order; a note only when the final newline changed (both texts not empty)', () => {
  const line = fc.constantFrom('x = 1', 'y = 2', 'print(x)', '', 'z');
  const text = fc.tuple(fc.array(line, { minLength: 1, maxLength: 6 }), fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl ? '\n' : ''));
  fc.assert(
    fc.property(text, text, (a, b) => {
      if (a === b) return;
      const x = nb([code(a, { id: 'c' })]);
      const y = nb([code(b, { id: 'c' })]);
      const d = diffNotebooks(x, y);
      assert.equal(patchNotebook(x, d), y);
      const shown = sidesOfView(renderTerminal(d, { context: 1000 }));
      const lines = (t: string) => (t === '' ? [] : (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n'));
      assert.equal(shown.old, lines(a));
      assert.equal(shown.new, lines(b));
      // an empty text has no last line to note
      assert.is(shown.notes, a === '' || b === '' || a.endsWith('\n') === b.endsWith('\n') ? 0 : 1);
    }),
    { numRuns: 500 },
  );
});

test.run();
