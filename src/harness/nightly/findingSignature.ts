import { readFileSync } from 'node:fs';

/**
 * What makes two findings the same bug, for grouping across shards and nights: the oracle, the
 * collector, the op or instruction kind where it was seen, and the first differing observation
 * (the oracle's "expected X, got Y (detail)" or the trap) with numbers, addresses and the location
 * masked, since two seeds that hit one bug differ in counts and addresses, not in kind.
 */
export interface FindingSignatureParts {
  readonly oracle: string;
  readonly collector: string | null;
  readonly kind: string;
  readonly observation: string;
}

/** The reproducer's case written out for a reader: the WAT of a Wasm case, one line per op of an op stream. */
export interface CaseListing {
  readonly format: 'wat' | 'ops';
  readonly text: string;
}

/** What the nightly reads from a reproducer file (through its JSON fields) to describe a finding. */
export interface ReproducerFacts {
  readonly kind: string;
  /** The minimised case's size (ops or instructions), null when the file has none. */
  readonly size: number | null;
  readonly listing: CaseListing | null;
}

const MAX_LISTING_LINES = 200;
const MAX_LISTING_CHARS = 16_000;
/** A Wasm instruction mnemonic named in a message (`struct.get`, `ref.cast`, `array.new_fixed`, `call_indirect`...). */
const INSTRUCTION = /\b((?:struct|array|ref|i31|any|extern|table|global|local|memory|i32|i64|f32|f64)\.[a-z0-9_.]+|br_on_[a-z_]+|call_ref|call_indirect|return_call[a-z_]*|throw_ref|throw|unreachable)\b/;

/** The first differing observation of an oracle message, with location, numbers and addresses masked. */
export function observationOf(message: string): string {
  const firstLine = message.split('\n')[0] ?? '';
  const body = firstLine.replace(/^\[[^\]]*\]\s*(?:\S+\s+)?at (?:the end|op \d+):\s*/, '');
  return body
    .replace(/0x[0-9a-f]+/gi, '0x#')
    .replace(/-?\b\d+(?:\.\d+)?\b/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 240);
}

/** `oracle | collector | kind | observation`: equal strings are one bug. */
export function findingSignature(p: FindingSignatureParts): string {
  return [p.oracle, p.collector ?? '-', p.kind, p.observation].join(' | ');
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function capped(lines: readonly string[]): string {
  let text = lines.slice(0, MAX_LISTING_LINES).join('\n');
  if (text.length > MAX_LISTING_CHARS) text = text.slice(0, MAX_LISTING_CHARS);
  const shown = text.split('\n').length;
  return shown < lines.length || text.length === MAX_LISTING_CHARS ? `${text}\n… (${lines.length} lines in all; the reproducer file has the whole case)` : text;
}

/** One op as a line: `#3 writeRef dst={"s":"elem","h":0,"i":2} val={"v":"null"}`. */
function opLine(op: unknown, i: number): string {
  if (!isObject(op)) return `#${i} ${JSON.stringify(op)}`;
  const args = Object.entries(op).filter(([k]) => k !== 'op').map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [`#${i}`, String(op.op), ...args].join(' ');
}

/**
 * Facts about a reproducer from its JSON fields (never its file name): the op at `opIndex` of an
 * op stream (or `end of stream`), the instruction an oracle message names in a Wasm case (or
 * `end of run`), the minimised size, and the case listing (the `wat` field, or the `ops`).
 */
export function reproducerFacts(json: unknown): ReproducerFacts {
  if (!isObject(json)) return { kind: 'unknown', size: null, listing: null };
  const size = typeof json.size === 'number' ? json.size : null;
  const message = typeof json.message === 'string' ? json.message : '';
  const opIndex = typeof json.opIndex === 'number' ? json.opIndex : -1;
  const c = isObject(json.case) ? json.case : {};
  if (Array.isArray(c.ops)) {
    const op = opIndex >= 0 ? c.ops[opIndex] : undefined;
    const kind = isObject(op) && typeof op.op === 'string' ? op.op : 'end of stream';
    return { kind, size, listing: { format: 'ops', text: capped(c.ops.map(opLine)) } };
  }
  const mnemonic = INSTRUCTION.exec(message)?.[1];
  const kind = mnemonic ?? 'end of run';
  return { kind, size, listing: typeof c.wat === 'string' ? { format: 'wat', text: capped(c.wat.trimEnd().split('\n')) } : null };
}

/** `reproducerFacts` of a file; a file that cannot be read or parsed gives kind `unknown` and no listing. */
export function readReproducerFacts(path: string): ReproducerFacts {
  try {
    return reproducerFacts(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  } catch {
    return { kind: 'unknown', size: null, listing: null };
  }
}
