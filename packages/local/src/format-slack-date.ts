/** Where and when a Slack date token is shown. */
export interface SlackDateOptions {
  /** Epoch ms for `{date_pretty}` and `{ago}`; defaults to now. */
  now?: number;
  /** IANA zone; defaults to the machine's. */
  timeZone?: string;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${["th", "st", "nd", "rd"][day % 10] ?? "th"}`;
}

function parts(epochMs: number, timeZone: string | undefined) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(epochMs))) out[part.type] = part.value;
  const monthNumber = new Intl.DateTimeFormat("en-US", { timeZone, month: "2-digit" }).format(
    new Date(epochMs),
  );
  return {
    year: out.year ?? "",
    month: out.month ?? "",
    monthNumber,
    day: Number(out.day ?? 0),
    weekday: out.weekday ?? "",
    hour: out.hour ?? "",
    minute: out.minute ?? "",
    second: out.second ?? "",
  };
}

function ago(epochMs: number, now: number): string {
  const seconds = Math.round((epochMs - now) / 1000);
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? ["second", 1];
  return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(Math.round(seconds / size), unit);
}

/**
 * Formats a Slack date token (`<!date^SECONDS^FORMAT|fallback>`) the way Slack shows it to a reader: the
 * `{date_num}`, `{date}`, `{date_short}`, `{date_long}`, their `_pretty` forms, `{time}`, `{time_secs}` and
 * `{ago}` placeholders; anything else in the format is kept as written. Times use a 24-hour clock.
 */
export function formatSlackDate(seconds: number, format: string, options: SlackDateOptions = {}): string {
  const epochMs = seconds * 1000;
  const now = options.now ?? Date.now();
  const p = parts(epochMs, options.timeZone);
  const shortMonth = p.month.slice(0, 3);
  const date = `${p.month} ${ordinal(p.day)}, ${p.year}`;
  const dateShort = `${shortMonth} ${p.day}, ${p.year}`;
  const dateLong = `${p.weekday}, ${date}`;
  const dayKey = (ms: number) => {
    const q = parts(ms, options.timeZone);
    return `${q.year}-${q.monthNumber}-${q.day}`;
  };
  const relativeDay = (): string | undefined => {
    const key = dayKey(epochMs);
    if (key === dayKey(now)) return "today";
    if (key === dayKey(now - 86_400_000)) return "yesterday";
    if (key === dayKey(now + 86_400_000)) return "tomorrow";
    return undefined;
  };
  const values: Record<string, () => string> = {
    date_num: () => `${p.year}-${p.monthNumber}-${String(p.day).padStart(2, "0")}`,
    date: () => date,
    date_short: () => dateShort,
    date_long: () => dateLong,
    date_pretty: () => relativeDay() ?? date,
    date_short_pretty: () => relativeDay() ?? dateShort,
    date_long_pretty: () => relativeDay() ?? dateLong,
    time: () => `${p.hour}:${p.minute}`,
    time_secs: () => `${p.hour}:${p.minute}:${p.second}`,
    ago: () => ago(epochMs, now),
  };
  return format.replace(/\{(\w+)\}/g, (whole, name: string) => values[name]?.() ?? whole);
}
