/** Bounds `fixupOpCase` enforces, so every case stays small enough to run in microseconds per op. */
export const OP_CASE_LIMITS = {
  maxArrayLength: 64,
  maxFrameSlots: 8,
  maxFrames: 8,
  maxScopeDepth: 8,
  maxNoGcDepth: 4,
  maxSlices: 64,
  maxTableSize: 16,
  maxGlobals: 8,
  maxTables: 4,
  maxTypes: 12,
  maxFields: 8,
  /** Unknown-length arrays (read from fields) are indexed below this. */
  unknownLengthIndexBound: 8,
  minHeapBytes: 256,
  maxHeapBytes: 1 << 22,
  maxIncrementBudget: 1 << 14,
} as const;
