import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseTimedOut, claimFailure, lowerFailureKnown, lowestFailure, newStopBoard, PauseLog, readPhase, setPhase, SlicePhase, WALL_FACTOR } from '../../src/harness/stopBoard';

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

test('PauseLog: gaps between watchdog ticks longer than the gap are pauses, left out of a case\'s wall-clock time', () => {
  const log = new PauseLog(2000);
  for (let t = 0; t <= 1000; t += 100) log.tick(t);
  assert.equal(log.within(0, 1000), 0, 'ticks every 100 ms: no pause');
  log.tick(1900); // 900 ms late: a busy event loop, not a pause
  assert.equal(log.within(0, 1900), 0);
  log.tick(301_900); // stopped for 5 minutes
  log.tick(302_000);
  assert.equal(log.within(0, 302_000), 300_000);
  assert.equal(log.within(101_900, 302_000), 200_000, 'a case begun during the pause loses only its part');
  assert.equal(log.within(301_900, 302_000), 0, 'a case begun after the pause loses nothing');
  // A case that began before a 5-minute stop is not a hang when its thread used little CPU.
  const wall = 302_000 - 500 - log.within(500, 302_000);
  assert.equal(caseTimedOut(wall, 1_000, 10_000), false);
  assert.equal(caseTimedOut(302_000 - 500, 1_000, 10_000), true, 'without the log, the wall-factor rule would call it a hang');
});
