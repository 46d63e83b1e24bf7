/**
 * The command table. Each command is a module exporting `command: Command`, loaded only
 * when it runs, so `nbgit` starts fast (git spawns it for every filter and driver call).
 */
import type { Command } from '../command.js';

export type { Command } from '../command.js';

/** Command name to loader, in the order `--help` lists them. */
export const commands: Record<string, () => Promise<{ command: Command }>> = {
  convert: () => import('./convert.js'),
  diff: () => import('./diff.js'),
  merge: () => import('./merge.js'),
  strip: () => import('./strip.js'),
  validate: () => import('./validate.js'),
  fmt: () => import('./fmt.js'),
  install: () => import('./install.js'),
  uninstall: () => import('./uninstall.js'),
  status: () => import('./status.js'),
  pair: () => import('./pair.js'),
  sync: () => import('./sync.js'),
  textconv: () => import('./textconv.js'),
  cells: () => import('./cells.js'),
  params: () => import('./params.js'),
  mcp: () => import('./mcp.js'),
  // What git runs (configured by `nbgit install`).
  'filter-process': () => import('./filter-process.js'),
  clean: () => import('./clean.js'),
  smudge: () => import('./smudge.js'),
  'diff-driver': () => import('./diff-driver.js'),
  'merge-driver': () => import('./merge-driver.js'),
};
