/** `nbgit smudge [PATH]`: the one-shot smudge filter (`filter.nbgit.smudge`): content unchanged. */
import type { Command } from './index.js';

export const command: Command = {
  summary: "git's one-shot smudge filter (filter.nbgit.smudge): passes content through",
  usage: `Usage: nbgit smudge [PATH] < blob > file

Copies stdin to stdout unchanged. Git needs a smudge filter when the filter is required
(a checkout fails without one); notebooks are checked out exactly as they were committed.`,
  async run(_argv, io) {
    await new Promise<void>((resolve, reject) => {
      io.stdin.on('error', reject);
      io.stdin.on('end', resolve);
      io.stdin.pipe(io.stdout, { end: false });
    });
    return 0;
  },
};
