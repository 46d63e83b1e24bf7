/**
 * pkt-line: the framing of git's long-running filter protocol (and of git's wire protocol).
 *
 * Grammar (gitprotocol-common(5), "pkt-line Format"):
 *
 * ```
 * pkt-line     =  data-pkt / flush-pkt
 * data-pkt     =  pkt-len pkt-payload
 * pkt-len      =  4*(HEXDIG)
 * pkt-payload  =  (pkt-len - 4)*(OCTET)
 * flush-pkt    =  "0000"
 * ```
 *
 * - `pkt-len` is the length of the whole packet in lowercase hexadecimal, *including* its
 *   own 4 bytes. The largest packet is 65520 bytes, so a payload holds at most 65516 bytes.
 * - `0000` (flush) ends a list. `0001` (delim) and `0002` (response end) exist in protocol
 *   v2 but not in the filter protocol; `0003` is never valid. An empty data packet (`0004`)
 *   should not be sent, but a reader accepts it.
 * - A text packet ends with `\n`, which the receiver strips; binary content is split over
 *   as many packets as it needs, each payload at most 65516 bytes.
 *
 * Worked examples (payloads quoted):
 *
 * ```
 * "version=2\n"        -> 000eversion=2\n      (4 + 10 = 14 = 0x000e)
 * "git-filter-server\n" -> 0016git-filter-server\n (4 + 18 = 22 = 0x0016)
 * end of a list        -> 0000
 * 100000 content bytes -> fff0<65516 bytes> 86b8<34484 bytes> 0000
 * ```
 *
 * The reader returns tagged values (`{type: 'data' | 'flush' | 'end'}`), never
 * `null`/`true`: `end` is a clean end of input between packets; input that stops inside
 * a packet, or a malformed length, is an `EPROTOCOL` {@link NbgitError}.
 */
import { NbgitError } from '@nbgit/core';

/** The largest payload of one packet. */
export const MAX_PAYLOAD = 65516;

/** A flush packet, `0000`. */
export const FLUSH: Buffer = Buffer.from('0000', 'latin1');

/** One packet read by {@link PktLineReader}. */
export type Packet = { type: 'data'; data: Buffer } | { type: 'flush' } | { type: 'delim' } | { type: 'end' };

const HEX = '0123456789abcdef';

function header(length: number): string {
  return HEX[(length >> 12) & 15]! + HEX[(length >> 8) & 15]! + HEX[(length >> 4) & 15]! + HEX[length & 15]!;
}

/** Encodes one text packet: `text` plus `\n`. Throws if it does not fit in one packet. */
export function encodeText(text: string): Buffer {
  const payload = Buffer.from(`${text}\n`, 'utf8');
  if (payload.length > MAX_PAYLOAD) throw new NbgitError('EPROTOCOL', `pkt-line text too long (${payload.length} bytes)`);
  return Buffer.concat([Buffer.from(header(payload.length + 4), 'latin1'), payload]);
}

/** Encodes a list of text packets followed by a flush. */
export function encodeList(lines: readonly string[]): Buffer {
  return Buffer.concat([...lines.map(encodeText), FLUSH]);
}

/** Encodes binary content as data packets of at most 65516 bytes each (no flush; nothing for empty content). */
export function encodeContent(data: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let off = 0; off < bytes.length; off += MAX_PAYLOAD) {
    const chunk = bytes.subarray(off, Math.min(off + MAX_PAYLOAD, bytes.length));
    out.push(Buffer.from(header(chunk.length + 4), 'latin1'), chunk);
  }
  return out;
}

function parseLength(buf: Buffer, at: number): number {
  let n = 0;
  for (let i = 0; i < 4; i++) {
    const c = buf[at + i]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) throw new NbgitError('EPROTOCOL', `bad pkt-line length ${JSON.stringify(buf.toString('latin1', at, at + 4))}`);
    n = n * 16 + d;
  }
  return n;
}

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
  async read(): Promise<Packet> {
    if (this.end - this.start < 4 && !(await this.fill(4))) {
      if (this.end - this.start === 0) return { type: 'end' };
      throw new NbgitError('EPROTOCOL', 'input ended inside a pkt-line length');
    }
    const length = parseLength(this.buf, this.start);
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
