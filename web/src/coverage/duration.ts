/**
 * A duration in seconds as a short text in `lang`: seconds under two minutes, minutes under
 * two hours, hours under two days, else days (rounded).
 */
export function formatDuration(seconds: number, lang: string): string {
  const [value, unit] =
    seconds < 120
      ? [seconds, 'second']
      : seconds < 7200
        ? [seconds / 60, 'minute']
        : seconds < 172_800
          ? [seconds / 3600, 'hour']
          : [seconds / 86_400, 'day'];
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 0,
  }).format(value);
}
