import { type Surface, validateMessage } from "./validate-message";
import { DENSITIES, type RowDensity } from "./webhook-row";

/**
 * Builds a message at the roomiest row density that passes `validateMessage`, stepping down to shorter
 * names and errors (and finally none) when the whole would exceed a limit. The last density is returned
 * even if it fails, so a bug shows up in the validator's tests rather than as a missing answer.
 */
export function fitToLimits<T extends { text?: string; blocks: unknown[] }>(
  build: (density: RowDensity) => T,
  surface: Surface = "message",
): T {
  let message: T | undefined;
  for (const density of DENSITIES) {
    message = build(density);
    if (validateMessage(message, { surface }).length === 0) return message;
  }
  return message!;
}
