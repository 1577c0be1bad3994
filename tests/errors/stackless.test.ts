import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../../src/errors/Trap';
import { SandboxError } from '../../src/errors/SandboxError';
import { OutOfMemoryError } from '../../src/errors/OutOfMemoryError';
import { InvariantError } from '../../src/errors/InvariantError';

test('guest outcomes (trap, sandbox refusal, out of memory) carry no stack; internal errors keep theirs; the stack limit is restored', () => {
  const limit = Error.stackTraceLimit;
  for (const e of [new Trap('unreachable'), new SandboxError('null', 0), new OutOfMemoryError(64)]) {
    assert.ok(e instanceof Error);
    assert.equal(e.stack!.split('\n').filter((l) => l.trimStart().startsWith('at ')).length, 0, e.name);
    assert.match(e.stack!, new RegExp(`^${e.name}: `));
  }
  const inv = new InvariantError('check', 'detail');
  assert.ok(inv.stack!.split('\n').some((l) => l.trimStart().startsWith('at ')));
  assert.equal(Error.stackTraceLimit, limit);
});
