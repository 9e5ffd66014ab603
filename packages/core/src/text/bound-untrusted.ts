import { TEXT_LIMITS } from "../slack/limits";

/*
 * Where untrusted text may be cut without splitting a credential. The redaction patterns (redact.ts) never
 * match across these: a URL, its userinfo, a `Bearer` token and a `name=value` pair's name all stop at them,
 * and a pair's value that is cut short is still redacted whole.
 */
const BREAKS = new Set([" ", "\t", "\n", "\r", "<", ">", '"', "'", "`", "|"].map((c) => c.charCodeAt(0)));
/* Inside one unbroken run: a URL's authority and path segments end at these, so cutting there splits none. */
const URL_BREAKS = new Set(["/", "?", "#"].map((c) => c.charCodeAt(0)));
/*
 * A cut-off piece shorter than this is dropped rather than shown: it could be the first letters of a token
 * (a `Bearer` value is redacted from 6 characters on). Longer pieces are redacted as if whole.
 */
const MIN_PIECE = 64;
const CUT_MARK = " …";

/**
 * Untrusted text bounded to `TEXT_LIMITS.untrustedInput` characters before any pattern runs on it, so every
 * transform of it costs at most a fixed amount of work. Longer text is cut at the last break (whitespace or
 * one of `<>"'`|`) and, when what follows that break is long, at the last `/`, `?` or `#` within it: no
 * credential is split in a way that would let its first part escape redaction. The cut is marked with " …".
 */
export function boundUntrusted(text: string): string {
  const max = TEXT_LIMITS.untrustedInput;
  if (text.length <= max) return text;
  let end = max - CUT_MARK.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  let pieceStart = end;
  while (pieceStart > 0 && !BREAKS.has(text.charCodeAt(pieceStart - 1))) pieceStart--;
  let cut = end;
  if (end - pieceStart < MIN_PIECE) cut = pieceStart;
  else {
    let urlBreak = end;
    while (urlBreak > pieceStart && !URL_BREAKS.has(text.charCodeAt(urlBreak - 1))) urlBreak--;
    if (urlBreak > pieceStart) cut = urlBreak - 1 - pieceStart < MIN_PIECE ? pieceStart : urlBreak - 1;
  }
  return text.slice(0, cut) + CUT_MARK;
}
