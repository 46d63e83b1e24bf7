/**
 * pkt-line: the framing of git's long-running filter protocol (and of git's wire protocol):
 * the codec, on bytes. The reader of a stream of packets is `../pktline.ts`.
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
export const FLUSH: Uint8Array = new Uint8Array([48, 48, 48, 48]);

/** One packet (`data` as `B`: the reader gives Buffers). */
export type Packet<B extends Uint8Array = Uint8Array> = { type: 'data'; data: B } | { type: 'flush' } | { type: 'delim' } | { type: 'end' };

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const encoder = new TextEncoder();

/**
 * Writes the 4-byte header of a packet with a `payloadLength`-byte payload into `target` at
 * `at` (`payloadLength + 4` in lowercase hex); returns the offset after it.
 */
export function writePktHeader(target: Uint8Array, at: number, payloadLength: number): number {
  const n = payloadLength + 4;
  target[at] = HEX[(n >> 12) & 15]!;
  target[at + 1] = HEX[(n >> 8) & 15]!;
  target[at + 2] = HEX[(n >> 4) & 15]!;
  target[at + 3] = HEX[n & 15]!;
  return at + 4;
}

/** The header of a packet with a `payloadLength`-byte payload. */
export function pktHeader(payloadLength: number): Uint8Array {
  const out = new Uint8Array(4);
  writePktHeader(out, 0, payloadLength);
  return out;
}

/** Reads the 4 hex digits at `at` (either case); throws `EPROTOCOL` on anything else. */
export function parsePktLength(bytes: Uint8Array, at: number): number {
  let n = 0;
  for (let i = 0; i < 4; i++) {
    const c = bytes[at + i]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) throw new NbgitError('EPROTOCOL', `bad pkt-line length ${JSON.stringify(String.fromCharCode(...bytes.subarray(at, at + 4)))}`);
    n = n * 16 + d;
  }
  return n;
}

/** Encodes one text packet: `text` plus `\n`. Throws if it does not fit in one packet. */
export function encodeText(text: string): Uint8Array {
  const payload = encoder.encode(`${text}\n`);
  if (payload.length > MAX_PAYLOAD) throw new NbgitError('EPROTOCOL', `pkt-line text too long (${payload.length} bytes)`);
  const out = new Uint8Array(payload.length + 4);
  out.set(payload, writePktHeader(out, 0, payload.length));
  return out;
}

/** Encodes a list of text packets followed by a flush. */
export function encodeList(lines: readonly string[]): Uint8Array {
  const packets = lines.map(encodeText);
  const out = new Uint8Array(packets.reduce((n, p) => n + p.length, 0) + FLUSH.length);
  let at = 0;
  for (const p of packets) {
    out.set(p, at);
    at += p.length;
  }
  out.set(FLUSH, at);
  return out;
}

/** Encodes binary content as header, payload, header, payload... (payloads of at most 65516 bytes; nothing for empty content; no flush). */
export function encodeContent(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += MAX_PAYLOAD) {
    const chunk = data.subarray(off, Math.min(off + MAX_PAYLOAD, data.length));
    out.push(pktHeader(chunk.length), chunk);
  }
  return out;
}

/** The size of `content` sent as packets: its bytes plus a 4-byte header per packet. */
export function encodedContentLength(contentLength: number): number {
  return contentLength + 4 * Math.ceil(contentLength / MAX_PAYLOAD);
}

/** Writes `content` as packets into `target` at `at` (room: {@link encodedContentLength}); returns the offset after it. */
export function writeContent(target: Uint8Array, at: number, content: Uint8Array): number {
  for (let off = 0; off < content.length; off += MAX_PAYLOAD) {
    const n = Math.min(MAX_PAYLOAD, content.length - off);
    at = writePktHeader(target, at, n);
    target.set(content.subarray(off, off + n), at);
    at += n;
  }
  return at;
}
