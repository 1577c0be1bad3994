import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmCaseFromBytes } from '../../../src/gen/wasm/wasmCaseFromBytes';
import { wasmCaseBytesForSeed } from '../../../src/gen/wasm/wasmCaseArbitrary';
import { builtinCollectors } from '../../../src/runtime/collectors/builtinCollectors';
import { InterpreterEngine } from '../../../oracles/engines/interpreterEngine';
import { modelCollector } from '../../../oracles/engines/modelGcHeap';
import { V8Engine } from '../../../oracles/engines/v8Engine';
import { checkWasmCase, type NamedEngine } from '../../../oracles/engines/checkWasmCase';

// `hand_back` (three refs handed to Wasm in one return, CVE-2021-39216's shape): generated programs
// call it with objects, i31s and nulls, use its results, and every engine (model, the built-in
// collectors, V8 with its own host implementation) agrees on them, with the heap oracles holding.
test('generated programs call hand_back with objects, i31s and nulls, and every engine including V8 agrees', () => {
  const engines: NamedEngine[] = [
    { engine: new InterpreterEngine({ collector: modelCollector, name: 'model' }), collector: 'model' },
    ...Object.values(builtinCollectors).map((collector) => ({ engine: new InterpreterEngine({ collector }), collector: collector.name })),
    { engine: new V8Engine(), collector: 'v8' },
  ];
  const args = new Map<string, number>();
  let programs = 0;
  for (let run = 0; run < 120; run++) {
    const c = wasmCaseFromBytes(wasmCaseBytesForSeed(13, run));
    if (!c.module.imports.some((im) => im.name === 'hand_back')) continue;
    programs++;
    const outs = checkWasmCase(c, engines);
    for (const s of [outs[0]!.instantiation, ...outs[0]!.invocations]) {
      for (const h of s.hostCalls) if (h.fn === 'hand_back') args.set(h.args[0]!.t, (args.get(h.args[0]!.t) ?? 0) + 1);
    }
  }
  assert.ok(programs >= 30, `programs importing hand_back: ${programs}/120`);
  for (const t of ['object', 'i31', 'null']) assert.ok((args.get(t) ?? 0) > 0, `hand_back never called with ${t} (${JSON.stringify(Object.fromEntries(args))})`);
});
