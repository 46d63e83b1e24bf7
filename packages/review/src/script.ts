/**
 * The page's only script (notebook content never runs: the page's Content-Security-Policy
 * allows this script by its hash and nothing else). Keys `j`/`n` and `k`/`p` (and the
 * toolbar buttons) go to the next and previous change; `e` opens or closes every fold;
 * printing opens every fold and closes them again afterwards.
 */
export const SCRIPT = `(function(){
var stops=Array.prototype.slice.call(document.querySelectorAll('.stop'));
var pos=document.querySelector('.bar .pos');
function mark(k){for(var i=0;i<stops.length;i++)stops[i].classList.remove('cur');var e=stops[k];e.classList.add('cur');e.scrollIntoView({block:'start'});if(pos)pos.textContent='change '+(k+1)+' of '+stops.length;}
function vis(e){var r=e.getBoundingClientRect();return r.bottom>0&&r.top<innerHeight;}
function go(dir){if(!stops.length)return;var cur=-1,k,i;for(i=0;i<stops.length;i++)if(stops[i].classList.contains('cur'))cur=i;
if(cur>=0&&vis(stops[cur]))k=cur+dir;
else if(dir>0){k=stops.length-1;for(i=0;i<stops.length;i++)if(stops[i].getBoundingClientRect().top>60){k=i;break;}}
else{k=0;for(i=stops.length-1;i>=0;i--)if(stops[i].getBoundingClientRect().top<0){k=i;break;}}
mark(Math.max(0,Math.min(stops.length-1,k)));}
var open=false;function fold(){open=!open;var d=document.querySelectorAll('details');for(var i=0;i<d.length;i++)d[i].open=open;}
document.addEventListener('keydown',function(e){if(e.ctrlKey||e.metaKey||e.altKey)return;var t=e.target;if(t&&(t.tagName==='INPUT'||t.tagName==='TEXTAREA'||t.isContentEditable))return;
if(e.key==='j'||e.key==='n'){go(1);e.preventDefault();}else if(e.key==='k'||e.key==='p'){go(-1);e.preventDefault();}else if(e.key==='e'){fold();e.preventDefault();}});
var b=document.querySelectorAll('[data-nav]');for(var i=0;i<b.length;i++)b[i].addEventListener('click',function(){var a=this.getAttribute('data-nav');if(a==='fold')fold();else go(a==='next'?1:-1);});
window.addEventListener('beforeprint',function(){var d=document.querySelectorAll('details:not([open])');for(var i=0;i<d.length;i++){d[i].open=true;d[i].setAttribute('data-printed','');}});
window.addEventListener('afterprint',function(){var d=document.querySelectorAll('details[data-printed]');for(var i=0;i<d.length;i++){d[i].open=false;d[i].removeAttribute('data-printed');}});
})();`;

/** `sha256-…` of {@link SCRIPT}, for the page's Content-Security-Policy (a test checks it). */
export const SCRIPT_HASH = 'sha256-2N8vMcLC20hdSDlmtUDmUxrGMScw9meFFhgUIT9zC/E=';
