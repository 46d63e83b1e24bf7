/**
 * Codecs of git's wire formats: pure functions on strings and bytes, no process or file
 * system. Each module quotes its format's grammar at its top.
 */
export { encodeCatFileRequest, parseCatFileBatch } from './cat-file.js';
export { parseCheckAttr } from './check-attr.js';
export { BARE, type ConfigEntries, type ConfigOriginEntry, parseConfigOriginZ, parseConfigZ } from './config-z.js';
export {
  encodeContent,
  encodedContentLength,
  encodeList,
  encodeText,
  FLUSH,
  MAX_PAYLOAD,
  type Packet,
  parsePktLength,
  pktHeader,
  writeContent,
  writePktHeader,
} from './pkt-line.js';
export { isZero, parseRawDiff, type RawChange } from './raw-diff.js';
