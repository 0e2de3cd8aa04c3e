/**
 * SignalReport → one neutral document (sections of cards, tables, charts and notes in the report's language), and
 * that document → HTML through the Handlebars templates. The PDF is drawn from the same document, so both show the
 * same content. Each section is built in its own doc-*.ts; this file composes them. Pure: templates come in as
 * strings; no file, no clock.
 */
import Handlebars from 'handlebars';
import type { SignalReport } from './signal-report.js';
import { DOCUMENT_TEXT } from './document-text.js';
import { fill, shortTime, type DocCell, type ReportDocument, type Say } from './report-document.js';
import { summarySection } from './doc-summary.js';
import { coverageDocSection } from './doc-coverage.js';
import { needsDocSection } from './doc-needs.js';
import { atRiskDocSection } from './doc-at-risk.js';
import { familyLinksDocSection } from './doc-family-links.js';
import { suppliesDocSection } from './doc-supplies.js';
import { radioDocSection } from './doc-radio.js';
import { situationDocSection } from './doc-situation.js';
import { byRadioDocSection } from './doc-by-radio.js';


export function buildReportDocument(report: SignalReport): ReportDocument {
  const t = DOCUMENT_TEXT[report.meta.lang];
  const s: Say = (key) => t[key] ?? key;
  const meta = report.meta;
  const sites = meta.sites;

  const banners: ReportDocument['banners'][number][] = [];
  if (meta.restricted) banners.push({ tone: 'restricted', text: s('restricted') });
  if (meta.provisional) {
    banners.push({ tone: 'provisional', text: fill(s('provisional'), {
      fields: report.coverage.fieldsAwaitingReview, sheets: report.coverage.sheetsAwaitingReview,
      incomplete: report.coverage.sheetsIncomplete > 0 ? fill(s('incomplete'), { n: report.coverage.sheetsIncomplete }) : '',
    }) });
  }

  const period = meta.period ? `${shortTime(meta.period.start)} – ${shortTime(meta.period.end)} (${meta.timeZone})` : s('none');
  return {
    lang: meta.lang,
    title: meta.restricted ? `${s('title')} — ${s('restricted_mark')}` : s('title'),
    subtitle: [
      `${s('subtitle_period')}: ${period}`,
      `${s('subtitle_sites')}: ${sites.length > 0 ? sites.join(', ') : s('none')} · ${s('subtitle_blocks')}: ${s(`block_${meta.block}`)}`,
      `${s('subtitle_generated')}: ${meta.generatedAt}`,
    ],
    banners,
    restrictedMark: meta.restricted ? s('restricted_mark') : null,
    summary: summarySection(report, s),
    sections: [
      coverageDocSection(report, s), needsDocSection(report, s), atRiskDocSection(report, s), familyLinksDocSection(report, s),
      suppliesDocSection(report, s), radioDocSection(report, s), situationDocSection(report, s), byRadioDocSection(report, s),
    ],
    legend: [s('legend_small'), s('legend_x'), s('legend_star'), s('legend_zero')],
    footer: s('footer'),
  };
}

export interface ReportTemplates {
  /** templates/report/report.html.hbs: the page. */
  readonly page: string;
  /** templates/report/block.hbs: one table, note, set of cards or chart. */
  readonly block: string;
  /** templates/report/style.css: inlined in the page. */
  readonly style: string;
}

/** The document → one self-contained HTML page (inline CSS and SVG, nothing fetched). */
export function renderReportHtml(document: ReportDocument, templates: ReportTemplates): string {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('cellClass', (cell: DocCell) =>
    [cell.num ? 'num' : '', cell.hidden ? 'hidden' : '', cell.provisional ? 'prov' : '', cell.strong ? 'strong' : '', cell.flag ? 'flag' : ''].filter(Boolean).join(' '));
  handlebars.registerPartial('block', templates.block);
  const page = handlebars.compile(templates.page, { strict: false });
  return page({ ...document, style: templates.style });
}
