/** @nbgit/git: the I/O side of nbgit: git filters, drivers, install, and file helpers. */

export { type CleanOptions, cleanContent, conflictMarkerWarnings, requiredFilterHint } from './clean.js';
export {
  type ConfigEntries,
  isFilterRequired,
  parseConfigZ,
  parseGitBoolean,
  readConflictStyle,
  readNbgitConfig,
  readStripOptions,
  STRIP_CONFIG_KEYS,
  stripOptionsFromConfig,
} from './config.js';
export { type GitOptions, type GitResult, git } from './exec.js';
export {
  type ByteWriter,
  type FilterFunction,
  type FilterProcessOptions,
  type FilterProcessStats,
  type FilterRequest,
  serveFilterProcess,
} from './filter-process.js';
export { makeDirectory, writeFileAtomic } from './fs.js';
export { HOOKS, hooksInstalled, installHooks, uninstallHooks } from './hooks.js';
export {
  ATTRIBUTES_LINE,
  attributesFile,
  type ConfigEntry,
  displayPath,
  INSTALL_KEYS,
  type InstallOptions,
  type InstallResult,
  type InstallScope,
  type InstallStatus,
  install,
  installEntries,
  installStatus,
  type StatusEntry,
  shellQuote,
  type UninstallResult,
  uninstall,
} from './install.js';
export { findPair, isDirectory, type Pair, type SyncOutcome, type SyncPairOptions, SyncState, syncPair, workTreeOf } from './pairs.js';
export { type ByteReader, encodeContent, encodeList, encodeText, FLUSH, MAX_PAYLOAD, type Packet, PktLineReader } from './pktline.js';
export { type StdioPipes, stdioPipes } from './stdio.js';
export { notebookText } from './textconv.js';
