/**
 * @nbgit/review: a notebook diff as one self-contained HTML page for people to review
 * (rendered markdown and outputs, side-by-side cells, image comparison). Pure: no file
 * system, process or console; works in a browser.
 */
export { ansiLines, stripAnsi } from './ansi.js';
export { type ConflictNote, type ConflictSides, conflictsOf, splitConflictMarkers } from './conflict.js';
export { formatSize } from './html.js';
export { type PixelDiff, pngDifference } from './images.js';
export { type ReviewFile, type ReviewOptions, type ReviewPage, renderReview, reviewHtml } from './page.js';
export { markdownHtml, needsScripts, outputHtml } from './sanitize.js';
export { SCRIPT, SCRIPT_HASH } from './script.js';
