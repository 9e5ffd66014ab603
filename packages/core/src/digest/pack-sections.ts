import { truncate } from "../text";

/** A run of lines under a heading (a location); the heading is repeated, continued, on a new message. */
export interface PackGroup {
  heading: string;
  continuedHeading: string;
  lines: readonly string[];
}

/** Budgets of one message's packed part. */
export interface PackLimits {
  /** Characters per section text (Slack: 3,000). */
  sectionText: number;
  /** Sections per message. */
  blocks: number;
  /** Characters of all section texts together. */
  text: number;
}

/**
 * Packs grouped lines into messages of section texts, greedily and in order, so that every section and
 * every message stays within `limits`. A group starts a new section; a heading always travels with the
 * first line under it; a group cut by a message boundary gets its `continuedHeading` on the next one.
 * Returns one array of section texts per message.
 */
export function packSections(groups: readonly PackGroup[], limits: PackLimits): string[][] {
  const messages: string[][] = [];
  let sections: string[] = [];
  let open: string[] = [];
  let openLength = 0;
  let messageLength = 0;

  const closeSection = () => {
    if (open.length) sections.push(open.join("\n"));
    open = [];
    openLength = 0;
  };
  const closeMessage = () => {
    closeSection();
    if (sections.length) messages.push(sections);
    sections = [];
    messageLength = 0;
  };
  const openSection = (text: string) => {
    open = [text];
    openLength = text.length;
    messageLength += text.length;
  };

  for (const group of groups) {
    let sectionOfGroup = false;
    let inThisMessage = false;
    for (const [index, raw] of group.lines.entries()) {
      const heading = index === 0 ? group.heading : group.continuedHeading;
      // Defensive: lines are short by construction, but one must always fit an empty section.
      const line = truncate(raw, Math.min(limits.sectionText, limits.text) - heading.length - 1);
      if (
        sectionOfGroup &&
        openLength + 1 + line.length <= limits.sectionText &&
        messageLength + 1 + line.length <= limits.text
      ) {
        open.push(line);
        openLength += 1 + line.length;
        messageLength += 1 + line.length;
        continue;
      }
      closeSection();
      const text = inThisMessage ? line : `${heading}\n${line}`;
      if (sections.length + 1 > limits.blocks || messageLength + text.length > limits.text) {
        closeMessage();
        openSection(`${heading}\n${line}`);
      } else {
        openSection(text);
      }
      sectionOfGroup = true;
      inThisMessage = true;
    }
    closeSection();
  }
  closeMessage();
  return messages;
}
