import type { Count, RequestFigures, TransparencyReport } from './transparency.js';

/**
 * The transparency report as one printable HTML page (issue 8, item 6): no script, no outside
 * resources, a print style sheet; the browser's "Print to PDF" makes the PDF. Pure.
 */
const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const cell = (v: Count | number | null) => escape(v === null ? '—' : String(v));

function table(title: string, rows: Record<string, Count>): string {
  const body = Object.entries(rows)
    .map(([k, v]) => `<tr><th scope="row">${escape(k)}</th><td>${cell(v)}</td></tr>`)
    .join('');
  return `<table><caption>${escape(title)}</caption><tbody>${body || '<tr><td colspan="2">none</td></tr>'}</tbody></table>`;
}

const duration = (s: number | null) =>
  s === null
    ? '— (too few to show)'
    : s < 7200
      ? `${Math.round(s / 60)} min`
      : `${(s / 3600).toFixed(1)} h`;

function requests(title: string, f: RequestFigures): string {
  return `<section><h2>${escape(title)}: ${cell(f.total)}</h2>
<p>Emergency: ${cell(f.emergency)} · other: ${cell(f.normal)} · median time to acknowledge: ${escape(
    duration(f.medianAcknowledgeSeconds),
  )} · median time to execute: ${escape(duration(f.medianExecuteSeconds))}</p>
${table('By type', f.byType)}${table('By country', f.byCountry)}${table('By outcome', f.byOutcome)}${table(
    'Refusals by ground',
    f.byRefusalGround,
  )}</section>`;
}

export function transparencyHtml(report: TransparencyReport, nodeName: string): string {
  const { period, threshold } = report;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Transparency report — ${escape(nodeName)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#111}
table{border-collapse:collapse;margin:0 1.5rem 1rem 0;display:inline-table;vertical-align:top}
caption{font-weight:600;text-align:left;padding:.25rem 0}
th,td{border:1px solid #bbb;padding:.2rem .6rem;text-align:left}td{text-align:right}
@media print{body{margin:0}section{break-inside:avoid}}
</style></head><body>
<h1>Transparency report — ${escape(nodeName)}</h1>
<p>Period: ${escape(period.from)} to ${escape(period.to)}. Counts below ${threshold} are shown as
“&lt; ${threshold}” so that small numbers do not identify a case. Generated from the node’s records.</p>
${requests('Requests sent', report.requests.sent)}
${requests('Requests received', report.requests.received)}
<section><h2>Personal-data openings: ${cell(report.openings.total)}</h2>${table('By purpose', report.openings.byPurpose)}</section>
<section><h2>Retention deletions: ${cell(report.retention.total)}</h2>${table('By data category', report.retention.byCategory)}</section>
<section><h2>Withdrawals from peers: ${cell(report.withdrawals.total)}</h2>
<p>Peers notified: ${cell(report.withdrawals.peersNotified)}</p>${table('By reason', report.withdrawals.byReason)}</section>
</body></html>
`;
}
