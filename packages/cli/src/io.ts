/** The I/O a command is given, so commands can be run in tests without a process. */
import { readFileSync } from 'node:fs';

/** Streams and context a command runs with. */
export interface CliIO {
  /** Working directory. */
  cwd: string;
  /** Environment variables. */
  env: NodeJS.ProcessEnv;
  /** Standard input as a readable stream. */
  stdin: NodeJS.ReadableStream;
  /** Standard output. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Standard error. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Marks the I/O {@link processIO} made. A symbol in the global registry, not a set of this
 * module: in the bundle, the dispatcher and each command file have their own copy of this module.
 */
const PROCESS_IO = Symbol.for('nbgit.processIO');

/**
 * The process's own I/O. Each stream is made when a command first uses it: making one costs
 * start-up time (a pipe's loads Node's net and stream modules), and the filter and the merge
 * driver mostly use none. A reader that quits early (`nbgit textconv x.ipynb | head`: EPIPE)
 * ends the process quietly.
 */
export function processIO(): CliIO {
  let out: CliIO['stdout'] | undefined;
  let err: CliIO['stderr'] | undefined;
  const io: CliIO = {
    cwd: process.cwd(),
    env: process.env,
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      out ??= quitOnEpipe(process.stdout);
      return out;
    },
    get stderr() {
      err ??= quitOnEpipe(process.stderr);
      return err;
    },
  };
  Object.defineProperty(io, PROCESS_IO, { value: true });
  return io;
}

/** True for the I/O {@link processIO} made (the process's own stdin and stdout, e.g. pipes from git). */
export function isProcessIO(io: CliIO): boolean {
  return (io as unknown as Record<symbol, unknown>)[PROCESS_IO] === true;
}

function quitOnEpipe<T extends NodeJS.WritableStream>(stream: T): T {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return stream;
}

/** Reads all of a stream into one buffer. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Set by the bundler (scripts/bundle.mjs): the bundle has no package.json beside its modules. */
declare const __NBGIT_VERSION__: string | undefined;

/** The CLI package's version. */
export function version(): string {
  if (typeof __NBGIT_VERSION__ === 'string') return __NBGIT_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
