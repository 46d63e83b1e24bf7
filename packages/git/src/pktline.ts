/**
 * Reading git's pkt-line packets from a stream or a blocking byte source. The grammar and
 * the codec are in `models/pkt-line.ts`.
 */
import { NbgitError } from '@nbgit/core';
import { MAX_PAYLOAD, type Packet, parsePktLength } from './models/pkt-line.js';

export { encodeContent, encodeList, encodeText, FLUSH, MAX_PAYLOAD, type Packet } from './models/pkt-line.js';

/**
 * A synchronous byte source: reads at most `length` bytes into `buffer` at `offset` and
 * returns how many it read, blocking until at least one is there; 0 at the end of input.
 * (`(b, o, n) => readSync(fd, b, o, n, null)` on a blocking file descriptor.)
 */
export type ByteReader = (buffer: Uint8Array, offset: number, length: number) => number;

/** Room kept free for reads: one largest packet. */
const READ_ROOM = 65536;

/**
 * Reads packets from a byte stream (e.g. `process.stdin`) or a {@link ByteReader}. Bytes
 * go into one growing buffer: packets are views into it, never copied one by one, and a
 * buffer is never overwritten once a view into it was handed out (a full one is replaced).
 */
export class PktLineReader {
  private readonly chunks: AsyncIterator<Uint8Array | string> | undefined;
  private readonly readBytes: ByteReader | undefined;
  private buf: Buffer = Buffer.allocUnsafe(4 * READ_ROOM);
  private start = 0;
  private end = 0;
  private done = false;

  constructor(source: AsyncIterable<Uint8Array | string> | ByteReader) {
    if (typeof source === 'function') this.readBytes = source;
    else this.chunks = source[Symbol.asyncIterator]();
  }

  /** Makes room for `n` more bytes after the unread ones, in a new buffer if need be. */
  private room(n: number): void {
    if (this.buf.length - this.end >= n) return;
    const unread = this.end - this.start;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length, 2 * (unread + n)));
    this.buf.copy(next, 0, this.start, this.end);
    this.buf = next;
    this.start = 0;
    this.end = unread;
  }

  /** Makes at least `n` unread bytes available; false when the input ends first. */
  private async fill(n: number): Promise<boolean> {
    while (this.end - this.start < n) {
      if (this.done) return false;
      if (this.readBytes !== undefined) {
        this.room(Math.max(READ_ROOM, n - (this.end - this.start)));
        const got = this.readBytes(this.buf, this.end, this.buf.length - this.end);
        if (got === 0) this.done = true;
        this.end += got;
        continue;
      }
      const r = await this.chunks!.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
      this.room(chunk.byteLength);
      this.buf.set(chunk, this.end);
      this.end += chunk.byteLength;
    }
    return true;
  }

  /** Reads the next packet. */
  async read(): Promise<Packet<Buffer>> {
    if (this.end - this.start < 4 && !(await this.fill(4))) {
      if (this.end - this.start === 0) return { type: 'end' };
      throw new NbgitError('EPROTOCOL', 'input ended inside a pkt-line length');
    }
    const length = parsePktLength(this.buf, this.start);
    if (length === 0) {
      this.start += 4;
      return { type: 'flush' };
    }
    if (length === 1) {
      this.start += 4;
      return { type: 'delim' };
    }
    if (length < 4 || length > MAX_PAYLOAD + 4) throw new NbgitError('EPROTOCOL', `bad pkt-line length ${length}`);
    if (this.end - this.start < length && !(await this.fill(length))) throw new NbgitError('EPROTOCOL', `input ended inside a ${length}-byte pkt-line`);
    const data = this.buf.subarray(this.start + 4, this.start + length);
    this.start += length;
    return { type: 'data', data };
  }

  /**
   * Reads text packets up to a flush, each without its final `\n`. Returns `undefined`
   * when the input ends cleanly before the list starts.
   */
  async readList(): Promise<string[] | undefined> {
    const lines: string[] = [];
    for (;;) {
      const p = await this.read();
      if (p.type === 'flush') return lines;
      if (p.type === 'end') {
        if (lines.length === 0) return undefined;
        throw new NbgitError('EPROTOCOL', 'input ended inside a pkt-line list (no flush)');
      }
      if (p.type === 'delim') throw new NbgitError('EPROTOCOL', 'unexpected delim packet (0001) in a list');
      const n = p.data.length;
      lines.push(p.data.toString('utf8', 0, n > 0 && p.data[n - 1] === 10 ? n - 1 : n));
    }
  }

  /** Reads data packets up to a flush and returns them joined. */
  async readContent(): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const p = await this.read();
      if (p.type === 'flush') break;
      if (p.type !== 'data')
        throw new NbgitError('EPROTOCOL', p.type === 'end' ? 'input ended inside content (no flush)' : 'unexpected delim packet (0001) in content');
      parts.push(p.data);
      total += p.data.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
  }
}
