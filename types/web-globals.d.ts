/**
 * The web platform globals that pure packages may use: the Encoding API (TextEncoder,
 * TextDecoder) and base64 (atob, btoa), which browsers and Node (16 and later) both have.
 * Pure packages compile with `types: []` and `lib: ["es2023"]` (no DOM, no Node): nothing
 * else of a host (console, process, Buffer, timers, fetch, document) is declared for them,
 * so the compiler refuses it. Tests compile on their own with Node's types.
 */

interface TextDecodeOptions {
  stream?: boolean;
}

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}

declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};

interface TextEncoderEncodeIntoResult {
  read: number;
  written: number;
}

interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): TextEncoderEncodeIntoResult;
}

declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

declare function atob(data: string): string;
declare function btoa(data: string): string;
