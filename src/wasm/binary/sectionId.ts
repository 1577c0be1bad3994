/** Spec 5.5.2 section ids. */
export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  func: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  elem: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  /** Exception handling's tag section (between memory and global). */
  tag: 13,
} as const;

/**
 * Spec 5.5.16 module: the required order of non-custom sections, as a rank per section id. The data
 * count section (12) sits between the element (9) and code (10) sections; the tag section (13)
 * would sit between memory and global.
 */
export const SECTION_RANK: Readonly<Record<number, number>> = {
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  13: 6,
  6: 7,
  7: 8,
  8: 9,
  9: 10,
  12: 11,
  10: 12,
  11: 13,
};
