/**
 * The validator's view of the opcode table (src/wasm/opcodeTable.ts): for each entry, which typing
 * rule applies. Entries with a `sig` are typed from it alone (after the checks their immediates
 * need: memory existence, alignment, data segment); every other entry has a custom rule, keyed by
 * its binary opcode so that renaming an entry cannot change its typing.
 */
import { OPCODES, opcodeKey, type OpcodeEntry } from '../opcodeTable';
import type { NumType } from '../syntax/types';
import { numCode } from './typeCode';

/** Typing rules. Values below `R_CUSTOM` are typed by the entry's `sig`. */
export const enum Rule {
  /** Plain numeric: typed by `sig` only. */
  Sig,
  /** Load/store: memory 0 must exist, alignment at most natural; then `sig`. */
  MemArg,
  /** memory.size/grow/copy/fill: memory 0 must exist; then `sig`. */
  Mem0,
  /** memory.init: memory 0, data segment, data count section; then `sig`. */
  MemoryInit,
  /** data.drop: data segment, data count section; then `sig`. */
  DataDrop,
  Custom,
  Unreachable = Custom,
  Nop,
  Block,
  Loop,
  If,
  Else,
  End,
  Br,
  BrIf,
  BrTable,
  Return,
  Call,
  CallIndirect,
  CallRef,
  Drop,
  Select,
  SelectT,
  LocalGet,
  LocalSet,
  LocalTee,
  GlobalGet,
  GlobalSet,
  TableGet,
  TableSet,
  TableInit,
  ElemDrop,
  TableCopy,
  TableGrow,
  TableSize,
  TableFill,
  RefNull,
  RefIsNull,
  RefFunc,
  RefEq,
  RefAsNonNull,
  BrOnNull,
  BrOnNonNull,
  StructNew,
  StructNewDefault,
  StructGet,
  StructGetS,
  StructGetU,
  StructSet,
  ArrayNew,
  ArrayNewDefault,
  ArrayNewFixed,
  ArrayNewData,
  ArrayNewElem,
  ArrayGet,
  ArrayGetS,
  ArrayGetU,
  ArraySet,
  ArrayLen,
  ArrayFill,
  ArrayCopy,
  ArrayInitData,
  ArrayInitElem,
  RefTest,
  RefTestNull,
  RefCast,
  RefCastNull,
  BrOnCast,
  BrOnCastFail,
  AnyConvertExtern,
  ExternConvertAny,
  RefI31,
  I31GetS,
  I31GetU,
  Throw,
  ThrowRef,
  TryTable,
  ReturnCall,
  ReturnCallIndirect,
  ReturnCallRef,
}

export interface OpInfo {
  readonly entry: OpcodeEntry;
  readonly rule: Rule;
  /** Value-type codes of `sig`'s parameters and results (rules below Rule.Custom). */
  readonly sigIn: readonly number[];
  readonly sigOut: readonly number[];
  /** Natural alignment in bytes of a load/store (Rule.MemArg), else 0. */
  readonly naturalBytes: number;
  readonly safepoint: boolean;
  readonly constant: boolean;
}

const FB = 0xfb;
const FC = 0xfc;

