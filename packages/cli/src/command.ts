/**
 * One `nbgit` subcommand, declared as data: its summary, synopsis, description and options
 * (an {@link OptionsSpec}) in one {@link CommandSpec}. {@link defineCommand} turns it into a
 * {@link Command}: the arguments are parsed and typed from the spec, and the `--help` text is
 * written from it, so an option cannot be accepted without being documented or the other way.
 *
 * ```ts
 * export const command = defineCommand(
 *   { summary: 'say hello', usage: 'nbgit hello [--loud] NAME', description: 'Greets NAME.',
 *     options: { loud: { type: 'boolean', help: 'in capitals' } } },
 *   async ({ options, positionals }, io) => { io.stdout.write(...); return 0; },
 * );
 * ```
 */
import { type OptionsSpec, optionsHelp, type ParsedArgs, parseArgs } from './args.js';
import type { CliIO } from './io.js';

/** What a command is, as data. */
export interface CommandSpec<S extends OptionsSpec> {
  /** One line for `nbgit --help`. */
  summary: string;
  /** The synopsis line(s), without `Usage: ` (`nbgit diff [options] A B`). */
  usage: string | readonly string[];
  /** What the command does, in paragraphs (shown between the synopsis and the options). */
  description?: string;
  /** The options, in the order `--help` lists them. */
  options: S;
  /** Shown after the options (exit status, examples). */
  footer?: string;
  /**
   * The arguments are paths git passes (`%f`), never options: none is parsed as one (a
   * leading `--` is dropped). For the commands git runs.
   */
  pathsOnly?: boolean;
  /** Rewrites the arguments before they are parsed (a legacy spelling that needs its position). */
  rewrite?: (argv: readonly string[]) => string[];
}

/** One `nbgit` subcommand. */
export interface Command {
  /** One line for `nbgit --help`. */
  summary: string;
  /** Full usage text for `nbgit CMD --help`. */
  usage: string;
  /** The options it accepts (for suggestions and help). */
  options: OptionsSpec;
  /** Runs the command; resolves to the exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** The `--help` text of a command spec. */
export function usageText(spec: CommandSpec<OptionsSpec>): string {
  const lines = typeof spec.usage === 'string' ? [spec.usage] : [...spec.usage];
  const parts = [lines.map((l, i) => `${i === 0 ? 'Usage: ' : '       '}${l}`).join('\n')];
  if (spec.description) parts.push(spec.description.trim());
  const options = optionsHelp(spec.options);
  if (options) parts.push(`Options:\n${options}`);
  if (spec.footer) parts.push(spec.footer.trim());
  return `${parts.join('\n\n')}\n`;
}

/** A {@link Command} from its spec and a function given the parsed, typed arguments. */
export function defineCommand<S extends OptionsSpec>(spec: CommandSpec<S>, run: (args: ParsedArgs<S>, io: CliIO) => Promise<number>): Command {
  return {
    summary: spec.summary,
    usage: usageText(spec),
    options: spec.options,
    run: (argv, io) => {
      if (!spec.pathsOnly) return run(parseArgs(spec.rewrite ? spec.rewrite(argv) : argv, spec.options), io);
      const positionals = argv[0] === '--' ? argv.slice(1) : [...argv];
      return run({ positionals, afterDashDash: positionals, options: {} }, io);
    },
  };
}
