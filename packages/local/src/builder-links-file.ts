import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blockKitBuilderUrl } from "./block-kit-builder-url";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * Writes a small HTML page linking each message to Block Kit Builder, and returns its path. A builder URL
 * carries the whole message in its fragment (often 10 KB): one short path in the terminal instead.
 */
export async function writeBuilderLinks(
  messages: ReadonlyArray<{ label: string; message: { text?: string; blocks?: unknown[] } }>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nexudus-webhooks-"));
  const path = join(dir, "block-kit-builder.html");
  const items = messages
    .map(
      ({ label, message }, i) =>
        `<li><a href="${escapeHtml(blockKitBuilderUrl(message))}">${i + 1}. ${escapeHtml(label)}</a></li>`,
    )
    .join("\n");
  await writeFile(
    path,
    `<!doctype html>\n<meta charset="utf-8">\n<title>Digest messages in Block Kit Builder</title>\n<h1>Digest messages in Block Kit Builder</h1>\n<ol>\n${items}\n</ol>\n`,
    { mode: 0o600 },
  );
  return path;
}
