import type { Op, Slot } from './opCase';
import type { ByteReader } from './opBytes';
import { EXN_GLOBAL, EXN_TABLE, NODE_TYPE, RECORD_TYPE } from './caseShape';
import { h } from './snippetParts';


/** Collections an exception is in flight across: full, sliced, or incremental with the mutator running between slices. */
const COLLECTIONS: readonly (readonly Op[])[] = [
  [{ op: 'gc' }],
  [{ op: 'gcSliced', slices: 2 }],
  [{ op: 'gcStart' }, { op: 'gcSlice', budget: 1 }, { op: 'newStruct', type: NODE_TYPE, owned: true }, { op: 'drop', h: 0 }, { op: 'gcFinish' }],
  [{ op: 'gc' }, { op: 'gc' }],
];
const AFTER: readonly (readonly Op[])[] = [[], [{ op: 'gc' }], [{ op: 'gcSliced', slices: 3 }]];

/**
 * An exception (issue #14) whose payload holds the only references to a small graph (a node
 * chain and an externref): allocated, maybe stored in an exnref global, table element or struct
 * field (the write barrier on exnref slots, Wasmtime #13330), thrown so that the store's pending
 * exception is its only root (Wasmtime #13316), collected while pending, caught into a handle or
 * dropped, its payload read back (sometimes against the wrong tag), collected again, maybe
 * rethrown from where it was stored.
 */
export function exnSnippet(r: ByteReader): Op[] {
  const tag = r.pick([NODE_TYPE, RECORD_TYPE]);
  const store = r.pick(['none', 'none', 'global', 'table', 'field'] as const);
  const during = r.pick(COLLECTIONS);
  const keep = r.pick([true, true, false]);
  const wrongTag = r.bit();
  const after = r.pick(AFTER);
  const rethrow = r.bit();
  const ops: Op[] = [
    { op: 'newStruct', type: NODE_TYPE, owned: true },
    { op: 'newExtern', owned: true },
    { op: 'newStruct', type: NODE_TYPE, owned: true },
    { op: 'writeRef', dst: { s: 'field', h: 0, f: 0 }, val: h(2) },
    { op: 'newExn', tag, vals: [h(0), h(1), h(2)], owned: true },
  ];
  let where: Slot | undefined;
  if (store === 'global') where = { s: 'global', g: EXN_GLOBAL };
  if (store === 'table') where = { s: 'table', t: EXN_TABLE, i: 0 };
  if (store === 'field') {
    ops.push({ op: 'newStruct', type: RECORD_TYPE, owned: true }, { op: 'writeRef', dst: { s: 'field', h: 0, f: 1 }, val: h(1) });
    where = { s: 'field', h: 0, f: 1 };
  }
  const older = store === 'field' ? 1 : 0;
  ops.push({ op: 'throwExn', h: older });
  for (let k = 0; k < 4; k++) ops.push({ op: 'drop', h: older });
  ops.push(...during, { op: 'catchExn', keep: keep ? 'owned' : 'no' });
  if (keep) {
    ops.push({ op: 'exnGet', h: 0, tag: wrongTag ? (tag === NODE_TYPE ? RECORD_TYPE : NODE_TYPE) : tag, f: 0, keep: 'owned' });
    ops.push({ op: 'exnGet', h: 1, tag, f: 1, keep: 'no' });
  }
  ops.push(...after);
  if (where !== undefined) {
    // The record holding the exnref is older than the handles the catch and the payload read made.
    if (store === 'field') where = { s: 'field', h: keep ? 2 : 0, f: 1 };
    ops.push({ op: 'read', src: where, signed: false, keep: 'owned' });
    if (rethrow) ops.push({ op: 'throwExn', h: 0 }, { op: 'drop', h: 0 }, { op: 'gc' }, { op: 'catchExn', keep: 'owned' }, { op: 'exnGet', h: 0, tag, f: 0, keep: 'no' });
  }
  return ops;
}
