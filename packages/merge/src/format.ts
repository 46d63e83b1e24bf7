/**
 * The notebook's nbformat version through a merge: a merge keeps the version the files have
 * (nbformat 3 stays 3, with its worksheets, `input`, `prompt_number` and heading cells; 4.0-4.4
 * get no ids). Upgrading is something a user asks for, not a side effect of two people
 * editing a file.
 *
 * The merge itself works on nbformat 4 cells. An nbformat 3 side (as `fromIpynb` upgrades it,
 * or as `fromIpynb(text, {legacy: 'keep'})` returns it) is seen as its upgraded cells without
 * the ids the reader invented (the file has none) and with its own v3 metadata; a merge whose
 * result is nbformat 3 is written back as v3 by `downgradeV3`, with every unchanged v3 cell
 * and output the very object read (so its bytes are kept) and local's file layout.
 */
import { isJsonObject, type JsonObject, type Notebook } from '@nbgit/core';
import { downgradeV3, upgradedFrom, upgradeV3, withLayoutOf } from '@nbgit/ipynb';
import { withId } from './cell.js';
import type { MergeDecision } from './types.js';

/** An nbformat version. */
export interface Version {
  nbformat: number;
  minor: number;
}

/** One input of the merge, as the merge sees it. */
export interface SideInput {
  /** The notebook given. */
  given: Notebook;
  /** The notebook as the merge sees it: nbformat 4 cells. */
  model: Notebook;
  /** The file's version. */
  version: Version;
  /** For an nbformat 3 file: the v3 notebook as read (its layout remembered). */
  v3?: JsonObject;
}

/** The v3 object each cell or output of a v3 side's model was upgraded from (the merge's own copies included). */
export type Origins = Map<object, JsonObject>;

/** An input as the merge sees it (see the module comment); records the v3 origin of each model cell in `origins`. */
export function sideInput(given: Notebook, origins: Origins): SideInput {
  const raw = given as unknown as JsonObject;
  if (!isJsonObject(raw)) return { given, model: given, version: { nbformat: 4, minor: 0 } };
  let upgraded: Notebook | undefined;
  let v3: JsonObject | undefined;
  if (raw.nbformat === 3 && Array.isArray(raw.worksheets)) {
    v3 = raw;
    upgraded = upgradeV3(raw);
  } else if (given.nbformat === 4) {
    v3 = upgradedFrom(given);
    if (v3 !== undefined) upgraded = given;
  }
  if (upgraded === undefined || v3 === undefined) return { given, model: given, version: versionOf(given) };
  const cells = upgraded.cells.map((c) => {
    const copy = withId(c, undefined);
    const origin = upgradedFrom(c);
    if (origin !== undefined) origins.set(copy, origin);
    return copy;
  });
  const model = { ...upgraded, cells, metadata: isJsonObject(v3.metadata) ? v3.metadata : {}, nbformat: 4, nbformat_minor: 0 } as Notebook;
  return { given, model, version: { nbformat: 3, minor: num(v3.nbformat_minor) }, v3 };
}

function versionOf(nb: Notebook): Version {
  return { nbformat: num(nb.nbformat) || 4, minor: num(nb.nbformat_minor) };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** The notebook a side stands for, in its own version: what the result is when the other side changed nothing. */
export function asGiven(side: SideInput): Notebook {
  const original = (side.v3 ?? side.given) as Notebook;
  return withLayoutOf({ ...original }, original);
}

/**
 * The result's version: the higher of local's and remote's (a side that upgraded the file
 * upgraded it), with a decision when they differ.
 */
export function resultVersion(local: Version, remote: Version, decisions: MergeDecision[]): Version {
  const higher = local.nbformat > remote.nbformat || (local.nbformat === remote.nbformat && local.minor >= remote.minor) ? local : remote;
  if (local.nbformat !== remote.nbformat) {
    decisions.push({
      path: 'nbformat',
      rule: 'nbformat:max',
      message: `nbformat ${local.nbformat}.${local.minor} on local, ${remote.nbformat}.${remote.minor} on remote; took ${higher.nbformat}.${higher.minor}`,
    });
  } else if (local.minor !== remote.minor) {
    decisions.push({
      path: 'nbformat_minor',
      rule: 'nbformat_minor:max',
      message: `nbformat_minor ${local.minor} on local, ${remote.minor} on remote; took ${higher.minor}`,
    });
  }
  return higher;
}

/**
 * The merged notebook (nbformat 4 cells) in the result's version, in local's file layout:
 * nbformat 3 written back as v3 (like local's v3 file), nbformat 4 as it is.
 */
export function inVersion(merged: Notebook, version: Version, local: SideInput, remote: SideInput, origins: Origins): Notebook {
  if (version.nbformat === 3) {
    const like = local.v3 ?? remote.v3;
    const v3 = downgradeV3(merged, { like, originOf: (x) => origins.get(x) ?? upgradedFrom(x) });
    v3.nbformat_minor = version.minor;
    return v3;
  }
  merged.nbformat = version.nbformat;
  merged.nbformat_minor = version.minor;
  return withLayoutOf(merged, local.given);
}
