// ASCII is its own NFKD form and has no combining marks: most names and queries skip both passes.
const ASCII = /^[\x00-\x7f]*$/;

/** Text for loose comparison: case, accents and runs of white space do not matter (`Málaga` ~ `malaga`). */
export function foldText(text: string): string {
  const bare = ASCII.test(text) ? text : text.normalize("NFKD").replace(/\p{M}/gu, "");
  return bare.toLowerCase().replace(/\s+/g, " ").trim();
}
