/** The page's style sheet: light and dark colour schemes, print rules. Inline in the page. */
export const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--del:#ffebe9;--delw:#ffb3ad;--add:#dafbe1;--addw:#9be9a8;
--mv:#9a6700;--mvbg:#fff8c5;--conf:#fff1e5;--confb:#bc4c00;--link:#0969da;--cur:#0969da;--math:#f3eefc;
--a-black:#24292f;--a-red:#cf222e;--a-green:#116329;--a-yellow:#9a6700;--a-blue:#0969da;--a-magenta:#8250df;--a-cyan:#1b7c83;--a-white:#6e7781;
--a-bblack:#57606a;--a-bred:#a40e26;--a-bgreen:#1a7f37;--a-byellow:#633c01;--a-bblue:#218bff;--a-bmagenta:#a475f9;--a-bcyan:#3192aa;--a-bwhite:#8c959f}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--soft:#151b23;--del:#3a1d20;--delw:#8e1519;--add:#12261e;--addw:#1f6f3a;
--mv:#d29922;--mvbg:#2e2410;--conf:#2d1b0e;--confb:#f0883e;--link:#4493f8;--cur:#4493f8;--math:#221a33;
--a-black:#8b949e;--a-red:#ff7b72;--a-green:#3fb950;--a-yellow:#d29922;--a-blue:#58a6ff;--a-magenta:#bc8cff;--a-cyan:#39c5cf;--a-white:#b1bac4;
--a-bblack:#6e7681;--a-bred:#ffa198;--a-bgreen:#56d364;--a-byellow:#e3b341;--a-bblue:#79c0ff;--a-bmagenta:#d2a8ff;--a-bcyan:#56d4dd;--a-bwhite:#f0f6fc}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:1400px;margin:0 auto;padding:0 16px 48px}
code,pre,table.diff{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
h1{font-size:22px;margin:16px 0 4px}
.sub{color:var(--muted);margin:0 0 12px}
.bar{position:sticky;top:0;z-index:5;display:flex;gap:8px;align-items:center;padding:6px 16px;background:var(--soft);border-bottom:1px solid var(--line);font-size:13px}
.bar button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);cursor:pointer}
.bar .pos{color:var(--muted)}.bar kbd{font:11px ui-monospace,monospace;border:1px solid var(--line);border-radius:4px;padding:0 4px}
.bar .keys{margin-left:auto;color:var(--muted)}
nav.files ol{margin:0 0 16px;padding-left:24px}nav.files a{color:var(--link);text-decoration:none}nav.files .sum{color:var(--muted)}
article.file{border:1px solid var(--line);border-radius:8px;margin:16px 0;padding:0 12px 12px}
h2.fhead{font-size:16px;margin:0 -12px 8px;padding:8px 12px;background:var(--soft);border-bottom:1px solid var(--line);border-radius:8px 8px 0 0;word-break:break-all}
h2.fhead .from{color:var(--muted);font-weight:normal}
.fsum{color:var(--muted);margin:4px 0 8px}
.notes{margin:4px 0;color:var(--muted)}
.cell{border:1px solid var(--line);border-radius:6px;margin:10px 0;padding:0 8px 8px;scroll-margin-top:48px}
.cell header{margin:0 -8px 8px;padding:4px 8px;border-bottom:1px solid var(--line);background:var(--soft);border-radius:6px 6px 0 0;font-size:13px}
.cell.cur{outline:2px solid var(--cur);outline-offset:1px}
.cell .op{font-weight:600;text-transform:uppercase;font-size:11px;letter-spacing:.04em;padding:1px 6px;border-radius:10px;border:1px solid var(--line)}
.cell.added>header .op{background:var(--add)}.cell.removed>header .op{background:var(--del)}.cell.modified>header .op{background:var(--soft)}
.cell.moved>header .op,.badge.mv{background:var(--mvbg);color:var(--mv)}.badge{font-size:11px;padding:1px 6px;border-radius:10px;border:1px solid var(--line)}
.cell.conflicted{border-color:var(--confb)}.cell.conflicted>header .op{background:var(--conf);color:var(--confb)}
.ty,.ec{color:var(--muted)}
.cell.plain{border-style:dashed}
details.same,div.same{margin:10px 0;padding:4px 10px;border:1px dashed var(--line);border-radius:6px;color:var(--muted)}
details.same>summary,details.raw>summary{cursor:pointer;color:var(--muted)}
details.same[open]{color:var(--fg)}
details.raw{margin:6px 0}
.pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:8px;margin:6px 0}
.side{min-width:0;border-left:3px solid var(--line);padding-left:8px}.side.old{border-left-color:var(--delw)}.side.new{border-left-color:var(--addw)}
.side.none{background:repeating-linear-gradient(135deg,transparent 0 6px,var(--soft) 6px 12px);border-left-color:var(--line);min-height:2em}
.tag{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
body.uni .pair{grid-template-columns:minmax(0,1fr)}body.uni .side.none{display:none}
pre{margin:4px 0;padding:6px 8px;background:var(--soft);border-radius:6px;white-space:pre-wrap;word-break:break-word;font-size:12.5px;line-height:1.45;overflow-x:auto}
pre.out{background:transparent;border:1px solid var(--line)}pre.stderr{background:var(--del)}pre.error{background:var(--del)}
table.diff{width:100%;border-collapse:collapse;table-layout:fixed;font-size:12.5px;line-height:1.45;margin:4px 0;border:1px solid var(--line)}
table.diff td{vertical-align:top;padding:0 6px;white-space:pre-wrap;word-break:break-word}
table.diff td.n{width:3.6em;color:var(--muted);text-align:right;user-select:none;background:var(--soft)}
table.diff td.n::before{content:attr(data-n)}
table.diff td.d{background:var(--del)}table.diff td.a{background:var(--add)}table.diff td.e{background:var(--soft)}
table.diff .wd{background:var(--delw);border-radius:2px}table.diff .wa{background:var(--addw);border-radius:2px}
table.diff tr.fold td{text-align:center;color:var(--muted);background:var(--soft);font-family:system-ui,sans-serif;font-size:12px}
table.uni td.c{width:auto}
.outs{margin-top:6px}.output{margin:6px 0}.ohead{font-size:12px;color:var(--muted)}.ohead .op{font-weight:600;text-transform:uppercase;font-size:10px}
.same-out{font-size:12px;color:var(--muted);margin:4px 0}
.mimes{font-size:11px;color:var(--muted)}
.note{font-size:12px;color:var(--muted);font-style:italic;padding:2px 0}
ul.keys{margin:6px 0;padding-left:20px;font-size:13px}ul.keys .old,li.old{color:var(--a-red)}ul.keys .new,li.new{color:var(--a-green)}
img{max-width:100%;height:auto}
.imgcmp{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.imgcmp .pics{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start;flex:2 1 560px;min-width:0}
.imgcmp .pixdiff{flex:1 1 260px}.imgcmp .ovl{flex:1 0 100%}
figure{margin:4px 0;min-width:0;max-width:100%}figcaption{font-size:11px;color:var(--muted)}
.imgcmp figure{flex:1 1 280px}
.imgcmp:has(.ov:checked) .pics{display:grid}.imgcmp:has(.ov:checked) .pics>figure{grid-area:1/1}
.imgcmp:has(.ov:checked) figure.after img{mix-blend-mode:difference}.imgcmp:has(.ov:checked) figure.after figcaption{visibility:hidden}
.ovl{font-size:12px;color:var(--muted);display:block;margin-top:4px}
.md{overflow-wrap:anywhere}.side.old .md>.chg{background:var(--del);box-shadow:-4px 0 0 var(--delw)}.side.new .md>.chg{background:var(--add);box-shadow:-4px 0 0 var(--addw)}.md img{max-width:100%}.md table,.html-out table{border-collapse:collapse;margin:6px 0;font-size:13px}
.md th,.md td,.html-out th,.html-out td{border:1px solid var(--line);padding:2px 8px}
.md h1{font-size:1.6em}.md h2{font-size:1.35em}.md h3{font-size:1.15em}.md h1,.md h2,.md h3{margin:.4em 0}
.md a.ext,.html-out a.ext{color:var(--link);text-decoration:underline dotted;cursor:help}
.html-out{overflow-x:auto}
code.language-math{font-family:"Latin Modern Math","STIX Two Math","Cambria Math","DejaVu Serif",serif;font-style:italic;background:var(--math);padding:0 .25em;border-radius:3px}
pre:has(>code.language-math),.latex{background:var(--math);text-align:center}.latex code.language-math{display:block;padding:6px}
.blocked{font-size:12px;color:var(--muted);border:1px dashed var(--line);padding:0 4px;border-radius:4px}
.conflict{border:1px solid var(--confb);background:var(--conf);border-radius:6px;padding:6px 8px;margin:8px 0}
.ctitle{font-weight:600;color:var(--confb);font-size:13px}.clabels{display:grid;grid-template-columns:1fr 1fr;font-size:12px;color:var(--muted)}
.empty{color:var(--muted)}
.fg-black{color:var(--a-black)}.fg-red{color:var(--a-red)}.fg-green{color:var(--a-green)}.fg-yellow{color:var(--a-yellow)}.fg-blue{color:var(--a-blue)}.fg-magenta{color:var(--a-magenta)}.fg-cyan{color:var(--a-cyan)}.fg-white{color:var(--a-white)}
.fg-bblack{color:var(--a-bblack)}.fg-bred{color:var(--a-bred)}.fg-bgreen{color:var(--a-bgreen)}.fg-byellow{color:var(--a-byellow)}.fg-bblue{color:var(--a-bblue)}.fg-bmagenta{color:var(--a-bmagenta)}.fg-bcyan{color:var(--a-bcyan)}.fg-bwhite{color:var(--a-bwhite)}
.bg-black{background:var(--a-black);color:var(--bg)}.bg-red{background:var(--a-red);color:var(--bg)}.bg-green{background:var(--a-green);color:var(--bg)}.bg-yellow{background:var(--a-yellow);color:var(--bg)}.bg-blue{background:var(--a-blue);color:var(--bg)}.bg-magenta{background:var(--a-magenta);color:var(--bg)}.bg-cyan{background:var(--a-cyan);color:var(--bg)}.bg-white{background:var(--a-white);color:var(--bg)}
.bg-bblack{background:var(--a-bblack)}.bg-bred{background:var(--a-bred)}.bg-bgreen{background:var(--a-bgreen)}.bg-byellow{background:var(--a-byellow)}.bg-bblue{background:var(--a-bblue)}.bg-bmagenta{background:var(--a-bmagenta)}.bg-bcyan{background:var(--a-bcyan)}.bg-bwhite{background:var(--a-bwhite)}
.a-bold{font-weight:700}.a-dim{opacity:.7}.a-italic{font-style:italic}.a-underline{text-decoration:underline}.a-strikethrough{text-decoration:line-through}.a-hidden{visibility:hidden}
footer{color:var(--muted);font-size:12px;margin-top:24px}
@media (max-width:800px){.pair{grid-template-columns:minmax(0,1fr)}}
@media print{.bar{display:none}body{font-size:11px}main{max-width:none;padding:0}*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.cell{break-inside:avoid-page}article.file{border:0;padding:0}h2.fhead{break-after:avoid}a{color:inherit}}
`;
