// The public API of @nbgit/cells: adding or removing an export is a decision, not an accident.
import * as api from '@nbgit/cells';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('exported names', () => {
  assert.equal(Object.keys(api).sort(), [
    'INJECTED_TAG',
    'PARAMETERS_TAG',
    'ParamFloat',
    'TRANSLATED_LANGUAGES',
    'applyOperations',
    'base64Length',
    'checkOperation',
    'clearOutputs',
    'deleteCell',
    'deleteCellMetadata',
    'describeResult',
    'findCell',
    'findTaggedCell',
    'formatSize',
    'hasCellIds',
    'imageSize',
    'injectParameters',
    'insertCell',
    'isInt',
    'joinCells',
    'kernelName',
    'listCells',
    'listParameters',
    'moveCell',
    'notebookLanguage',
    'parameterLanguage',
    'parseParameters',
    'parseYamlParameters',
    'pythonNumber',
    'renderList',
    'renderParameters',
    'renderView',
    'resolveCell',
    'resolveType',
    'setCellMetadata',
    'setCellType',
    'setSource',
    'setTags',
    'shellQuote',
    'sourceFormOf',
    'sourceText',
    'splitCell',
    'summarizeCell',
    'translateParameters',
    'translatorName',
    'unicodeEscape',
    'viewJson',
  ]);
});

test.run();
