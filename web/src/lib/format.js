// Numbers, scores, times and labels as the dashboard shows them.

const integer = new Intl.NumberFormat('en-US');

export function count(n) {
  return n === null || n === undefined ? '–' : integer.format(n);
}

// 87.345 -> "87.3"
export function score(n) {
  return n === null || n === undefined ? '–' : (Math.round(n * 10) / 10).toFixed(1);
}

export function percent(fraction) {
  return fraction === null || fraction === undefined ? '–' : `${(fraction * 100).toFixed(1)}%`;
}

// "2024-05-01T10:00:00Z" -> "2024-05-01 10:00 UTC"
export function time(t) {
  if (!t) return '–';
  return t.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

export function day(t) {
  return t ? t.slice(0, 10) : '–';
}

// Time from now in words: "in 3 days", "2 hours ago".
export function relative(t) {
  if (!t) return '';
  const seconds = (Date.parse(t) - Date.now()) / 1000;
  const units = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return rtf.format(Math.round(seconds), 'second');
}

export const severities = ['critical', 'high', 'medium', 'low', 'info'];
export const statuses = ['open', 'unknown', 'exempted', 'closed'];

// The score's band, for colour: good >= 90, fair >= 70, else poor.
export function band(n) {
  if (n === null || n === undefined) return 'none';
  return n >= 90 ? 'good' : n >= 70 ? 'fair' : 'poor';
}

// The last part of an ARN or id, for compact tables.
export function shortId(id) {
  if (!id) return '';
  const slash = id.lastIndexOf('/');
  const colon = id.lastIndexOf(':');
  const cut = Math.max(slash, colon);
  return cut >= 0 && cut < id.length - 1 ? id.slice(cut + 1) : id;
}

// YYYY-MM-DD of today + days (for date inputs).
export function dateIn(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

// A date input's YYYY-MM-DD -> the end of that day in UTC, RFC 3339.
export function endOfDay(date) {
  return `${date}T23:59:59Z`;
}
