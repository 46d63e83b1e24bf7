/** nbgit's CLI as a library: `main(argv, io)` runs a command with the given I/O. */

export { closest, type OptionDef, type OptionsSpec, type OptionValues, optionsHelp, type ParsedArgs, parseArgs } from './args.js';
export { type Command, type CommandSpec, defineCommand, usageText } from './command.js';
export type { CliIO } from './io.js';
export { main, runMain } from './main.js';
