/**
 * RFC 3339 date-times as connectors send them: any fraction length (Entra sends 7 digits), `Z` or an
 * offset. Output is always ISO 8601 UTC with milliseconds (API.md §2).
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time; returns undefined when the text is not one. */
export function parseDateTime(text: string): Date | undefined {
  return parseDateTimePrecise(text)?.date;
}

/**
 * Parses an RFC 3339 date-time to millisecond precision, and says whether the text carried a finer,
 * non-zero fraction (Entra sends 7 digits): comparisons with stored millisecond instants need to know.
 */
export function parseDateTimePrecise(text: string): { date: Date; finerThanMillis: boolean } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const ms = Number((frac + '000').slice(0, 3));
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMins = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  // setUTCFullYear: Date.UTC would read years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day);
  date.setUTCHours(Number(h), Number(mi), Math.min(Number(s), 59), ms);
  // Reject dates that roll over (2026-02-31).
  if (date.getUTCDate() !== day) return undefined;
  return {
    date: new Date(date.getTime() - offsetMinutes * 60_000),
    finerThanMillis: /[1-9]/.test(frac.slice(3)),
  };
}

export function formatDateTime(date: Date): string {
  return date.toISOString();
}
