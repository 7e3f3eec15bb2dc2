import { linksSentence, Report, ReportSection, sectionTable } from './model';

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => {
    switch (character) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

function link(label: string, url: string | undefined): string {
  return url
    ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`
    : escapeHtml(label);
}

function anchorId(anchor: string): string {
  return anchor.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

const STYLE = `
:root { color-scheme: light; --bad: #b42318; --info: #175cd3; --good: #067647; --muted: #667085; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #101828; background: #f9fafb; }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
header { border-bottom: 1px solid #eaecf0; background: #fff; max-width: none; }
header > div { max-width: 1152px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; }
.meta { color: var(--muted); margin: 0; }
section { background: #fff; border: 1px solid #eaecf0; border-radius: 8px; padding: 16px; margin: 16px 0; }
section h2 { display: flex; gap: 8px; align-items: baseline; }
.count { margin-left: auto; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
.count.some { color: var(--bad); } .count.none { color: var(--muted); }
.badge { font-size: 11px; font-weight: 600; border-radius: 999px; padding: 1px 8px; border: 1px solid currentColor; white-space: nowrap; }
.badge.BAD { color: var(--bad); } .badge.INFORMATIVE { color: var(--info); } .badge.GOOD { color: var(--good); } .badge.UNKNOWN { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaecf0; vertical-align: top; overflow-wrap: break-word; }
th { background: #f2f4f7; font-weight: 600; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.zero td { color: var(--muted); }
pre { background: #f2f4f7; padding: 8px; border-radius: 6px; white-space: pre-wrap; margin: 4px 0 8px; }
details summary { cursor: pointer; color: var(--muted); }
.none { color: var(--muted); font-style: italic; }
a { color: #175cd3; }
`;

function section(report: Report, section: ReportSection): string {
  const queries = section.queries
    .map(
      (query) =>
        `<p>${escapeHtml(query.name ?? 'Query')}${query.resultsAre ? ` <span class="badge ${escapeHtml(query.resultsAre)}">${escapeHtml(query.resultsAre)}</span>` : ''}</p>` +
        `<pre><code>${escapeHtml(query.query)}</code></pre>`,
    )
    .join('\n');
  const table = sectionTable(report, section, escapeHtml, link);
  const body =
    section.rows.length === 0
      ? '<p class="none">No matching entities.</p>'
      : `<table>
<thead><tr>${table.headers.map((header) => `<th>${header}</th>`).join('')}</tr></thead>
<tbody>
${table.rows
  .map(
    ({ key, cells }) =>
      `<tr data-key="${escapeHtml(key)}">${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`,
  )
  .join('\n')}
</tbody>
</table>${section.omitted > 0 ? `\n<p class="none">${section.omitted} more not shown (row limit).</p>` : ''}`;

  return `<section id="${anchorId(section.anchor)}" data-question-id="${escapeHtml(section.id)}" data-count="${section.count}">
<h2>${escapeHtml(`${section.number}. ${section.title}`)} <span class="badge ${escapeHtml(section.resultsAre)}">${escapeHtml(section.resultsAre)}</span><span class="count ${section.count > 0 && section.resultsAre === 'BAD' ? 'some' : 'none'}">${section.count} ${section.count === 1 ? 'match' : 'matches'}</span></h2>
<p>${escapeHtml(section.description)}</p>
<details><summary>J1QL</summary>
${queries}
</details>
${body}
</section>`;
}

/** A single self-contained page: inline CSS, no script, nothing fetched from the network. */
export function renderHtml(report: Report): string {
  const organizations =
    report.organizations
      .map((organization) => link(organization.name, organization.webLink))
      .join(', ') || 'none collected';
  const summaryRows = report.sections
    .map(
      (s) =>
        `<tr class="${s.count === 0 ? 'zero' : ''}"><td class="num">${s.number}</td>` +
        `<td><a href="#${anchorId(s.anchor)}">${escapeHtml(s.title)}</a></td>` +
        `<td><span class="badge ${escapeHtml(s.resultsAre)}">${escapeHtml(s.resultsAre)}</span></td>` +
        `<td class="num">${s.count}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><div>
<h1>${escapeHtml(report.title)}</h1>
<p class="meta">Evaluated at ${escapeHtml(report.evaluatedAt)} · ${report.entityCount} entities, ${report.relationshipCount} relationships · graph ${escapeHtml(report.graphDirectory)}</p>
<p class="meta">Organizations: ${organizations}</p>
</div></header>
<main>
<section>
<h2>Questions</h2>
<p class="meta">Managed JupiterOne questions (jupiterone/questions/questions.yaml) answered from the locally collected graph. ${escapeHtml(linksSentence(report))}</p>
<table>
<thead><tr><th class="num">#</th><th>Question</th><th>Results are</th><th class="num">Matches</th></tr></thead>
<tbody>
${summaryRows}
</tbody>
</table>
</section>
${report.sections.map((s) => section(report, s)).join('\n')}
</main>
</body>
</html>
`;
}
