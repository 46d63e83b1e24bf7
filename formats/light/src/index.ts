/**
 * @nbgit/light: jupytext's light scripts (`py:light`: cells as paragraphs, `# +` / `# -` markers
 * where needed), read and written, byte-compatible with jupytext where its text is faithful.
 * Pure: no file system, process or console; works in a browser.
 */
export { type FromLightOptions, fromLight } from './read.js';
export { type ToLightOptions, toLight } from './write.js';
