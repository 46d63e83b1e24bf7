import { fromIpynb, toIpynb } from '@nbgit/ipynb';
const nb = fromIpynb('{"cells":[{"cell_type":"code","metadata":{},"source":"a\\nb","outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":4}');
console.log(JSON.stringify(nb.cells[0].source));
nb.cells[0].source = 'x\ny\n';
console.log(toIpynb(nb));
