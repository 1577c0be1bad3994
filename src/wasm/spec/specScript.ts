/**
 * The wast2json script format of the spec-test folder (see its README): commands, actions and
 * values, exactly as they appear in the JSON.
 */
export interface SpecValue {
  readonly type: string;
  /** Decimal bit pattern, "null", "nan:canonical", "nan:arithmetic", or absent ("any non-null"). */
  readonly value?: string | readonly string[];
  /** `refnull`: the heap type as written. */
  readonly heap?: string;
  /** `either`: the alternatives. */
  readonly values?: readonly SpecValue[];
}

export interface SpecAction {
  readonly type: 'invoke' | 'get';
  readonly module?: string;
  readonly field: string;
  readonly args?: readonly SpecValue[];
}

export interface SpecCommand {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly name?: string;
  readonly as?: string;
  readonly action?: SpecAction;
  readonly expected?: readonly SpecValue[];
  readonly text?: string;
  readonly module_type?: 'binary' | 'text';
  readonly skipped?: string;
}

export interface SpecScript {
  readonly source_filename: string;
  readonly commands: readonly SpecCommand[];
}
