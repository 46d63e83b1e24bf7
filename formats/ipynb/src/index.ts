/**
 * @nbgit/ipynb: byte-exact ipynb reader and writer. Pure.
 */

export { compareCodePoints, formatNumber, pythonFloat } from '@nbgit/core';
export { jupyterCellTexts } from './cell-texts.js';
export { type DowngradeOptions, downgradeV3, inReadVersion } from './downgrade.js';
export { ensureIds } from './ids.js';
export { type FromIpynbOptions, fromIpynb, inJupyterLayout, type ToIpynbOptions, toIpynb, toIpynbParts } from './ipynb.js';
export { type ParsedJson, parseJson } from './json.js';
export {
  inJupyterFormat,
  JUPYTER_HEAD,
  JUPYTER_SEP,
  type JupyterCell,
  type JupyterSource,
  type JupyterText,
  jupyterCells,
  jupyterCellText,
  jupyterRestText,
  jupyterSource,
  jupyterText,
} from './jupyter-cells.js';
export { isStringified } from './lazy-layout.js';
export { jupyterTailText, parseJupyterCell, parseJupyterTail, readJupyterLayout } from './lean-read.js';
export { upgradedFrom } from './origins.js';
export { withLayoutOf } from './remembered.js';
export { upgradeV3 } from './upgrade.js';
export { decodeUtf8 } from './utf8.js';
export { formatIssue, type ValidationIssue, validateNotebook, validInJupyterFormat } from './validate.js';
