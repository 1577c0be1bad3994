import type { Op, OpCase } from './opCase';
import { ByteReader } from './opBytes';
import { caseConfigFromBytes, caseShapeFromBytes } from './caseShape';
import { snippetFromBytes } from './opSnippets';
import { fixupOpCase } from './fixupOpCase';

/** Options of the op-case generator. */
export interface OpCaseGenOptions {
  /** Force `zeal.gcEveryNAllocs` (the CLI's --zeal; 0 turns it off); undefined lets the bytes choose. */
  readonly gcEveryNAllocs?: number;
}

/** Most ops one case decodes to (a jsfuzz input can be long). */
const MAX_OPS = 4096;

/**
 * THE op-stream generator: ANY bytes to a valid op case. The bytes are the generator's decisions
 * (see `ByteReader`, a `Choices`): the store configuration, the case shape (types, globals,
 * tables), then snippets (single ops by the declarations' weights, or short graph-building runs,
 * see opSnippets.ts) until the bytes run out. Seeded cases (`opCaseArbitrary`, fast-check bytes),
 * jsfuzz inputs and corpus bytes all come through here, so they share one distribution. Missing
 * bytes read as 0 (each choice's simplest option), so every prefix decodes; the result goes
 * through `fixupOpCase`, which resolves indices and types every write.
 */
export function opCaseFromBytes(bytes: Uint8Array, options: OpCaseGenOptions = {}): OpCase {
  const r = new ByteReader(bytes);
  const decoded = caseConfigFromBytes(r);
  const config = options.gcEveryNAllocs === undefined ? decoded : { ...decoded, zeal: { ...decoded.zeal, gcEveryNAllocs: options.gcEveryNAllocs } };
  const shape = caseShapeFromBytes(r);
  const ops: Op[] = [];
  while (!r.done() && ops.length < MAX_OPS) ops.push(...snippetFromBytes(r, shape.types.length));
  return fixupOpCase({ ...shape, config, ops });
}
