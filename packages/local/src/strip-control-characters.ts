// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Removes characters a terminal would act on instead of showing: an escape sequence inside a webhook's name
 * or error could otherwise move the cursor, recolour, or rewrite what the user sees.
 */
export function stripControlCharacters(text: string): string {
  return text.replace(UNSAFE, "");
}
