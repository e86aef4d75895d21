import { formatDate } from '../core/dates.js';
import { countLabel } from '../core/timeline.js';
import { timelinePath } from '../core/web-link.js';
import type { Topic } from '../store/index.js';
import { KEY_EVENT_SOURCES, type NavLink, type TimelineView, type WebItem } from './view.js';

// Server-rendered markup of the web timeline. Every piece of text goes through esc(); the only script is
// /assets/app.js (keyboard shortcuts), so the page works without it and under a CSP without inline script.

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
${head}</head>
<body>
<a class="skip" href="#main">Skip to the timeline</a>
${body}
</body>
</html>
`;
}

function link(nav: NavLink | undefined, attributes = ''): string {
  return nav ? `<a href="${esc(nav.path)}"${attributes}>${esc(nav.label)}</a>` : '';
}

export function topicsPage(topics: { topic: Topic; events: number }[]): string {
  const list = topics.map(({ topic, events }) =>
    `<li><a href="${esc(timelinePath(topic.name))}">${esc(topic.title)}</a> <span class="count">${esc(countLabel(events))}</span></li>`);
  return layout('Dateline timelines', `<header class="site"><p class="brand">Dateline</p><h1>Timelines</h1></header>
<main id="main" tabindex="-1">
${list.length > 0 ? `<ul class="topics">\n${list.join('\n')}\n</ul>` : '<p>No timelines yet.</p>'}
</main>`);
}

export function notFoundPage(): string {
  return layout('Not found · Dateline', `<header class="site"><p class="brand"><a href="/">Dateline</a></p><h1>Not found</h1></header>
<main id="main" tabindex="-1"><p>There is no timeline at this address. <a href="/">See the timelines</a>.</p></main>`);
}

export function errorPage(): string {
  return layout('Something went wrong · Dateline', `<header class="site"><p class="brand"><a href="/">Dateline</a></p><h1>Something went wrong</h1></header>
<main id="main" tabindex="-1"><p>This page failed on our side. It has been logged; please try again later.</p></main>`);
}

function heading(view: TimelineView): string {
  if (view.order === 'today') return 'On this day';
  if (view.order === 'latest') return 'Latest';
  return view.period?.label ?? 'All years';
}

function breadcrumbs(view: TimelineView): string {
  const crumbs: NavLink[] = [{ path: timelinePath(view.topic.name), label: 'All years' }];
  const segment = view.period?.segment;
  if (segment && view.zoom !== 'range') {
    const parts = segment.split('-');
    for (let n = 1; n <= parts.length; n++) {
      const value = parts.slice(0, n).join('-');
      const precision = n === 1 ? 'year' : n === 2 ? 'month' : 'day';
      crumbs.push({ path: `${timelinePath(view.topic.name)}/${value}`, label: formatDate({ value, precision }) });
    }
  } else if (segment) {
    crumbs.push({ path: `${timelinePath(view.topic.name)}/${segment}`, label: view.period!.label });
  }
  const items = crumbs.map((crumb, index) =>
    index === crumbs.length - 1 && !view.query ? `<li><a href="${esc(crumb.path)}" aria-current="page">${esc(crumb.label)}</a></li>` : `<li>${link(crumb)}</li>`);
  return `<nav class="crumbs" aria-label="Breadcrumb"><ol>${items.join('')}</ol></nav>`;
}

function searchForm(view: TimelineView): string {
  const action = timelinePath(view.topic.name, { span: view.period?.span });
  const where = view.period ? `in ${view.period.label}` : 'this timeline';
  const invalid = view.message && view.items.length === 0 && view.total === 0 && view.query ? ' aria-invalid="true"' : '';
  return `<form class="search" role="search" action="${esc(action)}" method="get">
