import * as fs from 'node:fs';
import * as path from 'node:path';
import { specRoot } from './specRoot';

/** One `.wasm` file named by a spec script command. */
export interface SpecBinary {
  /** The script stem, e.g. "array". */
  readonly stem: string;
  /** The command type: module, module_definition, assert_invalid, assert_malformed, ... */
  readonly command: string;
  readonly line: number;
  /** Expected error text for assertions, if any. */
  readonly text?: string;
  readonly file: string;
  readonly bytes: Uint8Array;
}

interface ScriptCommand {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly text?: string;
  readonly module_type?: string;
}

/**
 * Every binary module the spec scripts under `root` mention, in script order (scripts sorted by
 * name). Text-only `assert_malformed` commands have no binary and are not listed.
 */
export function specBinaries(root: string = specRoot()): SpecBinary[] {
  const out: SpecBinary[] = [];
  for (const stem of fs.readdirSync(root).sort()) {
    const script = path.join(root, stem, `${stem}.json`);
    if (!fs.existsSync(script)) continue;
    const parsed = JSON.parse(fs.readFileSync(script, 'utf8')) as { commands: ScriptCommand[] };
    for (const c of parsed.commands) {
      if (c.filename === undefined) continue;
      const file = path.join(root, stem, c.filename);
      out.push({
        stem,
        command: c.type,
        line: c.line,
        ...(c.text !== undefined ? { text: c.text } : {}),
        file,
        bytes: new Uint8Array(fs.readFileSync(file)),
      });
    }
  }
  return out;
}
