import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimFailure, lowerFailureKnown, lowestFailure, newStopBoard } from '../../src/harness/stopBoard';

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