<label for="q">Search ${esc(where)}</label>
<div class="search-row"><input id="q" name="q" type="search" value="${esc(view.query)}" autocomplete="off" aria-describedby="q-hint"${invalid}><button type="submit">Search</button></div>
<p id="q-hint" class="hint">Words (<kbd>embassy</kbd>), a period (<kbd>2015-08</kbd>, <kbd>2012..2015</kbd>) or both (<kbd>sweden 2015</kbd>), as in chat.</p>
</form>`;
}

function zoomNav(view: TimelineView): string {
  const parts: string[] = [];
  if (view.zoomIn && view.zoomIn.entries.length > 0) {
    const most = Math.max(...view.zoomIn.entries.map((entry) => entry.events));
    const entries = view.zoomIn.entries.map((entry) => {
      // Bar length in tenths of the busiest period, as a class: the CSP allows no inline style.
      const level = Math.max(1, Math.round((entry.events / most) * 10));
      return `<li><a href="${esc(entry.path)}"><span class="label">${esc(entry.label)}</span> <span class="count">${esc(countLabel(entry.events))}</span><span class="bar" data-level="${level}" aria-hidden="true"></span></a></li>`;
    });
    parts.push(`<h2 id="zoom-heading">Zoom in: ${esc(view.zoomIn.heading)}</h2>\n<ol class="zoom-in">\n${entries.join('\n')}\n</ol>`);
  }
  const around: string[] = [];
  if (view.zoomOut) around.push(`<li>${link({ ...view.zoomOut, label: `Zoom out to ${view.zoomOut.label}` }, ' rel="up" data-key="-"')}</li>`);
  if (view.previousPeriod) around.push(`<li>${link({ ...view.previousPeriod, label: `← ${view.previousPeriod.label}` }, ' data-key="["')}</li>`);
  if (view.nextPeriod) around.push(`<li>${link({ ...view.nextPeriod, label: `${view.nextPeriod.label} →` }, ' data-key="]"')}</li>`);
  if (around.length > 0) parts.push(`<ul class="around">${around.join('')}</ul>`);
  if (parts.length === 0) return '';
  return `<nav class="zoom" aria-label="Zoom and periods">\n${parts.join('\n')}\n</nav>`;
}

function sourceList(item: WebItem): string {
  if (item.sources.length === 0) return '';
  const sources = item.sources.map((source) => {
    let url: string | null = null;
    try {
      url = source.url && /^https?:$/.test(new URL(source.url).protocol) ? source.url : null;
    } catch {
      url = null;
    }
    const title = url ? `<a href="${esc(url)}" rel="noopener noreferrer nofollow">${esc(source.title)}</a>` : esc(source.title);
    return `<li>${title}${source.published ? ` <span class="published">(${esc(source.published)})</span>` : ''}</li>`;
  });
  return `<div class="sources"><span class="sources-label">${item.sources.length === 1 ? 'Source' : `${item.sources.length} sources`}</span><ul>${sources.join('')}</ul></div>`;
}

function eventItem(item: WebItem): string {
  const date = formatDate({ value: item.date, precision: item.precision });
  const note = item.note ? ` <span class="note">(${esc(item.note)})</span>` : '';
  const badge = item.key ? ' <strong class="badge">Key event</strong>' : '';
  return `<li class="event precision-${item.precision}${item.key ? ' key' : ''}">
<p class="date"><time datetime="${esc(item.date)}">${esc(date)}</time>${note}${badge}</p>
<p class="summary">${esc(item.summary)}</p>
${sourceList(item)}
</li>`;
}

function pager(view: TimelineView): string {
  if (view.pages < 2) return '';
  return `<nav class="pager" aria-label="Pages">
${link(view.previousPage, ' rel="prev" data-key="p"')}
<span class="page-of">Page ${view.page} of ${view.pages}</span>
${link(view.nextPage, ' rel="next" data-key="n"')}
</nav>`;
}

export function timelinePage(view: TimelineView): string {
  const { topic } = view;
  const what = heading(view);
  const searched = view.keywords.length > 0 ? `, “${view.keywords.join(' ')}”` : '';
  const where = view.period && view.order === 'date' ? ` in ${view.period.label}` : '';
  const count = `${countLabel(view.total)}${where}${view.pages > 1 ? `, page ${view.page} of ${view.pages}` : ''}`;
  const png = view.period && view.order === 'date' && view.keywords.length === 0
    ? `<p class="embed"><a href="${esc(`${timelinePath(topic.name, { span: view.period.span })}.png`)}">This period as a picture (PNG)</a>, the one chat shows.</p>`
    : '';
  const head = [
    view.previousPage && `<link rel="prev" href="${esc(view.previousPage.path)}">`,
    view.nextPage && `<link rel="next" href="${esc(view.nextPage.path)}">`,
  ].filter(Boolean).map((line) => `${line}\n`).join('');
  const message = view.message ? `<p class="message" role="status">${esc(view.message)}</p>` : '';
  const list = view.items.length > 0 ? `<ol class="timeline">\n${view.items.map(eventItem).join('\n')}\n</ol>` : '';
  return layout(`${what}${searched} · ${topic.title} · Dateline`, `<header class="site">
<p class="brand"><a href="/">Dateline</a></p>
<h1>${esc(topic.title)}: <span class="period">${esc(what)}${esc(searched)}</span></h1>
${breadcrumbs(view)}
</header>
<main id="main" tabindex="-1">
${searchForm(view)}
${zoomNav(view)}
<section class="events" aria-labelledby="events-heading">
<h2 id="events-heading">${esc(count)}</h2>
${message}
${list}
${pager(view)}
</section>
${png}
</main>
<footer class="keys"><p>Keys: <kbd>/</kbd> search, <kbd>-</kbd> zoom out, <kbd>[</kbd> <kbd>]</kbd> previous and next period, <kbd>p</kbd> <kbd>n</kbd> previous and next page. Key events are reported by ${KEY_EVENT_SOURCES} or more sources.</p></footer>`, head);
}
