import { suggest } from "./edit-distance";
import { COMMAND_ROWS } from "./rows/command-rows";
import { STATUS_ROWS } from "./rows/status-rows";

/** Keywords (with their aliases) and command words: what a bare word must not be written as. */
const RESERVED: ReadonlySet<string> = new Set(
  [...STATUS_ROWS, ...COMMAND_ROWS].flatMap((row) => [row.name, ...row.aliases]),
);
const TARGETS: readonly string[] = [...RESERVED];

/** Whether a lower-case word is a keyword or a command word. */
export function isReserved(lower: string): boolean {
  return RESERVED.has(lower);
}

/** The keywords and commands a word of 4 letters or more is one or two typos away from (`faling`). */
export function nearKeywords(word: string): string[] {
  const lower = word.toLowerCase();
  if (lower.length < 4 || RESERVED.has(lower)) return [];
  return suggest(lower, TARGETS, { maxDistance: lower.length <= 5 ? 1 : 2 });
}
