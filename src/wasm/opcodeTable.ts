import type { ImmKind } from './syntax/instructions';
import type { NumType } from './syntax/types';

/**
 * The one opcode table. The decoder, encoder, validator, WAT printer and the Wasm program
 * generator all derive from it: adding an instruction means adding one entry here.
 *
 * Each entry is one binary opcode (spec 5.4). `name` is unique and is the text-format mnemonic
 * (spec 6.5) where the mnemonic alone identifies the opcode; where one mnemonic has two binary
 * forms (e.g. `ref.test` with a nullable or non-nullable target) the entry names are
 * distinguished as documented next to those entries.
 */
export interface OpcodeEntry {
  /** Unique; used as `Instr.op`. */
  readonly name: string;
  /** 0xFB (GC) or 0xFC (misc: saturating truncation, bulk memory, tables), absent for one-byte opcodes. */
  readonly prefix?: 0xfb | 0xfc;
  /** The opcode byte, or the u32 (LEB128) sub-opcode after the prefix. */
  readonly code: number;
  /** Immediates in binary order. */
  readonly imm: readonly ImmKind[];
  /**
   * For instructions whose typing is a fixed numeric signature `[params] -> [results]` (spec 3.3,
   * the numeric and simple memory instructions), the validator types them from this alone.
   * Absent for instructions with custom typing rules (control, references, GC, variables...).
   */
  readonly sig?: readonly [readonly NumType[], readonly NumType[]];
  /** Spec chapter grouping, used by generators and coverage reports. */
  readonly group: 'control' | 'reference' | 'parametric' | 'variable' | 'table' | 'memory' | 'numeric' | 'gc';
  /** Allowed in constant expressions (spec 3.3.10). */
  readonly constant?: boolean;
  /** May allocate or call out, so a collection can happen while it runs: a GC safepoint. */
  readonly safepoint?: boolean;
}

/** Opcodes of features outside gcfuzz's scope: the decoder rejects them with a DecodeError naming the feature. */
export interface OutOfScopeOpcode {
  readonly prefix?: number;
  readonly code?: number;
  readonly feature: 'SIMD' | 'threads' | 'exception handling' | 'tail calls' | 'memory64' | 'multi-memory' | 'stack switching';
}

// The entries are filled in by src/wasm/binary work; see OPCODES below.
export const OPCODES: readonly OpcodeEntry[] = [];
