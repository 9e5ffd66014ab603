import type { SimpleTimeZone } from "@nwh/core/nexudus";
import { wallTimeAt } from "@nwh/core/time";

/*
 * The account's `/sys/simpletimezones`: Nexudus names each zone by its Windows id (`Name`, e.g. `GMT
 * Standard Time`) and a display text (`Description`). Ids are the account's own; the demo account uses 2
 * and 13, generated accounts 1–40. The IANA zone of each row is the emulator's own knowledge (it is never
 * served), used to write dates as wall-clock time for the `local` date quirk.
 */
const ROWS: ReadonlyArray<[id: number, name: string, iana: string, description: string, offset: string]> = [
  [1, "UTC", "UTC", "(UTC) Coordinated Universal Time", "0:00"],
  [2, "GMT Standard Time", "Europe/London", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "0:00"],
  [3, "Romance Standard Time", "Europe/Paris", "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "1:00"],
  [
    4,
    "Central European Standard Time",
    "Europe/Warsaw",
    "(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb",
    "1:00",
  ],
  [5, "GTB Standard Time", "Europe/Bucharest", "(UTC+02:00) Athens, Bucharest", "2:00"],
  [
    6,
    "FLE Standard Time",
    "Europe/Kiev",
    "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius",
    "2:00",
  ],
  [7, "Turkey Standard Time", "Europe/Istanbul", "(UTC+03:00) Istanbul", "3:00"],
  [8, "Russian Standard Time", "Europe/Moscow", "(UTC+03:00) Moscow, St. Petersburg", "3:00"],
  [9, "Arabian Standard Time", "Asia/Dubai", "(UTC+04:00) Abu Dhabi, Muscat", "4:00"],
  [10, "India Standard Time", "Asia/Calcutta", "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "5:30"],
  [11, "Singapore Standard Time", "Asia/Singapore", "(UTC+08:00) Kuala Lumpur, Singapore", "8:00"],
  [12, "Tokyo Standard Time", "Asia/Tokyo", "(UTC+09:00) Osaka, Sapporo, Tokyo", "9:00"],
  [
    13,
    "W. Europe Standard Time",
    "Europe/Berlin",
    "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
    "1:00",
  ],
  [14, "AUS Eastern Standard Time", "Australia/Sydney", "(UTC+10:00) Canberra, Melbourne, Sydney", "10:00"],
  [15, "New Zealand Standard Time", "Pacific/Auckland", "(UTC+12:00) Auckland, Wellington", "12:00"],
  [16, "Hawaiian Standard Time", "Pacific/Honolulu", "(UTC-10:00) Hawaii", "-10:00"],
  [17, "Alaskan Standard Time", "America/Anchorage", "(UTC-09:00) Alaska", "-9:00"],
  [18, "Pacific Standard Time", "America/Los_Angeles", "(UTC-08:00) Pacific Time (US & Canada)", "-8:00"],
  [19, "Mountain Standard Time", "America/Denver", "(UTC-07:00) Mountain Time (US & Canada)", "-7:00"],
  [20, "Central Standard Time", "America/Chicago", "(UTC-06:00) Central Time (US & Canada)", "-6:00"],
  [21, "Eastern Standard Time", "America/New_York", "(UTC-05:00) Eastern Time (US & Canada)", "-5:00"],
  [22, "SA Pacific Standard Time", "America/Bogota", "(UTC-05:00) Bogota, Lima, Quito, Rio Branco", "-5:00"],
  [23, "E. South America Standard Time", "America/Sao_Paulo", "(UTC-03:00) Brasilia", "-3:00"],
  [24, "Argentina Standard Time", "America/Buenos_Aires", "(UTC-03:00) City of Buenos Aires", "-3:00"],
  [
    25,
    "Central Standard Time (Mexico)",
    "America/Mexico_City",
    "(UTC-06:00) Guadalajara, Mexico City, Monterrey",
    "-6:00",
  ],
  [26, "Atlantic Standard Time", "America/Halifax", "(UTC-04:00) Atlantic Time (Canada)", "-4:00"],
  [27, "South Africa Standard Time", "Africa/Johannesburg", "(UTC+02:00) Harare, Pretoria", "2:00"],
  [28, "Egypt Standard Time", "Africa/Cairo", "(UTC+02:00) Cairo", "2:00"],
  [29, "Israel Standard Time", "Asia/Jerusalem", "(UTC+02:00) Jerusalem", "2:00"],
  [30, "Arab Standard Time", "Asia/Riyadh", "(UTC+03:00) Kuwait, Riyadh", "3:00"],
  [31, "China Standard Time", "Asia/Shanghai", "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", "8:00"],
  [32, "Korea Standard Time", "Asia/Seoul", "(UTC+09:00) Seoul", "9:00"],
  [33, "SE Asia Standard Time", "Asia/Bangkok", "(UTC+07:00) Bangkok, Hanoi, Jakarta", "7:00"],
  [34, "W. Australia Standard Time", "Australia/Perth", "(UTC+08:00) Perth", "8:00"],
  [35, "E. Australia Standard Time", "Australia/Brisbane", "(UTC+10:00) Brisbane", "10:00"],
  [
    36,
    "Central Europe Standard Time",
    "Europe/Budapest",
    "(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague",
    "1:00",
  ],
  [37, "Morocco Standard Time", "Africa/Casablanca", "(UTC+01:00) Casablanca", "1:00"],
  [38, "Greenwich Standard Time", "Atlantic/Reykjavik", "(UTC+00:00) Monrovia, Reykjavik", "0:00"],
  [39, "Azores Standard Time", "Atlantic/Azores", "(UTC-01:00) Azores", "-1:00"],
  [40, "Newfoundland Standard Time", "America/St_Johns", "(UTC-03:30) Newfoundland", "-3:30"],
];

/** The zones every emulator serves unless its account brings its own. */
export const DEMO_TIME_ZONES: readonly SimpleTimeZone[] = ROWS.map(
  ([Id, Name, , Description, TimeOffset]) => ({
    Id,
    Name,
    Description,
    TimeOffset,
    UsesSummerTime: true,
  }),
);

const IANA_BY_NAME = new Map(ROWS.map(([, name, iana]) => [name.toLowerCase(), iana]));

/** The IANA zone the emulator writes a Windows zone's wall-clock dates in (`undefined`: unknown, UTC). */
export function emulatorZoneOf(windowsName: string | null | undefined): string | undefined {
  return windowsName ? IANA_BY_NAME.get(windowsName.toLowerCase()) : undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `YYYY-MM-DDTHH:mm:ssZ` of instant `ms` as wall-clock time in `zone`, with Nexudus's fake `Z`. */
export function wallClockWithFakeZ(ms: number, zone: string): string {
  const w = wallTimeAt(ms, zone);
  // Zone offsets are whole minutes: the seconds are the instant's own.
  const seconds = Math.floor((((ms % 60_000) + 60_000) % 60_000) / 1000);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(seconds)}Z`;
}
