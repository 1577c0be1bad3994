/**
 * Opcodes of the interpreter's internal code (an Int32Array: opcode, then immediates). Compiled
 * from the flat spec instruction list by `compileFunc`; structured control is resolved to jumps.
 * Operand counts per opcode are given as `[immediates]`. `rel` offsets are frame-relative
 * (from the frame pointer, locals first), `n` is a branch arity. Values live in two lanes: the
 * number lane (i32, f32 bits, f64, function ids, GcRefs) and the bigint lane (i64).
 */
export const enum Op {
  // Control.
  Unreachable, // []
  Jump, // [target]
  Br, // [target, dstRel, n]    move the top n values to fp+dstRel (both lanes) if needed, jump
  BrIf, // [target, dstRel, n]  pop an i32; Br if non-zero
  IfFalse, // [target]           pop an i32; jump if zero
  BrTable, // [count, (target, dstRel, n) x (count + 1)]  pop an i32; the last entry is the default
  Return, // []
  Call, // [funcIndex]  (calls, allocations: safepoints with a stack map keyed by the next pc)
  CallIndirect, // [typeId, tableIndex]
  CallRef, // []
  BrOnNull, // [target, dstRel, n]
  BrOnNonNull, // [target, dstRel, n]
  BrOnCast, // [target, dstRel, n, heapCode, nullable]
  BrOnCastFail, // [target, dstRel, n, heapCode, nullable]
  // Parametric.
  Drop, // []
  Select, // []  number lane
  SelectI64, // []  bigint lane
  SelectAny, // []  both lanes (untyped select: operand type not known here)
  // Variables.
  LocalGet, // [index]
  LocalSet, // [index]
  LocalTee, // [index]
  LocalGetI64, // [index]
  LocalSetI64, // [index]
  LocalTeeI64, // [index]
  GlobalGet, // [index]
  GlobalGetI64, // [index]
  GlobalGetRef, // [index]  read barrier
  GlobalSet, // [index]
  GlobalSetI64, // [index]
  GlobalSetRef, // [index]  write barrier
  // Tables.
  TableGet, // [table]
  TableSet, // [table]
  TableSize, // [table]
  TableGrow, // [table]
  TableFill, // [table]
  TableCopy, // [dstTable, srcTable]
  TableInit, // [elem, table]
  ElemDrop, // [elem]
  // Memory.
  I32Load, // [offset]
  I64Load,
  F32Load,
  F64Load,
  I32Load8S,
  I32Load8U,
  I32Load16S,
  I32Load16U,
  I64Load8S,
  I64Load8U,
  I64Load16S,
  I64Load16U,
  I64Load32S,
  I64Load32U,
  I32Store, // [offset]
  I64Store,
  F32Store,
  F64Store,
  I32Store8,
  I32Store16,
  I64Store8,
  I64Store16,
  I64Store32,
  MemorySize, // []
  MemoryGrow, // []
  MemoryFill, // []
  MemoryCopy, // []
  MemoryInit, // [data]
  DataDrop, // [data]
  // Numeric.
  I32Const, // [value]
  I64Const, // [constIndex]
  F32Const, // [bits]
  F64Const, // [constIndex]
  I32Eqz,
  I32Eq,
  I32Ne,
  I32LtS,
  I32LtU,
  I32GtS,
  I32GtU,
  I32LeS,
  I32LeU,
  I32GeS,
  I32GeU,
  I32Add,
  I32Sub,
  I32Mul,
  I32And,
  I32Or,
  I32Xor,
  I32Shl,
  I32ShrS,
  I32ShrU,
  /** Other numeric operators, dispatched to NUMERIC_OPS by lane shape. [fnIndex] */
  NumUnNN,
  NumUnNB,
  NumUnBN,
  NumUnBB,
  NumBinNN,
  NumBinBB,
  NumBinBBtoN,
  // References.
  RefNull, // []
  RefIsNull, // []
  RefFunc, // [funcIndex]
  RefEq, // []
  RefAsNonNull, // []
  RefTest, // [heapCode, nullable]
  RefCast, // [heapCode, nullable]
  RefI31, // []
  I31GetS, // []
  I31GetU, // []
  // GC (spec 4.4.7).
  StructNew, // [typeId]
  StructNewDefault, // [typeId]
  StructGet, // [field]  number lane, no barrier (numbers, function ids)
  StructGetI64, // [field]
  StructGetRef, // [field]  read barrier
  StructGetS, // [field]
  StructGetU, // [field]
  StructSet, // [field]
  StructSetI64, // [field]
  ArrayNew, // [typeId]
  ArrayNewI64, // [typeId]
  ArrayNewDefault, // [typeId]
  ArrayNewFixed, // [typeId, n, i64]
  ArrayNewData, // [typeId, data]
  ArrayNewElem, // [typeId, elem]
  ArrayGet, // []
  ArrayGetI64, // []
  ArrayGetRef, // []
  ArrayGetS, // []
  ArrayGetU, // []
  ArraySet, // []
  ArraySetI64, // []
  ArrayLen, // []
  ArrayFill, // []
  ArrayFillI64, // []
  ArrayCopy, // []
  ArrayInitData, // [typeId, data]
  ArrayInitElem, // [elem]
  // Exception handling (spec 4.4.x).
  Throw, // [tagIndex]  allocates the exception (a safepoint), then unwinds
  ThrowRef, // []
  ReturnCall, // [funcIndex]  tail calls: the callee replaces the frame
  ReturnCallIndirect, // [typeId, tableIndex]
  ReturnCallRef, // []
  TryTable, // [skip]  jump over the catch records that follow (see CompiledFunc.tryRegions)
  /** Number of opcodes. */
  Count,
}
