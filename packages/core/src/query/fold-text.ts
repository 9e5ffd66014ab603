/** Text for loose comparison: case, accents and runs of white space do not matter (`Málaga` ~ `malaga`). */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}
