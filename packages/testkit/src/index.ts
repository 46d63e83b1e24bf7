/**
 * Test helpers shared by every package's tests (not published): where `../shared` is and
 * listing fixture files, skips that say why, cell and notebook builders, an isolated git
 * environment and fast-check notebook generators.
 */

export * from './arbitraries.js';
export * from './git.js';
export * from './notebooks.js';
export * from './shared.js';
