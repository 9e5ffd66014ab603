/** Resolves once `probe` holds, looking again every few milliseconds: a condition awaited, not a sleep. */
export async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((resolve) => setTimeout(resolve, 5));
}
