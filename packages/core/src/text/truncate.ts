const ELLIPSIS = "…";

/**
 * Shortens text to at most `max` characters (UTF-16 units, as Slack counts), ending with "…" when cut.
 * Never cuts inside an HTML entity (`&amp;`) or a surrogate pair, so escaped text stays valid, nor just
 * after a zero-width joiner.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  if (max === 1) return ELLIPSIS;
  let cut = max - 1;
  // Do not split a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  // Nor leave a zero-width joiner with nothing to join.
  if (text.charCodeAt(cut - 1) === 0x200d) cut -= 1;
  // Do not split an entity such as &amp; &lt; &gt;.
  const amp = text.lastIndexOf("&", cut - 1);
  if (amp !== -1 && cut - amp < 6) {
    const semi = text.indexOf(";", amp);
    if (semi === -1 || semi >= cut) cut = amp;
  }
  return text.slice(0, cut) + ELLIPSIS;
}

/** Collapses whitespace (newlines, tabs, runs of spaces) to single spaces, for one-line display. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
