/** @nbgit/git: the I/O side of nbgit: git filters, drivers, install, and file helpers. */
export { writeFileAtomic } from './fs.js';
export { FLUSH, MAX_PAYLOAD, PktLineReader, encodeContent, encodeList, encodeText, type ByteReader, type Packet } from './pktline.js';
export { serveFilterProcess, type ByteWriter, type FilterFunction, type FilterProcessOptions, type FilterProcessStats, type FilterRequest } from './filter-process.js';
export { stdioPipes, type StdioPipes } from './stdio.js';
export { cleanContent, conflictMarkerWarnings, requiredFilterHint, type CleanOptions } from './clean.js';
export { git, type GitOptions, type GitResult } from './exec.js';
export {
  STRIP_CONFIG_KEYS,
  isFilterRequired,
  parseConfigZ,
  parseGitBoolean,
  readNbgitConfig,
  readStripOptions,
  stripOptionsFromConfig,
  type ConfigEntries,
} from './config.js';
export {
  ATTRIBUTES_LINE,
  INSTALL_KEYS,
  attributesFile,
  displayPath,
  install,
  installEntries,
  installStatus,
  shellQuote,
  uninstall,
  type ConfigEntry,
  type InstallOptions,
  type InstallResult,
  type InstallScope,
  type InstallStatus,
  type StatusEntry,
  type UninstallResult,
} from './install.js';
export { notebookText } from './textconv.js';
