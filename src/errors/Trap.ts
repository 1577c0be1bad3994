import { GcfuzzError } from './GcfuzzError';

/**
 * A Wasm trap (spec 4.4). `message` is the reference interpreter's own wording, e.g.
 * "null i31 reference", "out of bounds table access", "cast failure". `kind` is the stable
 * category that differential oracles compare across engines.
 */
export type TrapKind =
  | 'unreachable' | 'integer divide by zero' | 'integer overflow' | 'invalid conversion to integer'
  | 'out of bounds memory access' | 'out of bounds table access' | 'out of bounds array access'
  | 'null reference' | 'cast failure' | 'indirect call type mismatch' | 'uninitialized element'
  | 'undefined element' | 'call stack exhausted' | 'out of fuel' | 'out of memory'
  | 'host' | 'data segment' | 'element segment';

export class Trap extends GcfuzzError {
  static override readonly stackless = true;
  readonly phase = 'trap' as const;
  constructor(readonly kind: TrapKind, message: string = kind) {
    super(message);
  }
}
