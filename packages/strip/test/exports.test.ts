// The public API of @nbgit/strip: adding or removing an export is a decision, not an accident.
import * as api from '@nbgit/strip';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('exported names', () => {
  assert.equal(Object.keys(api).sort(), [
    'CONFLICT_FLAG_KEY',
    'DEFAULT_STRIP_KEYS',
    'findConflictMarkers',
    'hasConflictMarkers',
    'invalidKeys',
    'isStripped',
    'isValidKey',
    'outputSize',
    'parseOutputType',
    'parseSize',
    'pythonTruthy',
    'splitList',
    'strip',
    'stripJupyterText',
    'stripWithReport',
    'stripZeppelin',
  ]);
});

test.run();
