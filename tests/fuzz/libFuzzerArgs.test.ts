import { test } from 'node:test';
import assert from 'node:assert/strict';
import { libFuzzerArgs } from '../../fuzz/libFuzzerArgs';
import { UsageError } from '../../src/errors/UsageError';

test('libFuzzer flags become fuzz:cov options; everything else passes through', () => {
  assert.deepEqual(libFuzzerArgs(['--target', 'ops', 'corpus/x', '-runs=500', '-max_total_time=30', '-timeout=5']), ['--target', 'ops', 'corpus/x', '--runs', '500', '--max-total-time', '30', '--input-timeout', '5']);
  assert.deepEqual(libFuzzerArgs(['--json', '-x', 'dir']), ['--json', '-x', 'dir']);
  assert.throws(() => libFuzzerArgs(['-dict=foo']), (e: unknown) => e instanceof UsageError && /-runs=/.test(e.message));
});
