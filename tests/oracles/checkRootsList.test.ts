import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GcRootsList, tagSlots } from '../../src/runtime/gcRootsList';
import { failureOf } from './failureOf';
import { checkRootsList, type ExpectedRoot } from '../../oracles/checkRootsList';

function list() {
  const globals = tagSlots([0, 16, 3], 'global');
  const handles = tagSlots([32], 'handle');
  const frame = [48, 0];
  const roots = new GcRootsList();
  roots.addRoot(globals, 1);
  roots.addRoot(globals, 2); // an i31: ignored
  roots.addRoot(handles, 0);
  roots.addWasmStackRoot(frame, 0, 1);
  const expected: ExpectedRoot[] = [
    { kind: 'global', index: 0, frameDepth: -1, value: 0 },
    { kind: 'global', index: 1, frameDepth: -1, value: 16 },
    { kind: 'handle', index: 0, frameDepth: -1, value: 32 },
    { kind: 'stack', index: 0, frameDepth: 1, value: 48 },
  ];
  return { roots, expected, globals, handles, frame };
}


test('roots: the mutator\'s roots, kind by kind, pass', () => {
  const { roots, expected } = list();
  checkRootsList(roots, expected, 0, 'test');
});

test('roots: a wrong kind, slot index, frame depth, a missing or an extra root each fail', () => {
  const { roots, expected } = list();
  const variants: ExpectedRoot[][] = [
    expected.map((r) => (r.kind === 'handle' ? { ...r, kind: 'table' } : r)),
    expected.map((r) => (r.kind === 'global' && r.value !== 0 ? { ...r, index: 2 } : r)),
    expected.map((r) => (r.kind === 'stack' ? { ...r, frameDepth: 0 } : r)),
    expected.filter((r) => r.kind !== 'handle'),
    [...expected, { kind: 'table', index: 4, frameDepth: -1, value: 64 }],
  ];
  for (const v of variants) {
    const f = failureOf(() => checkRootsList(roots, v, 7, 'test'));
    assert.equal(f.oracle, 'roots');
    assert.equal(f.opIndex, 7);
  }
});

test('roots: an untagged slot array shows as kind slot and fails against its real kind', () => {
  const roots = new GcRootsList();
  roots.addRoot([16], 0);
  assert.match(failureOf(() => checkRootsList(roots, [{ kind: 'global', index: 0, frameDepth: -1, value: 16 }], 0, 'test')).message, /unexpected slot\[0\]=16; missing global\[0\]=16/);
});

test('roots: a refresh that re-enumerates shows the current roots; one that does not fails', () => {
  const globals = tagSlots([16], 'global');
  let n = 1;
  const roots = new GcRootsList((l) => { for (let i = 0; i < n; i++) l.addRoot(globals, i); });
  roots.refresh();
  checkRootsList(roots, [{ kind: 'global', index: 0, frameDepth: -1, value: 16 }], 0, 'test');
  globals.push(32);
  n = 2;
  roots.refresh();
  checkRootsList(roots, [{ kind: 'global', index: 0, frameDepth: -1, value: 16 }, { kind: 'global', index: 1, frameDepth: -1, value: 32 }], 0, 'test');
  const stale = new GcRootsList();
  stale.addRoot(globals, 0);
  stale.refresh(); // no refill: keeps what it had
  assert.equal(failureOf(() => checkRootsList(stale, [{ kind: 'global', index: 0, frameDepth: -1, value: 16 }, { kind: 'global', index: 1, frameDepth: -1, value: 32 }], 0, 'test')).oracle, 'roots');
});
