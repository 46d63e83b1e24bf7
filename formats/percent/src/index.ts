/**
 * @nbgit/percent: jupytext's percent scripts (`# %%` cells), read and written losslessly.
 * Pure: no file system, process or console; works in a browser.
 */
export { fromPercent } from './from-percent.js';
export type { FromPercentOptions } from './read.js';
export { type ToPercentOptions, toPercent } from './write.js';
