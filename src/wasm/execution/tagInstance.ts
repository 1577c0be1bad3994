import type { FuncType } from '../syntax/types';

/**
 * A tag instance (exception handling, spec 4.2.x `taginst`): its canonical function type (the
 * params are the payload) and its identity. Exceptions carry the identity `id` in field 0 of
 * their heap object; `catch x` matches when that id equals the tag instance's, so two modules
 * importing the same tag share it and two separately defined tags of one type never match.
 * `layoutType` is the registered struct type an exception of this tag is laid out as:
 * `[i32 id, payload...]`.
 */
export class TagInstance {
  readonly externKind = 'tag' as const;

  constructor(
    /** Canonical id of the tag's function type. */
    readonly typeId: number,
    /** The function type with canonical heap types. */
    readonly type: FuncType,
    /** ValKind of each payload value. */
    readonly paramKinds: Uint8Array,
    readonly layoutType: number,
    /** Store-unique identity, from 1. */
    readonly id: number,
    readonly name: string,
  ) {}
}
