/** Bounds `fixupOpCase` enforces, so every case stays small enough to run in microseconds per op. */
export const OP_CASE_LIMITS = {
  maxArrayLength: 64,
  maxFrameSlots: 8,
  maxFrames: 8,
  maxScopeDepth: 8,
  maxNoGcDepth: 4,
  maxSlices: 64,
  /** Largest initial table size. */
  maxTableSize: 16,
  /**
   * The declared maximum (spec 2.3.11 `limits.max`) of every case table: `table.grow` past it
   * returns -1 and changes nothing, which bounds how far a case can grow its tables.
   */
  tableMaximum: 24,
  /** Most operands of one `array.new_fixed` (op `newArrayFixed`). */
  maxFixedValues: 8,
  maxGlobals: 8,
  maxTables: 4,
  maxTypes: 12,
  maxFields: 8,
  /** Unknown-length arrays (read from fields) are indexed below this. */
  unknownLengthIndexBound: 8,
  minHeapBytes: 256,
  maxHeapBytes: 1 << 22,
  maxIncrementBudget: 1 << 14,
  /** Largest `stackRootsTriggerFloor` a case may ask for (the runtime default, 1024). */
  maxStackRootsTriggerFloor: 1024,
} as const;