/** Custom rules by binary opcode (spec 5.4). */
const CUSTOM: ReadonlyArray<readonly [number | undefined, number, Rule]> = [
  [undefined, 0x00, Rule.Unreachable],
  [undefined, 0x01, Rule.Nop],
  [undefined, 0x02, Rule.Block],
  [undefined, 0x03, Rule.Loop],
  [undefined, 0x04, Rule.If],
  [undefined, 0x05, Rule.Else],
  [undefined, 0x08, Rule.Throw],
  [undefined, 0x0a, Rule.ThrowRef],
  [undefined, 0x1f, Rule.TryTable],
  [undefined, 0x12, Rule.ReturnCall],
  [undefined, 0x13, Rule.ReturnCallIndirect],
  [undefined, 0x15, Rule.ReturnCallRef],
  [undefined, 0x0b, Rule.End],
  [undefined, 0x0c, Rule.Br],
  [undefined, 0x0d, Rule.BrIf],
  [undefined, 0x0e, Rule.BrTable],
  [undefined, 0x0f, Rule.Return],
  [undefined, 0x10, Rule.Call],
  [undefined, 0x11, Rule.CallIndirect],
  [undefined, 0x14, Rule.CallRef],
  [undefined, 0x1a, Rule.Drop],
  [undefined, 0x1b, Rule.Select],
  [undefined, 0x1c, Rule.SelectT],
  [undefined, 0x20, Rule.LocalGet],
  [undefined, 0x21, Rule.LocalSet],
  [undefined, 0x22, Rule.LocalTee],
  [undefined, 0x23, Rule.GlobalGet],
  [undefined, 0x24, Rule.GlobalSet],
  [undefined, 0x25, Rule.TableGet],
  [undefined, 0x26, Rule.TableSet],
  [undefined, 0xd0, Rule.RefNull],
  [undefined, 0xd1, Rule.RefIsNull],
  [undefined, 0xd2, Rule.RefFunc],
  [undefined, 0xd3, Rule.RefEq],
  [undefined, 0xd4, Rule.RefAsNonNull],
  [undefined, 0xd5, Rule.BrOnNull],
  [undefined, 0xd6, Rule.BrOnNonNull],
  [FB, 0, Rule.StructNew],
  [FB, 1, Rule.StructNewDefault],
  [FB, 2, Rule.StructGet],
  [FB, 3, Rule.StructGetS],
  [FB, 4, Rule.StructGetU],
  [FB, 5, Rule.StructSet],
  [FB, 6, Rule.ArrayNew],
  [FB, 7, Rule.ArrayNewDefault],
  [FB, 8, Rule.ArrayNewFixed],
  [FB, 9, Rule.ArrayNewData],
  [FB, 10, Rule.ArrayNewElem],
  [FB, 11, Rule.ArrayGet],
  [FB, 12, Rule.ArrayGetS],
  [FB, 13, Rule.ArrayGetU],
  [FB, 14, Rule.ArraySet],
  [FB, 15, Rule.ArrayLen],
  [FB, 16, Rule.ArrayFill],
  [FB, 17, Rule.ArrayCopy],
  [FB, 18, Rule.ArrayInitData],
  [FB, 19, Rule.ArrayInitElem],
  [FB, 20, Rule.RefTest],
  [FB, 21, Rule.RefTestNull],
  [FB, 22, Rule.RefCast],
  [FB, 23, Rule.RefCastNull],
  [FB, 24, Rule.BrOnCast],
  [FB, 25, Rule.BrOnCastFail],
  [FB, 26, Rule.AnyConvertExtern],
  [FB, 27, Rule.ExternConvertAny],
  [FB, 28, Rule.RefI31],
  [FB, 29, Rule.I31GetS],
  [FB, 30, Rule.I31GetU],
  [FC, 12, Rule.TableInit],
  [FC, 13, Rule.ElemDrop],
  [FC, 14, Rule.TableCopy],
  [FC, 15, Rule.TableGrow],
  [FC, 16, Rule.TableSize],
  [FC, 17, Rule.TableFill],
];

/** Sig-typed rules that need immediate checks, by binary opcode. */
const SIG_CHECKED: ReadonlyArray<readonly [number | undefined, number, Rule]> = [
  [undefined, 0x3f, Rule.Mem0], // memory.size
  [undefined, 0x40, Rule.Mem0], // memory.grow
  [FC, 8, Rule.MemoryInit],
  [FC, 9, Rule.DataDrop],
  [FC, 10, Rule.Mem0], // memory.copy
  [FC, 11, Rule.Mem0], // memory.fill
];

const NUM_BYTES: Readonly<Record<NumType, number>> = { i32: 4, i64: 8, f32: 4, f64: 8 };
const MEM_ACCESS = /^(i32|i64|f32|f64)\.(?:load|store)(8|16|32)?(?:_[su])?$/;

/** Natural alignment (bytes accessed) of a load/store, from its mnemonic (spec 3.3.7). */
function naturalBytesOf(name: string): number {
  const m = MEM_ACCESS.exec(name);
  if (m === null) return 0;
  if (m[2] !== undefined) return Number(m[2]) / 8;
  return NUM_BYTES[m[1] as NumType];
}

function build(): Map<string, OpInfo> {
  const custom = new Map<number, Rule>();
  for (const [p, c, r] of CUSTOM) custom.set(opcodeKey(p, c), r);
  const checked = new Map<number, Rule>();
  for (const [p, c, r] of SIG_CHECKED) checked.set(opcodeKey(p, c), r);
  const out = new Map<string, OpInfo>();
  for (const e of OPCODES) {
    const key = opcodeKey(e.prefix, e.code);
    let rule: Rule | undefined;
    let naturalBytes = 0;
    if (e.sig !== undefined) {
      if (e.imm.includes('memarg')) {
        rule = Rule.MemArg;
        naturalBytes = naturalBytesOf(e.name);
      } else {
        rule = checked.get(key) ?? Rule.Sig;
      }
    } else {
      rule = custom.get(key);
    }
    if (rule === undefined) continue; // no typing rule: validation rejects it as unsupported
    out.set(e.name, {
      entry: e,
      rule,
      sigIn: e.sig === undefined ? [] : e.sig[0].map(numCode),
      sigOut: e.sig === undefined ? [] : e.sig[1].map(numCode),
      naturalBytes,
      safepoint: e.safepoint === true,
      constant: e.constant === true,
    });
  }
  return out;
}

let table: Map<string, OpInfo> | undefined;

/** The validator's info for the opcode-table entry named `name`, or undefined (unknown or untyped). */
export function opInfo(name: string): OpInfo | undefined {
  if (table === undefined) table = build();
  return table.get(name);
}
