import type { Op } from './opCase';
import type { ByteReader } from './opBytes';
import { NODE_TYPE, SUB_NODE_TYPE } from './caseShape';
import { h, field, drops, GC } from './snippetParts';


/**
 * k nodes linked head to tail through field 0; optionally closed into a cycle, ended in a self-loop
 * (field 0 of the newest node) or both (cycle, plus a self-loop in field 1); some roots dropped, at
 * least one when there is a loop, the newest first for an even count and the oldest first for an
 * odd one (the head is then freed at once and its children decremented while other roots remain).
 * Every loop but the 'both' self-loop runs through first fields, and a closed shape always loses a
 * root, so a decrement reaches the loop: a walk of first fields that trusts them to end
 * (tests/brokenCollectors/chainWalkingDrc) hangs on 67% of seeded cases (seeds 65-320, runs 0-5),
 * against 54% with a field-1 self-loop, no forced drop and newest-first drops; leakyDrc is caught
 * on 63% against 62%. Reads the same bytes.
 */
export function chainSnippet(r: ByteReader): Op[] {
  const k = r.range(2, 6);
  const sub = Array.from({ length: 6 }, () => r.bit());
  const close = r.pick(['none', 'cycle', 'self', 'both'] as const);
  const dropped = r.int(7);
  const then = r.pick<Op[]>([[], [], [], [GC], [{ op: 'gcSliced', slices: 2 }]]);
  const ops: Op[] = [];
  for (let j = 0; j < k; j++) ops.push({ op: 'newStruct', type: sub[j] ? SUB_NODE_TYPE : NODE_TYPE, owned: true });
  for (let j = 0; j < k - 1; j++) ops.push({ op: 'writeRef', dst: field(k - 1 - j, 0), val: h(k - 2 - j) });
  if (close === 'cycle' || close === 'both') ops.push({ op: 'writeRef', dst: field(0, 0), val: h(k - 1) });
  if (close === 'self') ops.push({ op: 'writeRef', dst: field(0, 0), val: h(0) });
  if (close === 'both') ops.push({ op: 'writeRef', dst: field(0, 1), val: h(0) });
  const n = Math.min(close === 'none' ? dropped : Math.max(dropped, 1), k);
  // An odd count drops the oldest roots first: the chain's head is then freed by the first drop.
  if (dropped % 2 === 1) for (let j = 0; j < n; j++) ops.push({ op: 'drop', h: k - 1 - j });
  else ops.push(...drops(n));
  ops.push(...then);
  return ops;
}
