/**
 * @nbgit/sync: a notebook and its text twin kept in step (jupytext's pairing). Today: the update
 * mode, `updateNotebook(previous, incoming)`, which puts the cells of a notebook read from text
 * into the paired notebook without losing what the text cannot carry. Pure: no file system,
 * process or console; works in a browser.
 */
export { type UpdateOptions, updateNotebook } from './update.js';
