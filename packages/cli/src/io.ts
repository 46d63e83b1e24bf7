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

/** The process's own I/O. */
export function processIO(): CliIO {
  return { cwd: process.cwd(), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
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
