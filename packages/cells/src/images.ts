/**
 * Image sizes from base64 data, decoding only the few bytes that hold them: a PNG's IHDR
 * (bytes 16-23), a GIF's logical screen (bytes 6-9), a JPEG's first start-of-frame marker
 * (found by hopping from segment to segment, so an EXIF block costs nothing).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
VALUE['-'.charCodeAt(0)] = 62; // base64url
VALUE['_'.charCodeAt(0)] = 63;

/** Random access to the bytes of base64 text (whitespace removed first, only when there is some). */
class Base64Bytes {
  private readonly text: string;
  /** Number of bytes the text decodes to. */
  readonly length: number;

  constructor(text: string) {
    this.text = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
    let pad = 0;
    while (pad < 2 && this.text.endsWith('='.repeat(pad + 1))) pad++;
    this.length = Math.max(0, Math.floor((this.text.length * 3) / 4) - pad);
  }

  /** The byte at `i`, or -1 past the end or on a character that is not base64. */
  at(i: number): number {
    if (i < 0 || i >= this.length) return -1;
    const q = Math.floor(i / 3) * 4;
    const v = (k: number) => {
      const c = this.text.charCodeAt(q + k);
      return c < 128 ? VALUE[c]! : -1;
    };
    const a = v(0);
    const b = v(1);
    switch (i % 3) {
      case 0:
        return a < 0 || b < 0 ? -1 : ((a << 2) | (b >> 4)) & 255;
      case 1: {
        const c = v(2);
        return b < 0 || c < 0 ? -1 : ((b << 4) | (c >> 2)) & 255;
      }
      default: {
        const c = v(2);
        const d = v(3);
        return c < 0 || d < 0 ? -1 : ((c << 6) | d) & 255;
      }
    }
  }

  u16be(i: number): number {
    const a = this.at(i);
    const b = this.at(i + 1);
    return a < 0 || b < 0 ? -1 : (a << 8) | b;
  }

  u16le(i: number): number {
    const a = this.at(i);
    const b = this.at(i + 1);
    return a < 0 || b < 0 ? -1 : a | (b << 8);
  }

  u32be(i: number): number {
    const a = this.u16be(i);
    const b = this.u16be(i + 2);
    return a < 0 || b < 0 ? -1 : a * 65536 + b;
  }
}

/** Width and height of an image. */
export interface ImageSize {
  width: number;
  height: number;
}

/** How many bytes base64 text decodes to. */
export function base64Length(text: string): number {
  return new Base64Bytes(text).length;
}

/**
 * The pixel size of a PNG, GIF or JPEG given as base64, read from its header; undefined
 * for other formats or a header that is cut short.
 */
export function imageSize(base64: string): ImageSize | undefined {
  const b = new Base64Bytes(base64);
  // PNG: 89 50 4E 47 0D 0A 1A 0A, then the IHDR chunk: width and height, big-endian
  if (b.at(0) === 0x89 && b.at(1) === 0x50 && b.at(2) === 0x4e && b.at(3) === 0x47) {
    const width = b.u32be(16);
    const height = b.u32be(20);
    return width < 0 || height < 0 ? undefined : { width, height };
  }
  // GIF87a / GIF89a: logical screen width and height, little-endian
  if (b.at(0) === 0x47 && b.at(1) === 0x49 && b.at(2) === 0x46 && b.at(3) === 0x38) {
    const width = b.u16le(6);
    const height = b.u16le(8);
    return width < 0 || height < 0 ? undefined : { width, height };
  }
  // JPEG: FF D8, then segments FF xx LEN...; the frame header (SOF0-SOF15 but C4, C8, CC) holds height then width
  if (b.at(0) === 0xff && b.at(1) === 0xd8) {
    let i = 2;
    for (let hops = 0; hops < 10000 && i < b.length; hops++) {
      if (b.at(i) !== 0xff) return undefined;
      let marker = b.at(i + 1);
      while (marker === 0xff) marker = b.at(++i + 1); // fill bytes
      if (marker < 0) return undefined;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const len = b.u16be(i + 2);
      if (len < 2) return undefined;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        const height = b.u16be(i + 5);
        const width = b.u16be(i + 7);
        return width < 0 || height < 0 ? undefined : { width, height };
      }
      i += 2 + len;
    }
  }
  return undefined;
}
