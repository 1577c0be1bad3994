import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseTimedOut, claimFailure, lowerFailureKnown, lowestFailure, newStopBoard, readPhase, setPhase, SlicePhase, WALL_FACTOR } from '../../src/harness/stopBoard';

test('the lowest claimed failure wins, and a finding above it knows it is superseded', () => {
  const b = newStopBoard(2);
  assert.equal(lowerFailureKnown(b, 0), false);
  claimFailure(b, 1);
  assert.equal(lowestFailure(b), 1);
  assert.equal(lowerFailureKnown(b, 1), false, 'its own claim does not supersede it');
  claimFailure(b, 0);
  claimFailure(b, 3);
  assert.equal(lowestFailure(b), 0);
  assert.equal(lowerFailureKnown(b, 1), true);
  assert.equal(lowerFailureKnown(b, 0), false);
});

test('each worker has its own phase words: run, start time and thread; a worker past the board is ignored', () => {
  const b = newStopBoard(2);
  setPhase(b, 0, SlicePhase.Running, 7, 1500, 4242);
  setPhase(b, 1, SlicePhase.Minimising, 3, 20, 4343);
  setPhase(b, 2, SlicePhase.Running, 9, 1, 1);
  assert.deepEqual(readPhase(b, 0), { phase: SlicePhase.Running, run: 7, sinceMs: 1500, tid: 4242 });
  assert.deepEqual(readPhase(b, 1), { phase: SlicePhase.Minimising, run: 3, sinceMs: 20, tid: 4343 });
  setPhase(b, 0, SlicePhase.Idle, -1, 1600);
  assert.deepEqual(readPhase(b, 0), { phase: SlicePhase.Idle, run: -1, sinceMs: 1600, tid: 0 });
});

test('a case times out by its CPU time where known (waiting for a core is no hang), by wall-clock time where not, and always past WALL_FACTOR timeouts', () => {
  const t = 10_000;
  assert.equal(caseTimedOut(9_000, null, t), false);
  assert.equal(caseTimedOut(12_000, null, t), true, 'no CPU clock: wall-clock time decides');
  assert.equal(caseTimedOut(12_000, 2_000, t), false, 'a loaded machine: 12 s of wall-clock time, 2 s of CPU');
  assert.equal(caseTimedOut(12_000, 10_500, t), true);
  assert.equal(caseTimedOut(WALL_FACTOR * t - 1, 100, t), false);
  assert.equal(caseTimedOut(WALL_FACTOR * t + 1, 100, t), true, 'no progress at all');
});
