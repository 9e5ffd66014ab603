import { AREA_TITLES, type CheckArea, type DoctorReport, STATUS_SYMBOLS } from "./check-result";

/** Terminal styling for the report (colours, or none). */
export interface DoctorTextStyle {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
}

const PLAIN: DoctorTextStyle = {
  bold: (t) => t,
  dim: (t) => t,
  green: (t) => t,
  yellow: (t) => t,
  red: (t) => t,
};

// Findings quote Slack's and AWS's answers: nothing in them may move the cursor or recolour the terminal.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const clean = (text: string) => text.replace(CONTROL, "");

/** One line summing up the report: `all 14 checks passed`, or what failed. */
export function doctorSummary(report: DoctorReport): string {
  const count = (status: string) => report.results.filter((r) => r.status === status).length;
  const [failed, warned, skipped, passed] = [count("fail"), count("warn"), count("skip"), count("ok")];
  const parts = [
    failed > 0 ? `${failed} failed` : "",
    warned > 0 ? `${warned} ${warned === 1 ? "warning" : "warnings"}` : "",
    `${passed} passed`,
    skipped > 0 ? `${skipped} not tested here` : "",
  ].filter(Boolean);
  return `Setup check: ${parts.join(", ")}.`;
}

/**
 * The report as terminal text: a heading per area, then per check its symbol, title and finding, and
 * under a warning or failure the fix. `only` keeps some statuses (the start-up banner shows problems only).
 */
export function formatDoctorText(
  report: DoctorReport,
  options: { style?: DoctorTextStyle; only?: ReadonlyArray<keyof typeof STATUS_SYMBOLS> } = {},
): string {
  const style = options.style ?? PLAIN;
  const colour = { ok: style.green, warn: style.yellow, fail: style.red, skip: style.dim };
  const shown = report.results.filter((r) => !options.only || options.only.includes(r.status));
  const lines: string[] = [];
  for (const area of Object.keys(AREA_TITLES) as CheckArea[]) {
    const results = shown.filter((r) => r.area === area);
    if (results.length === 0) continue;
    lines.push(style.bold(AREA_TITLES[area]));
    for (const r of results) {
      lines.push(`  ${colour[r.status](STATUS_SYMBOLS[r.status])} ${r.title}: ${clean(r.finding)}`);
      if (r.fix && r.status !== "ok") lines.push(`      ${style.dim("fix:")} ${clean(r.fix)}`);
    }
  }
  lines.push(doctorSummary(report));
  return lines.join("\n");
}
