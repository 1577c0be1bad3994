import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../../errors/UsageError';
import { mutatedBytesArb } from '../../wasm/binary/mutatedBytesArb';
import { checkDecoderVerdict } from '../../../oracles/checkDecoderVerdict';
import type { FuzzTarget } from '../fuzzTarget';

/** The checked-in decoder seeds (corpus/decoder), read once: what the seeded generator mutates. */
let seeds: Uint8Array[] | null = null;
function decoderSeeds(): Uint8Array[] {
  if (seeds !== null) return seeds;
  const dir = path.resolve(__dirname, '../../../../corpus/decoder');
  seeds = fs.existsSync(dir) ? fs.readdirSync(dir).sort().map((f) => new Uint8Array(fs.readFileSync(path.join(dir, f)))) : [];
  return seeds;
}

/**
 * Byte strings as modules, through the decoder target's oracles (oracles/checkDecoderVerdict.ts:
 * typed rejection only, encode round trip, validity agreeing with V8). Collectors play no part.
 * Seeded cases are mutations of corpus/decoder (src/wasm/binary/mutatedBytesArb.ts); jsfuzz
 * feeds bytes as they are. Reproducers hold the bytes as base64.
 */
export const decoderTarget: FuzzTarget<Uint8Array> = {
  name: 'decoder',
  usesCollectors: false,
  arbitrary: () => mutatedBytesArb(decoderSeeds()),
  fromBytes: (bytes) => new Uint8Array(bytes),
  run(c) {
    checkDecoderVerdict(c);
    return { ops: c.length };
  },
  serialise: (c) => ({ bytes: Buffer.from(c).toString('base64') }),
  deserialise(json: unknown): Uint8Array {
    const b = typeof json === 'object' && json !== null ? (json as { bytes?: unknown }).bytes : undefined;
    if (typeof b !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b) || b.length % 4 !== 0) throw new UsageError('not a decoder case: expected { "bytes": base64 }');
    return new Uint8Array(Buffer.from(b, 'base64'));
  },
  size: (c) => c.length,
  *reduce(c) {
    for (let chunk = c.length >> 1; chunk >= 1; chunk >>= 1) {
      for (let at = 0; at + chunk <= c.length; at += chunk) {
        const out = new Uint8Array(c.length - chunk);
        out.set(c.subarray(0, at));
        out.set(c.subarray(at + chunk), at);
        yield out;
      }
    }
  },
};
