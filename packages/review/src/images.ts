/**
 * Images: mime bundles to data URIs (with the page's size cap), and the pixel difference of
 * two PNGs. The PNG path is pure JavaScript (fast-png decodes and encodes, pixelmatch
 * compares), so it runs in a browser as well as in Node; pngjs was not used because it needs
 * Node's Buffer and zlib.
 */
import type { JsonValue } from '@nbgit/core';
import { decode, encode } from 'fast-png';
import pixelmatch from 'pixelmatch';
import { formatSize } from './html.js';

/** Image types shown as pictures, richest first. */
export const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/svg+xml'] as const;

/** Largest image (in pixels per side product) compared pixel by pixel; larger ones get the overlay only. */
const MAX_PIXELS = 16_000_000;

/** How images go into the page, and what went in. */
export interface ImageContext {
  /** Largest image embedded, in bytes of its data URI; `0` embeds none. */
  maxBytes: number;
  /** Compute pixel differences of changed PNGs. */
  pixelDiff: boolean;
  /** Images embedded so far, and their bytes. */
  embedded: number;
  embeddedBytes: number;
  /** Images left out by the cap. */
  omitted: number;
  /**
   * Counts an image of `uriLength` bytes: `undefined` when it goes in, else the note to show
   * instead (`image omitted: 1.2 MB, over the 500 kB cap`).
   */
  admit(uriLength: number): string | undefined;
}

/** A new image context. */
export function imageContext(options: { maxBytes?: number; pixelDiff?: boolean } = {}): ImageContext {
  return {
    maxBytes: options.maxBytes ?? Number.POSITIVE_INFINITY,
    pixelDiff: options.pixelDiff ?? true,
    embedded: 0,
    embeddedBytes: 0,
    omitted: 0,
    admit(uriLength: number) {
      if (uriLength > this.maxBytes) {
        this.omitted++;
        return this.maxBytes === 0
          ? `image omitted (${formatSize(uriLength)})`
          : `image omitted: ${formatSize(uriLength)}, over the ${formatSize(this.maxBytes)} cap`;
      }
      this.embedded++;
      this.embeddedBytes += uriLength;
      return undefined;
    },
  };
}

const SAFE_DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|bmp|svg\+xml)(;[A-Za-z0-9=.+_-]+)*,/;

/** True for a `data:` URI of an image type browsers show without running anything. */
export function isSafeDataImage(src: string): boolean {
  return SAFE_DATA_IMAGE.test(src);
}

function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((x) => typeof x === 'string')) return value.join('');
  return undefined;
}

/**
 * The data URI of a mime bundle value: base64 for raster types (whitespace removed), percent-
 * encoded text for SVG. `undefined` when the value is not what the type needs.
 */
export function dataUri(mime: string, value: JsonValue | undefined): string | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  if (mime === 'image/svg+xml') return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(t)}`;
  const b64 = t.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
  return `data:${mime};base64,${b64}`;
}

/** The first image of a bundle as an `<img>` source, or the note to show instead. */
export function imageFromBundle(bundle: JsonValue, ctx: ImageContext): { mime: string; src?: string; note?: string } | undefined {
  if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle)) return undefined;
  for (const mime of IMAGE_MIMES) {
    if (!(mime in bundle)) continue;
    const src = dataUri(mime, bundle[mime]);
    if (src === undefined) return { mime, note: `${mime} that is not valid data` };
    const note = ctx.admit(src.length);
    return note ? { mime, note } : { mime, src };
  }
  return undefined;
}

/** The pixel difference of two PNGs. */
export interface PixelDiff {
  width: number;
  height: number;
  /** Pixels that differ (pixelmatch, threshold 0.1, anti-aliasing ignored). */
  different: number;
  /** A PNG data URI: the old image faded, differing pixels in red. */
  src: string;
}

/**
 * Compares two PNG images (base64, as a notebook stores them) pixel by pixel. `undefined` when
 * either does not decode, their sizes differ or they are very large: the page then offers
 * the overlay only.
 */
export function pngDifference(a: JsonValue | undefined, b: JsonValue | undefined): PixelDiff | undefined {
  const ta = text(a);
  const tb = text(b);
  if (ta === undefined || tb === undefined) return undefined;
  try {
    const ba = fromBase64(ta);
    const bb = fromBase64(tb);
    // the sizes (IHDR, bytes 16-23) first: images of different sizes are not decoded
    const dims = (x: Uint8Array) => x.subarray(16, 24).join(',');
    if (dims(ba) !== dims(bb)) return undefined;
    const ia = rgba(decode(ba));
    const ib = rgba(decode(bb));
    if (ia.width !== ib.width || ia.height !== ib.height || ia.width * ia.height > MAX_PIXELS) return undefined;
    const out = new Uint8Array(ia.width * ia.height * 4);
    const different = pixelmatch(ia.data, ib.data, out, ia.width, ia.height, { threshold: 0.1 });
    const png = encode({ width: ia.width, height: ia.height, data: out, channels: 4, depth: 8 });
    return { width: ia.width, height: ia.height, different, src: `data:image/png;base64,${toBase64(png)}` };
  } catch {
    return undefined;
  }
}

/** Decoded PNG pixels as 8-bit RGBA (any depth, grey, grey+alpha, RGB, RGBA or indexed). */
function rgba(png: ReturnType<typeof decode>): { width: number; height: number; data: Uint8Array } {
  const { width, height, channels, depth, palette, transparency } = png;
  const src = png.data;
  const out = new Uint8Array(width * height * 4);
  const rowSamples = width * channels;
  const rowBytes = Math.ceil((rowSamples * depth) / 8);
  const max = (1 << depth) - 1;
  // sample c of pixel (x, y): packed bits below 8, bytes at 8, 16-bit words at 16
  const sample = (x: number, y: number, c: number): number => {
    const k = x * channels + c;
    if (depth === 8) return src[y * rowSamples + k] as number;
    if (depth === 16) return (src[y * rowSamples + k] as number) >> 8;
    const bit = k * depth;
    const byte = src[y * rowBytes + (bit >> 3)] as number;
    return (byte >> (8 - depth - (bit & 7))) & max;
  };
  const scale = (v: number) => (depth < 8 && !palette ? Math.round((v * 255) / max) : v);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (palette) {
        const idx = sample(x, y, 0);
        const c = palette[idx] ?? [0, 0, 0];
        out[o] = c[0] as number;
        out[o + 1] = c[1] as number;
        out[o + 2] = c[2] as number;
        out[o + 3] = c.length > 3 ? (c[3] as number) : transparency && idx < transparency.length ? (transparency[idx] as number) : 255;
      } else if (channels <= 2) {
        const g = scale(sample(x, y, 0));
        out[o] = g;
        out[o + 1] = g;
        out[o + 2] = g;
        out[o + 3] = channels === 2 ? scale(sample(x, y, 1)) : 255;
      } else {
        out[o] = scale(sample(x, y, 0));
        out[o + 1] = scale(sample(x, y, 1));
        out[o + 2] = scale(sample(x, y, 2));
        out[o + 3] = channels === 4 ? scale(sample(x, y, 3)) : 255;
      }
    }
  }
  return { width, height, data: out };
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
