/** Spec 4.2.11 data instance: the segment's bytes, empty once dropped (`data.drop`). */
export class DataInstance {
  constructor(public bytes: Uint8Array) {}

  drop(): void {
    this.bytes = new Uint8Array(0);
  }
}
