/** `nbgit smudge [PATH]`: the one-shot smudge filter (`filter.nbgit.smudge`): content unchanged. */
import { defineCommand } from '../command.js';

export const command = defineCommand(
  {
    summary: "git's one-shot smudge filter (filter.nbgit.smudge): passes content through",
    usage: 'nbgit smudge [PATH] < blob > file',
    description: `Copies stdin to stdout unchanged. Git needs a smudge filter when the filter is required
(a checkout fails without one); notebooks are checked out exactly as they were committed.`,
    options: {},
    pathsOnly: true,
  },
  async (_args, io) => {
    await new Promise<void>((resolve, reject) => {
      io.stdin.on('error', reject);
      io.stdin.on('end', resolve);
      io.stdin.pipe(io.stdout, { end: false });
    });
    return 0;
  },
);
