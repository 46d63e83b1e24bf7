/**
 * @nbgit/git: the I/O side of nbgit, layered as isomorphic-git is: `models/` are pure codecs
 * of git's wire formats (pkt-line, raw diff, cat-file --batch, check-attr -z, config -z);
 * `exec` is the one way git is run (byte mode); `api/` answers questions such as "which
 * notebooks differ between these revisions, with both sides' bytes"; around them the filter
 * process, the clean filter, strip options in git config, install/uninstall/status, textconv.
 * Paired notebooks on disk (they need every text format) are `@nbgit/git/pairs`: a command
 * that does not sync loads no text format.
 */
export {
  asStored,
  type ChangedFile,
  type ChangedSide,
  type DiffRevisionsOptions,
  diffRevisions,
  isNotebookPath,
  nbgitFiltered,
  SYMLINK_MODE,
} from './api/diff-revisions.js';
export { type MergeFileOptions, type MergeFileResult, mergeFile } from './api/merge-file.js';
export { checkAttributes, isRevision, mergeBase, type RepositoryOptions, repositoryTop } from './api/repository.js';

export { type OverridingLine, overridingLines } from './attribute-overrides.js';
export { type CleanOptions, cleanContent, conflictMarkerWarning, conflictMarkerWarnings, requiredFilterHint } from './clean.js';
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
export { type GitBytesResult, type GitOptions, type GitResult, git, runGit } from './exec.js';
export {
  type ByteWriter,
  type FilterFunction,
  type FilterProcessOptions,
  type FilterProcessStats,
  type FilterRequest,
  serveFilterProcess,
} from './filter-process.js';
export { type FileData, makeDirectory, writeFileAtomic } from './fs.js';
export { HOOKS, hooksInstalled, installHooks, uninstallHooks } from './hooks.js';
export {
  ATTRIBUTES_LINE,
  ATTRIBUTES_RECORD_KEY,
  type AttributesRemoval,
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
export * from './models/index.js';
export { type ByteReader, PktLineReader } from './pktline.js';
export { type StdioPipes, stdioPipes } from './stdio.js';
export { notebookText } from './textconv.js';
