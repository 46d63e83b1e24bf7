// A fake CliIO for running commands in tests, and temp folders.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { type CliIO, main } from '../src/index.js';

/** Output captured from one run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Sink extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString('utf8');
    cb();
  }
}

/** Runs `nbgit ARGV` in `cwd` with `stdin` text; resolves to code and output. */
export async function run(argv: string[], options: { cwd?: string; stdin?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const stdout = new Sink();
  const stderr = new Sink();
  const io: CliIO = { cwd: options.cwd ?? process.cwd(), env: { ...process.env, ...options.env }, stdin, stdout, stderr };
  const code = await main(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A new empty temp folder. */
export function tempDir(prefix = 'nbgit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Notebook data as Jupyter writes it (indent 1, final newline; keys as given). */
export function jupyterJson(nb: object): string {
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/** A new temp folder holding one file. */
export function dirWith(name: string, text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), text);
  return dir;
}
