/** nbgit's CLI as a library: `main(argv, io)` runs a command with the given I/O. */

export { parseArgs } from './args.js';
export type { Command } from './commands/index.js';
export type { CliIO } from './io.js';
export { main, runMain } from './main.js';
