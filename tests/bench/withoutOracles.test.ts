import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ORACLE_SWITCHES, withoutOracles } from '../../src/bench/withoutOracles';
import { UsageError } from '../../src/errors/UsageError';

test('withoutOracles: every switch names an export of this tree, replaced by the switch; an unknown name is a usage error', () => {
  const modules = new Map<string, Record<string, unknown>>();
  const root = createRequire(path.resolve(__dirname, '../../../package.json'));
  // A fake loader over copies of the real modules, so the test leaves this process's oracles on.
  const load = (id: string): Record<string, unknown> => {
    let m = modules.get(id);
    if (m === undefined) {
      m = { ...(root(id) as Record<string, unknown>) };
      modules.set(id, m);
    }
    return m;
  };
  for (const name of ORACLE_SWITCHES) {
    modules.clear();
    withoutOracles(load, [name]);
    assert.equal(modules.size, 1, name);
    const [id, m] = [...modules][0]!;
    const original = root(id) as Record<string, unknown>;
    const changed = Object.keys(m).filter((k) => m[k] !== original[k]);
    assert.equal(changed.length, 1, `${name}: one export replaced`);
    assert.notEqual(original[changed[0]!], undefined, `${name}: the replaced export exists in this tree`);
  }
  assert.throws(() => withoutOracles(load, ['bogus']), UsageError);
});
