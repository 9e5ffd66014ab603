import { describe, expect, it } from "vitest";
import { validateMessage } from "../../src/blocks/validate-message";
import { COMMAND_TABLE, helpMessage } from "../../src/query";
import type { CommandRow } from "../../src/query/row-types";
import { SLACK_LIMITS } from "../../src/slack/limits";
import { blocksOf } from "../service/support";

function texts(message: ReturnType<typeof helpMessage>): string[] {
  const out: string[] = [];
  for (const block of blocksOf(message)) {
    if (block.text?.text) out.push(block.text.text);
    for (const element of block.elements ?? []) if (element.text) out.push(element.text);
  }
  return out;
}

describe("helpMessage", () => {
  it("mentions every keyword, qualifier, alias and command of the table the parser reads", () => {
    // Prepare
    const rows: readonly CommandRow[] = COMMAND_TABLE;
    // Act
    const all = texts(helpMessage()).join("\n");
    // Assess
    for (const row of rows) {
      if (row.kind === "syntax") continue;
      const first = row.usage
        .split(", ")[0]!
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;");
      expect(all, row.name).toContain(`\`${first}\``);
      for (const alias of row.aliases) expect(all, alias).toContain(`\`${alias}\``);
    }
  });

  it("stays within Slack's limits and has a fallback text", () => {
    // Act
    const message = helpMessage();
    const all = texts(message);
    // Assess
    expect(message.text.length).toBeGreaterThan(0);
    expect(blocksOf(message).length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    for (const block of blocksOf(message)) {
      if (block.type === "header")
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === "section")
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (block.type === "context") {
        expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
        for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
      }
    }
    expect(all.join("").length).toBeLessThanOrEqual(SLACK_LIMITS.totalBlockText);
    expect(validateMessage(message)).toEqual([]);
  });

  it("escapes every text: no raw < or >, every & an entity", () => {
    // Act
    const all = texts(helpMessage());
    // Assess
    for (const text of all) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(all.join("\n")).toContain("`triggered:&lt;7d`");
  });
});
