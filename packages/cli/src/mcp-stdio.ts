/**
 * `nbgit mcp`'s stdio transport: the MCP SDK's stdio framing (one JSON-RPC message a line,
 * UTF-8, `\n` ends a line and a `\r` before it is dropped, at most 10 MiB a message: the SDK's
 * `StdioServerTransport`), with JSON-RPC 2.0's answers to lines that are not messages, which
 * the SDK's transport drops without a word:
 *
 * - a line that is not JSON: `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,...}}` (parse error);
 * - JSON that is not a JSON-RPC message (no `method`, `params` not an object, a batch array...):
 *   code -32600 (invalid request), with the message's `id` when it has a usable one, else `null`;
 * - a line longer than the limit: -32600 with `id` null, the line skipped to its end (the SDK's
 *   transport closes instead).
 *
 * Blank lines are skipped. The server goes on with the next line in every case.
 */
import type { Readable, Writable } from 'node:stream';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';

/** The id an answer to `value` carries: its own when it is a string or an integer, else null. */
function idOf(value: unknown): string | number | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)) ? id : null;
}

/** Why `value` is not a JSON-RPC message, in a few words. */
function whyInvalid(value: unknown): string {
  if (Array.isArray(value)) return 'a batch (array) is not supported: send one message a line';
  if (value === null || typeof value !== 'object') return 'a message is a JSON object';
  const m = value as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return '"jsonrpc" must be "2.0"';
  if ('method' in m && typeof m.method !== 'string') return '"method" must be a string';
  if ('params' in m && (m.params === null || typeof m.params !== 'object' || Array.isArray(m.params))) return '"params" must be an object';
  if (!('method' in m) && !('result' in m) && !('error' in m)) return 'no "method" (nor "result" or "error")';
  return 'not a request, notification or response';
}

/** A transport over a readable and a writable stream (stdin and stdout), framed as the SDK frames stdio. */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** The start of the line being read. */
  private pending: Buffer[] = [];
  private size = 0;
  /** True while skipping the rest of a line longer than the limit. */
  private skipping = false;

  /**
   * @param input - where messages come from (stdin)
   * @param output - where answers go (stdout)
   * @param maxLine - the longest line read, in bytes (the SDK's limit by default)
   */
  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly maxLine: number = STDIO_DEFAULT_MAX_BUFFER_SIZE,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
  }

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.pending = [];
    this.size = 0;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((done) => {
      if (this.output.write(serializeMessage(message))) done();
      else this.output.once('drain', done);
    });
  }

  private readonly onInputError = (e: Error) => this.onerror?.(e);

  private readonly onData = (chunk: Buffer | string) => {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let nl = rest.indexOf(10); nl !== -1; nl = rest.indexOf(10)) {
      const part = rest.subarray(0, nl);
      rest = rest.subarray(nl + 1);
      const tooLong = this.skipping || this.size + part.length > this.maxLine;
      const line = tooLong ? '' : Buffer.concat([...this.pending, part]).toString('utf8');
      this.pending = [];
      this.size = 0;
      this.skipping = false;
      if (tooLong) this.fail(null, ErrorCode.InvalidRequest, `Invalid Request: a message longer than ${this.maxLine} bytes (the line was skipped)`);
      else this.read(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (rest.length === 0 || this.skipping) return;
    if (this.size + rest.length > this.maxLine) {
      this.skipping = true;
      this.pending = [];
      this.size = 0;
    } else {
      this.pending.push(rest);
      this.size += rest.length;
    }
  };

  /** One line: a message for the server, or an error answered here. */
  private read(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      this.fail(null, ErrorCode.ParseError, `Parse error: ${(e as Error).message}`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      this.fail(idOf(value), ErrorCode.InvalidRequest, `Invalid Request: ${whyInvalid(value)}`);
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private fail(id: string | number | null, code: number, message: string): void {
    this.onerror?.(new Error(message));
    // JSON-RPC 2.0 answers with id null when the request's id could not be read
    this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage).catch((e: Error) => this.onerror?.(e));
  }
}
