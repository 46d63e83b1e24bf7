/** jupytext's pairing metadata (`jupytext.formats`), as the text writers update it. */

/**
 * `ipynb,groovy:light` with extension `.groovy` becomes `ipynb,groovy:percent` (jupytext's pairing
 * rewrite): the entry of the written extension names the written format (`formatName`, default `percent`).
 */
export function rewriteFormats(formats: string, ext: string, formatName = 'percent'): string {
  const parts = formats.split(',').filter(Boolean);
  let changed = false;
  const out = parts.map((f) => {
    let rest = f;
    let prefix = '';
    const slash = rest.lastIndexOf('/');
    if (slash > 0) {
      prefix = `${rest.slice(0, slash)}/`;
      rest = rest.slice(slash + 1);
    }
    const colon = rest.lastIndexOf(':');
    const e = colon >= 0 ? rest.slice(0, colon) : rest;
    const dot = e.lastIndexOf('.');
    const extension = dot > 0 ? e.slice(dot) : e.startsWith('.') ? e : `.${e}`;
    if (extension === ext && !prefix && dot <= 0) {
      changed = true;
      return `${ext.slice(1)}:${formatName}`;
    }
    return f;
  });
  return changed ? out.join(',') : formats;
}
