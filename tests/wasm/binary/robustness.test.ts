import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '../../../src/errors/DecodeError';
import { ValidationError } from '../../../src/errors/ValidationError';
import { GcTypeRegistry } from '../../../src/runtime/gcTypes';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import { encodeModule } from '../../../src/wasm/binary/encodeModule';
import { mutatedBytesArb } from '../../../src/wasm/binary/mutatedBytesArb';
import { validateModule } from '../../../src/wasm/validation/validateModule';
import { SPEC } from './specCorpus';

describe('decoder robustness', () => {
  it('decodes or throws DecodeError, then validates or throws ValidationError, for random and mutated spec binaries (3,000 inputs, fixed seed)', () => {
    const corpus = SPEC.map((b) => b.bytes);
    const outcomes = { decoded: 0, rejected: 0, valid: 0, invalid: 0 };
    fc.assert(
      fc.property(mutatedBytesArb(corpus), (bytes) => {
        let m;
        try {
          m = decodeModule(bytes);
        } catch (e) {
          if (e instanceof DecodeError) {
            assert.ok(e.offset >= 0 && e.offset <= bytes.length, `offset ${e.offset} outside 0..${bytes.length}`);
            outcomes.rejected++;
            return;
          }
          throw e;
        }
        outcomes.decoded++;
        // Whatever decodes re-encodes, and re-decodes to the same module.
        assert.deepEqual(decodeModule(encodeModule(m)), m);
        try {
          validateModule(m, new GcTypeRegistry());
          outcomes.valid++;
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          outcomes.invalid++;
        }
      }),
      { seed: 20240611, numRuns: 3000 },
    );
    // The mix must exercise both outcomes substantially.
    assert.ok(outcomes.decoded > 150, `only ${outcomes.decoded} decoded`);
    assert.ok(outcomes.rejected > 1000, `only ${outcomes.rejected} rejected`);
    assert.ok(outcomes.valid > 20 && outcomes.invalid > 20, `valid ${outcomes.valid}, invalid ${outcomes.invalid}`);
  });
});
