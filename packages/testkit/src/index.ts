/**
 * Test helpers shared by every package's tests (not published): where `../shared` is and
 * listing fixture files, skips that say why, cell and notebook builders, an isolated git
 * environment, fast-check notebook generators and `nbgit mcp` driven line by line.
 */

export * from './arbitraries.js';
export * from './git.js';
export * from './mcp.js';
export * from './notebooks.js';
export * from './shared.js';
