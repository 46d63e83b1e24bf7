/**
 * @nbgit/quarto: Quarto documents (`.qmd`) as notebooks, read and written without the Quarto
 * binary: front matter, ```` ```{python} ```` cells with `#|` options, lossless round trips.
 * Pure: no file system, process or console; works in a browser.
 */
export { type FromQuartoOptions, fromQuarto } from './read.js';
export { type ToQuartoOptions, toQuarto } from './write.js';
