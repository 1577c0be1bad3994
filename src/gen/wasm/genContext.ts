import type { HostFuncName } from '../../cases/wasmCase';
import type { BlockType, FuncType, GlobalType, RefType, TableType, ValType } from '../../wasm/syntax/types';
import type { Choices } from './choices';
import type { TypeSpace } from './typeSpace';

/** A function of the module's function index space as the body generator sees it. */
export interface FuncInfo {
  readonly index: number;
  readonly typeIndex: number;
  readonly type: FuncType;
  /**
   * 'host': an import; 'inner': may call inner functions of a higher index, leaves and hosts;
   * 'leaf': calls only hosts. Every function reference value the body generator makes names a leaf,
   * so call_ref / call_indirect reach only leaves and the call graph is acyclic (genReachFunc also
   * stores references to other functions, in objects only it reads, and never calls them).
   */
  readonly role: 'host' | 'inner' | 'leaf';
  readonly host?: HostFuncName;
}

/** Everything about the module a body generator may use. */
export interface GenContext {
  readonly c: Choices;
  readonly ts: TypeSpace;
  readonly funcs: readonly FuncInfo[];
  readonly hostIndex: Readonly<Partial<Record<HostFuncName, number>>>;
  readonly globals: readonly GlobalType[];
  /** The mutable i32 global every loop iteration and every call decrements; at 0 loops exit and functions return at once. */
  readonly budgetGlobal: number;
  /** A mutable externref global that statements store fresh host objects in (null: none). */
  readonly hostKeepGlobal: number | null;
  readonly tables: readonly TableType[];
  /** Element segment types, by segment index. */
  readonly elemTypes: readonly RefType[];
  /**
   * Element segment lengths as the code sees them: a passive segment's entries; 0 for active and
   * declarative ones, which instantiation drops (spec 4.5.4), so any non-empty use of them traps.
   */
  readonly elemLengths: readonly number[];
  /** Data segment lengths, by segment index. */
  readonly dataLengths: readonly number[];
  /** Function indices of the leaves. */
  readonly leaves: readonly number[];
  readonly limits: BodyLimits;
  /** The module's tags and exnref slots, when it has tags (exception handling: see genException). */
  readonly exn?: ExnContext;
}

/** A defined tag as the body generator sees it. */
export interface ExnTagInfo {
  readonly index: number;
  readonly params: readonly ValType[];
  /** Block types whose results are a `catch` clause's values (the payload) and a `catch_ref` clause's (payload, exnref). */
  readonly catchType: BlockType;
  readonly catchRefType: BlockType;
}

/**
 * Exception handling in a generated module: its tags, and where exnrefs are held: a mutable
 * exnref global and maybe an exnref table, both outside `globals`' generic use and outside
 * `tables` (no generic generator makes exnref values), never exported (JS cannot read an exnref).
 */
export interface ExnContext {
  readonly tags: readonly ExnTagInfo[];
  readonly global: number;
  readonly table: number | null;
  readonly tableSize: number;
}

export interface BodyLimits {
  /** Expression nesting depth. */
  readonly exprDepth: number;
  /** Statement nesting depth (blocks, ifs, loops). */
  readonly stmtDepth: number;
  /** Statements per sequence, at most. */
  readonly maxStmts: number;
  /** Instructions per function body, roughly: past it only leaf expressions are generated. */
  readonly maxInstrs: number;
  /** Iterations of one loop, at most. */
  readonly maxLoopIters: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { exprDepth: 3, stmtDepth: 3, maxStmts: 8, maxInstrs: 500, maxLoopIters: 16 };
