// Notebook comparisons for the light tests, in the forms the format promises.
import type { Notebook } from '@nbgit/core';
import { toIpynb } from '@nbgit/ipynb';
import { inputsOnly } from '@nbgit/testkit';

export { cellsOf } from '@nbgit/testkit';

/** The notebook as `.ipynb` text without outputs and execution counts (what text formats do not carry). */
export function inputsText(nb: Notebook): string {
  return toIpynb(inputsOnly(nb));
}
