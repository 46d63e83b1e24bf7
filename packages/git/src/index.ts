/** @nbgit/git: the I/O side of nbgit: git filters, drivers, install, and file helpers. */
export { writeFileAtomic } from './fs.js';
