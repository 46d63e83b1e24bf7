// The process's own I/O is recognised by every copy of io.ts: in the bundle, the dispatcher,
// which makes it, and the command file, which asks (the filter then reads and writes git's
// pipes directly), each have their own copy of the module.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type CliIO, isProcessIO, processIO } from '../src/io.js';

test('isProcessIO: true for processIO() of this or another copy of the module, false for other I/O', async () => {
  const other = (await import(`../src/io.js?copy=${Date.now()}`)) as typeof import('../src/io.js');
  assert.is.not(other.isProcessIO, isProcessIO, 'a second copy of the module');
  const io = processIO();
  assert.ok(isProcessIO(io));
  assert.ok(other.isProcessIO(io));
  assert.ok(isProcessIO(other.processIO()));
  const plain: CliIO = { cwd: io.cwd, env: io.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  assert.not.ok(isProcessIO(plain));
  assert.not.ok(other.isProcessIO({ ...io }), 'a copy of its fields is not the process I/O');
});

test.run();
