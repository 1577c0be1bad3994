import type { MemInstance } from '../memInstance';
import type { DataInstance } from '../dataInstance';
import { trapMemoryOob } from './traps';

/** Bulk memory instructions (spec 4.4.8) with exact bounds checks; operands are u32s. */

/** `memory.fill`. */
export function memoryFill(mem: MemInstance, d: number, value: number, n: number): void {
  if (d + n > mem.byteLength) throw trapMemoryOob();
  mem.bytes.fill(value & 0xff, d, d + n);
}

/** `memory.copy` (overlap-safe). */
export function memoryCopy(mem: MemInstance, d: number, s: number, n: number): void {
  const len = mem.byteLength;
  if (s + n > len || d + n > len) throw trapMemoryOob();
  mem.bytes.copyWithin(d, s, s + n);
}

/** `memory.init`. */
export function memoryInit(mem: MemInstance, data: DataInstance, d: number, s: number, n: number): void {
  if (s + n > data.bytes.length || d + n > mem.byteLength) throw trapMemoryOob();
  mem.bytes.set(data.bytes.subarray(s, s + n), d);
}
