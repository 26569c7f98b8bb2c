/**
 * The unit of batch input: one structure (or the error that prevented reading it) with its id, where it
 * came from, and per-row properties such as training targets.
 */
import type { XtalInputError } from '../../errors.js';
import type { Structure } from '../structure.js';

export interface StructureEntry {
  /** Unique within one run (see docs/formats.md for how duplicates are disambiguated). */
  id: string;
  /** File path, with "#n" or ":row" detail when the file holds several structures. */
  source: string;
  structure?: Structure;
  error?: XtalInputError;
  /** Per-row values from the dataset (targets, formula, fold...), when the input is a table. */
  properties?: Record<string, unknown>;
}

/** What a pure multi-structure reader gives per item: an id if the format has one. */
export interface ParsedItem {
  id?: string;
  structure?: Structure;
  error?: XtalInputError;
  properties?: Record<string, unknown>;
}
