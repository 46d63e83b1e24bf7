/**
 * The server side of git's long-running filter process protocol, version 2
 * (gitattributes(5), "Long Running Filter Process"): git starts the process once per git
 * command (`filter.<driver>.process`) and sends it every blob to clean or smudge.
 *
 * ```
 * git> git-filter-client / version=2 / 0000          handshake
 * us>  git-filter-server / version=2 / 0000
 * git> capability=clean / capability=smudge / capability=delay / 0000
 * us>  capability=clean / capability=smudge / 0000    (the subset we support)
 * git> command=clean / pathname=a.ipynb / 0000 / <content packets> / 0000
 * us>  status=success / 0000 / <content packets> / 0000 / 0000   (empty list: status unchanged)
 *  or  status=error / 0000                            (this file failed; keep serving)
 * ...until git closes our stdin: exit.
 * ```
 *
 * Nothing but protocol goes to `output`; messages go to `log` (stderr).
 */
import { isNbgitError, NbgitError } from '@nbgit/core';
import { encodedContentLength, encodeList, FLUSH, MAX_PAYLOAD, writeContent } from './models/pkt-line.js';
import { type ByteReader, PktLineReader } from './pktline.js';

/** One request from git. */
export interface FilterRequest {
  /** `clean` or `smudge`. */
  command: string;
  /** Path of the file relative to the repository root. */
  pathname: string;
  /** Every key=value git sent (`ref`, `treeish`, `blob`, `can-delay`, ...). */
  headers: Record<string, string>;
}

/** A function that filters one file's content; throw to refuse that file. */
export type FilterFunction = (content: Buffer, request: FilterRequest) => Uint8Array;

/** Options of {@link serveFilterProcess}. */
export interface FilterProcessOptions {
  /**
   * Where git's packets come from: the process's stdin as a stream, or a synchronous
   * {@link ByteReader} (see `stdioPipes`), which saves an event loop round trip per request.
   */
  input: AsyncIterable<Uint8Array | string> | ByteReader;
  /** Where replies go: the process's stdout as a stream, or a synchronous {@link ByteWriter}. */
  output: NodeJS.WritableStream | ByteWriter;
  /** The clean filter (working tree -> repository). */
  clean: FilterFunction;
  /** The smudge filter (repository -> working tree); default passes content through unchanged. */
  smudge?: FilterFunction;
  /** Receives one line per file that failed (for stderr), without a final newline, and that file's request. */
  log?: (message: string, request: FilterRequest) => void;
}

/** What {@link serveFilterProcess} did. */
export interface FilterProcessStats {
  /** Requests served, successful or not. */
  requests: number;
  /** Requests answered with `status=error`. */
  errors: number;
}

/** A synchronous byte sink: writes all of `data` (blocking until it is written). */
export type ByteWriter = (data: Uint8Array) => void;

const SUPPORTED = ['clean', 'smudge'];

async function write(output: NodeJS.WritableStream | ByteWriter, data: Uint8Array): Promise<void> {
  if (typeof output === 'function') return output(data);
  if (output.write(data)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (e?: Error) => {
      output.off('drain', done);
      output.off('error', done);
      if (e) reject(e);
      else resolve();
    };
    output.on('drain', done);
    output.on('error', done);
  });
}

/**
 * Serves git's filter protocol until git closes the input. A request whose filter throws
 * gets `status=error` (git then fails that file if the driver is `required`) and a message
 * through `log` naming the file; the other files are still served. A broken handshake or
 * malformed packets are an `EPROTOCOL` error.
 */
export async function serveFilterProcess(options: FilterProcessOptions): Promise<FilterProcessStats> {
  const { output } = options;
  const reader = new PktLineReader(options.input);
  const smudge: FilterFunction = options.smudge ?? ((content) => content);
  const stats: FilterProcessStats = { requests: 0, errors: 0 };

  const hello = await reader.readList();
  if (hello === undefined) return stats;
  if (hello[0] !== 'git-filter-client') throw new NbgitError('EPROTOCOL', `expected "git-filter-client", got ${JSON.stringify(hello[0] ?? '')}`);
  if (!hello.slice(1).includes('version=2'))
    throw new NbgitError('EPROTOCOL', `git offers no protocol version nbgit speaks (${hello.slice(1).join(', ') || 'none'}; nbgit speaks version=2)`);
  await write(output, encodeList(['git-filter-server', 'version=2']));

  const offered = await reader.readList();
  if (offered === undefined) throw new NbgitError('EPROTOCOL', 'input ended during capability negotiation');
  const caps = offered.filter((c) => c.startsWith('capability=')).map((c) => c.slice('capability='.length));
  await write(output, encodeList(SUPPORTED.filter((c) => caps.includes(c)).map((c) => `capability=${c}`)));

  for (;;) {
    const lines = await reader.readList();
    if (lines === undefined) return stats;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq === -1) headers[line] = '';
      else headers[line.slice(0, eq)] = line.slice(eq + 1);
    }
    const command = headers.command ?? '';
    const request: FilterRequest = { command, pathname: headers.pathname ?? '', headers };
    const content = await reader.readContent();
    stats.requests++;
    let result: Uint8Array;
    try {
      if (command === 'clean') result = options.clean(content, request);
      else if (command === 'smudge') result = smudge(content, request);
      else throw new NbgitError('EPROTOCOL', `unsupported command ${JSON.stringify(command)}`, { file: request.pathname || undefined });
    } catch (e) {
      stats.errors++;
      options.log?.(describe(e, request), request);
      await write(output, encodeList(['status=error']));
      continue;
    }
    for (const piece of successReply(result)) await write(output, piece);
  }
}

const SUCCESS = encodeList(['status=success']);

/** Content larger than this is answered in pieces of this size (in packets), not copied whole into one reply. */
const REPLY_PIECE = 16 * MAX_PAYLOAD;

/**
 * `status=success`, flush, the content in packets of at most 65516 bytes, flush, and an
 * empty list (status unchanged): one buffer, so one write per reply; a large content in
 * pieces of about 1 MB (its packets are never a second copy of it).
 */
function* successReply(content: Uint8Array): Generator<Uint8Array> {
  const n = content.byteLength;
  if (n > REPLY_PIECE) {
    yield SUCCESS;
    for (let off = 0; off < n; off += REPLY_PIECE) {
      const part = content.subarray(off, Math.min(off + REPLY_PIECE, n));
      const out = Buffer.allocUnsafe(encodedContentLength(part.length));
      writeContent(out, 0, part);
      yield out;
    }
    yield Buffer.concat([FLUSH, FLUSH]);
    return;
  }
  const out = Buffer.allocUnsafe(SUCCESS.length + encodedContentLength(n) + 2 * FLUSH.length);
  out.set(SUCCESS, 0);
  let at = writeContent(out, SUCCESS.length, content);
  out.set(FLUSH, at);
  at += FLUSH.length;
  out.set(FLUSH, at);
  yield out;
}

function describe(e: unknown, request: FilterRequest): string {
  if (isNbgitError(e)) return e.file ? e.message : `${request.pathname}: ${e.message}`;
  return `${request.pathname}: ${e instanceof Error ? e.message : String(e)}`;
}
