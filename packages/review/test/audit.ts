// A structural check of a review page: everything in it that could run or load, listed.
import { SCRIPT } from '@nbgit/review';
import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';

const FORBIDDEN_TAGS = new Set(['iframe', 'object', 'embed', 'link', 'base', 'form', 'video', 'audio', 'svg', 'math', 'frame', 'frameset', 'applet', 'portal']);
const LOADING_ATTRS = ['srcSet', 'srcDoc', 'action', 'formAction', 'poster', 'background', 'data', 'ping', 'xLinkHref', 'manifest', 'codeBase'];

/** Every way the page could run code or make a request, as messages (empty: none). */
export function auditPage(html: string): string[] {
  const problems: string[] = [];
  let scripts = 0;
  let styles = 0;
  const walk = (n: Nodes, inHead: boolean) => {
    if (n.type === 'element') {
      const e = n as Element;
      const p = e.properties;
      const where = `<${e.tagName}${p.id ? ` id=${String(p.id)}` : ''}>`;
      if (e.tagName === 'script') {
        scripts++;
        const text = e.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
        if (text !== SCRIPT) problems.push(`a script that is not the page's own: ${text.slice(0, 80)}`);
        if (p.src !== undefined) problems.push('a script with src');
      }
      if (e.tagName === 'style') {
        styles++;
        if (!inHead) problems.push('a style element outside the head');
      }
      if (e.tagName === 'meta' && !inHead) problems.push('a meta element outside the head');
      if (e.tagName === 'meta' && typeof p.httpEquiv !== 'undefined' && String(p.httpEquiv).toLowerCase() !== 'content-security-policy')
        problems.push('a meta http-equiv');
      if (FORBIDDEN_TAGS.has(e.tagName)) problems.push(`a ${where} element`);
      for (const [k, v] of Object.entries(p)) {
        if (/^on/i.test(k)) problems.push(`event handler ${k} on ${where}`);
        if (LOADING_ATTRS.includes(k)) problems.push(`loading attribute ${k} on ${where}`);
        if (k === 'style' && /url\(|expression\(|@import/i.test(String(v))) problems.push(`style that loads on ${where}`);
      }
      if (p.href !== undefined && !String(p.href).startsWith('#')) problems.push(`href ${String(p.href).slice(0, 60)} on ${where}`);
      if (p.src !== undefined && !/^data:image\/(png|jpeg|gif|webp|bmp|svg\+xml)[;,]/.test(String(p.src)))
        problems.push(`src ${String(p.src).slice(0, 60)} on ${where}`);
      const head = inHead || e.tagName === 'head';
      for (const c of e.children) walk(c as Nodes, head);
      if (e.tagName === 'template' && e.content) walk(e.content as Nodes, head);
    } else if (n.type === 'root') for (const c of n.children) walk(c as Nodes, inHead);
  };
  walk(fromHtml(html), false);
  if (scripts !== 1) problems.push(`${scripts} script elements (expected the page's one)`);
  if (styles !== 1) problems.push(`${styles} style elements (expected the page's one)`);
  return problems;
}
