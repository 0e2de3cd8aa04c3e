/**
 * SignalReport → one neutral document (sections of cards, tables, charts and notes in the report's language), and
 * that document → HTML through the Handlebars templates. The PDF is drawn from the same document, so both show the
 * same content. Pure: templates come in as strings; no file, no clock.
 */
import Handlebars from 'handlebars';
import type { Figure, ReportLanguage, SignalReport } from './aggregate.js';
import { chartSvg, type Chart } from './charts.js';

export interface DocCell {
  readonly text: string;
  readonly hidden?: boolean;
  readonly provisional?: boolean;
  readonly strong?: boolean;
  readonly flag?: boolean;
  readonly num?: boolean;
}
export interface DocTable { readonly kind: 'table'; readonly caption?: string; readonly head: readonly string[]; readonly rows: readonly (readonly DocCell[])[]; readonly totalRow?: boolean }
export interface DocNote { readonly kind: 'note'; readonly text: string; readonly tone: 'plain' | 'warn' | 'muted' }
export interface DocCards { readonly kind: 'cards'; readonly cards: readonly { readonly label: string; readonly value: DocCell; readonly note?: string; readonly alert?: boolean }[] }
export interface DocChart { readonly kind: 'chart'; readonly chart: Chart; readonly svg: string }
export interface DocColumns { readonly kind: 'columns'; readonly blocks: readonly DocBlock[] }
export type DocBlock = DocTable | DocNote | DocCards | DocChart | DocColumns;
export interface DocSection { readonly id: string; readonly title: string; readonly blocks: readonly DocBlock[] }

export interface ReportDocument {
  readonly lang: ReportLanguage;
  readonly title: string;
  readonly subtitle: readonly string[];
  readonly banners: readonly { readonly tone: 'restricted' | 'provisional'; readonly text: string }[];
  readonly restrictedMark: string | null;
  readonly summary: DocSection;
  readonly sections: readonly DocSection[];
  readonly legend: readonly string[];
  readonly footer: string;
}

type Strings = Record<string, string>;

const UI: Record<ReportLanguage, Strings> = {
  nl: {
    title: 'Signaalrapport', subtitle_period: 'Periode', subtitle_sites: 'Locaties', subtitle_generated: 'Gemaakt op', subtitle_blocks: 'Tijdvakken',
    block_6h: 'blokken van 6 uur', block_1d: 'per dag', none: 'geen',
    restricted: 'VERTROUWELIJK — alleen voor wie het moet weten. Kleine aantallen zijn NIET verborgen. Niet delen.',
    restricted_mark: 'VERTROUWELIJK',
    provisional: 'VOORLOPIG: {fields} velden op {sheets} formulieren wachten nog op controle{incomplete}. Getallen met * kunnen nog veranderen.',
    incomplete: ', en van {n} formulieren is nog niet elke pagina gescand',
    summary: 'Samenvatting: wat hebben mensen nodig, waar, en wie loopt risico?',
    households: 'Huishoudens geregistreerd', persons: 'Personen in die huishoudens', urgent_now: 'Levensbedreigend nu (→ 112)', urgent_24h: 'Hulp nodig binnen 24 uur',
    top_needs: 'Meest gevraagd: {list}.', no_needs: 'Nog geen hulpvragen geregistreerd.',
    needs_by_site: 'Hulpvragen per locatie (aantal huishoudens)', need: 'Hulpvraag', total: 'Totaal', awaiting: 'Wacht op controle',
    at_risk_by_site: 'Huishoudens met een risico per locatie', category: 'Categorie',
    uam: 'Alleenstaande minderjarigen (alleen totaal, locatie wordt niet getoond): {n}.',
    coverage_note: '{returned} van {issued} uitgegeven formulieren terug; {unreadable} pagina\'s onleesbaar. Tijd van een formulier: datum en tijd op het formulier ({form}), anders het scanmoment ({scan}); voorlopig op het scanmoment omdat de geschreven datum of tijd nog op controle wacht ({pending}), cijfers van die periode met *.',
    s1: '1. Dekking en datakwaliteit', s2: '2. Hulpvragen', s3: '3. Huishoudens met een risico', s4: '4. Familiecontact', s5: '5. Goederen', s6: '6. Radioverkeer', s7: '7. Situatie op de locaties',
    form: 'Formulier', site: 'Locatie', issued: 'Uitgegeven', returned: 'Terug', missing: 'Ontbreekt', missing_ranges: 'Ontbrekende nummers', rescan_ranges: 'Geweigerd: opnieuw scannen',
    more_ranges: '… en nog {n} reeksen', outcome: 'Uitkomst scans', reason: 'Reden', pages: "Pagina's",
    awaiting_fields: 'Velden die wachten op controle: {fields} (op {sheets} formulieren). Formulieren met een ontbrekende pagina: {incomplete}.',
    trend: 'Huishoudens per tijdvak per locatie', needs_chart: 'Hulpvragen, alle locaties (aantal huishoudens)',
    period: 'Tijdvak', hh: 'Huishoudens', pp: 'Personen',
    most_urgent: 'Meest dringende hulpvraag (één per huishouden)', urgency_by_site: 'Urgentie per locatie', now: 'Nu (112)', h24: 'Binnen 24 uur',
    referrals: 'Doorverwijzingen', served: 'Direct geholpen met',
    at_risk_days: 'Per locatie en dag (nooit fijner dan een dag)', day: 'Dag',
    rfl_note: 'Alleen totalen per locatie en dag; geen inhoud van aanvragen.', safe: '"Ik ben veilig"-registraties', tracing: 'Zoekvragen',
    no_data: 'Nog geen formulieren van dit soort in deze periode.',
    item: 'Artikel', opening: 'Begin', received: 'Ontvangen', distributed: 'Uitgegeven', closing: 'Eind', discrepancy: 'Verschil', reached_hh: 'Huish.', reached_ind: 'Pers.',
    discrepancies: 'Voorraadverschillen (begin + ontvangen − uitgegeven − eind ≠ 0): {n}.', no_discrepancies: 'Geen voorraadverschillen gevonden.',
    station: 'Station', messages: 'Berichten', by_precedence: 'Per voorrang', by_category: 'Per soort',
    situation_sheets: '{n} dienstrapporten.', value: 'Aantal',
    legend_small: '<5 = 1 tot 4 (klein aantal, verborgen voor privacy)', legend_x: 'x = verborgen zodat een klein aantal niet uit de totalen terug te rekenen is',
    legend_star: '* = voorlopig: er wachten nog waarden op controle', legend_zero: '0 = echt nul',
    footer: 'paperlink signaalrapport. Geen namen, adressen, telefoonnummers, vrije tekst, formulier- of kaartnummers. Levensreddende gevallen gaan via de aparte, vertrouwelijke opvolglijst.',
    yes: 'ja', awaiting_review: 'wacht op controle',
  },
  en: {
    title: 'Signal report', subtitle_period: 'Period', subtitle_sites: 'Sites', subtitle_generated: 'Generated', subtitle_blocks: 'Time blocks',
    block_6h: '6-hour blocks', block_1d: 'per day', none: 'none',
    restricted: 'RESTRICTED — need-to-know only. Small counts are NOT hidden. Do not share.',
    restricted_mark: 'RESTRICTED',
    provisional: 'PROVISIONAL: {fields} fields on {sheets} sheets still await review{incomplete}. Numbers marked * may still change.',
    incomplete: ', and {n} sheets do not have every page scanned yet',
    summary: 'Summary: what do people need, where, and who is at risk?',
    households: 'Households registered', persons: 'People in those households', urgent_now: 'Life-threatening now (→ 112)', urgent_24h: 'Need help within 24 h',
    top_needs: 'Asked for most: {list}.', no_needs: 'No needs registered yet.',
    needs_by_site: 'Needs per site (number of households)', need: 'Need', total: 'Total', awaiting: 'Awaiting review',
    at_risk_by_site: 'Households at risk per site', category: 'Category',
    uam: 'Unaccompanied minors (total only, no location shown): {n}.',
    coverage_note: '{returned} of {issued} issued sheets returned; {unreadable} pages unreadable. Time of a sheet: date and time on the form ({form}), else the scan time ({scan}); placed at the scan time for now because the written date or time awaits review ({pending}), figures of that period marked *.',
    s1: '1. Coverage and data quality', s2: '2. Needs', s3: '3. Households at risk', s4: '4. Family links', s5: '5. Supplies', s6: '6. Radio traffic', s7: '7. Site situation',
    form: 'Form', site: 'Site', issued: 'Issued', returned: 'Returned', missing: 'Missing', missing_ranges: 'Missing serials', rescan_ranges: 'Refused: scan again',
    more_ranges: '… and {n} more ranges', outcome: 'Scan outcomes', reason: 'Reason', pages: 'Pages',
    awaiting_fields: 'Fields awaiting review: {fields} (on {sheets} sheets). Sheets with a page missing: {incomplete}.',
    trend: 'Households per time block per site', needs_chart: 'Needs, all sites (number of households)',
    period: 'Time block', hh: 'Households', pp: 'People',
    most_urgent: 'Most urgent need (one per household)', urgency_by_site: 'Urgency per site', now: 'Now (112)', h24: 'Within 24 h',
    referrals: 'Referrals', served: 'Provided on the spot',
    at_risk_days: 'Per site and day (never finer than a day)', day: 'Day',
    rfl_note: 'Totals per site and day only; no content of any request.', safe: '"I am safe" registrations', tracing: 'Tracing requests',
    no_data: 'No sheets of this kind in this period yet.',
    item: 'Item', opening: 'Opening', received: 'Received', distributed: 'Handed out', closing: 'Closing', discrepancy: 'Difference', reached_hh: 'Hh.', reached_ind: 'People',
    discrepancies: 'Stock differences (opening + received − handed out − closing ≠ 0): {n}.', no_discrepancies: 'No stock differences found.',
    station: 'Station', messages: 'Messages', by_precedence: 'By precedence', by_category: 'By category',
    situation_sheets: '{n} shift reports.', value: 'Count',
    legend_small: '<5 = 1 to 4 (small count, hidden for privacy)', legend_x: 'x = hidden so that a small count cannot be worked out from the totals',
    legend_star: '* = provisional: values still await review', legend_zero: '0 = really zero',
    footer: 'paperlink signal report. No names, addresses, phone numbers, free text, form or card numbers. Life-safety cases go through the separate, restricted follow-up list.',
    yes: 'yes', awaiting_review: 'awaiting review',
  },
};

function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

function figureCell(figure: Figure, extra: Partial<DocCell> = {}): DocCell {
  return {
    text: figure.provisional ? `${figure.shown}*` : figure.shown, num: true,
    ...(figure.hidden ? { hidden: true } : {}), ...(figure.provisional ? { provisional: true } : {}), ...extra,
  };
}

function plain(text: string, extra: Partial<DocCell> = {}): DocCell {
  return { text, ...extra };
}

function num(value: number | null, extra: Partial<DocCell> = {}): DocCell {
  return { text: value === null ? '–' : String(value), num: true, ...extra };
}

/** 'YYYY-MM-DDTHH:MM' → 'DD-MM HH:MM' (short, as people write it). */
function shortTime(local: string): string {
  return `${local.slice(8, 10)}-${local.slice(5, 7)} ${local.slice(11, 16)}`;
}

function shortDay(day: string): string {
  return `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;
}

export function buildReportDocument(report: SignalReport): ReportDocument {
  const t = UI[report.meta.lang];
  const s = (key: string): string => t[key] ?? key;
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

  // Only forms with print runs can be compared: returned of issued.
  const issuedForms = report.coverage.forms.filter((row) => row.issued > 0);
  const issuedTotal = issuedForms.reduce((sum, row) => sum + row.issued, 0);
  const returnedTotal = issuedForms.reduce((sum, row) => sum + (row.returned.value ?? 0), 0);
  const anyReturnedHidden = issuedForms.some((row) => row.returned.value === null);

  // ---- First screen
  const headline = report.headline;
  const topList = headline.topNeeds.map((need) => `${need.label} (${need.households.shown})`).join(', ');
  const needsBySite: DocTable = {
    kind: 'table', caption: s('needs_by_site'),
    head: [s('need'), ...sites, s('total')],
    rows: [
      ...[...report.needs.categories]
        .sort((a, b) => (report.needs.total.needs[b.code]?.value ?? -1) - (report.needs.total.needs[a.code]?.value ?? -1) || a.code.localeCompare(b.code))
        .map((category) => [plain(category.label), ...report.needs.sites.map((site) => figureCell(site.needs[category.code]!)), figureCell(report.needs.total.needs[category.code]!, { strong: true })]),
      [plain(s('households'), { strong: true }), ...report.needs.sites.map((site) => figureCell(site.households, { strong: true })), figureCell(report.needs.total.households, { strong: true })],
      [plain(s('awaiting')), ...report.needs.sites.map((site) => figureCell(site.awaiting)), figureCell(report.needs.total.awaiting)],
    ],
    totalRow: true,
  };
  const atRiskBySite: DocTable = {
    kind: 'table', caption: s('at_risk_by_site'),
    head: [s('category'), ...sites, s('total')],
    rows: [
      ...report.atRisk.categories.map((category) => [plain(category.label), ...report.atRisk.sites.map((site) => figureCell(site.counts[category.code]!)), figureCell(report.atRisk.total[category.code]!, { strong: true })]),
      [plain(s('awaiting')), ...report.atRisk.sites.map((site) => figureCell(site.awaiting)), plain('')],
    ],
  };
  const summary: DocSection = {
    id: 'summary', title: s('summary'),
    blocks: [
      { kind: 'cards', cards: [
        { label: s('households'), value: figureCell(headline.households) },
        { label: s('persons'), value: figureCell(headline.persons) },
        { label: s('urgent_now'), value: figureCell(headline.urgentNow), alert: (headline.urgentNow.value ?? 1) > 0 },
        { label: s('urgent_24h'), value: figureCell(headline.urgent24h) },
      ] },
      { kind: 'note', tone: 'plain', text: topList ? fill(s('top_needs'), { list: topList }) : s('no_needs') },
      { kind: 'note', tone: 'muted', text: fill(s('coverage_note'), {
        returned: anyReturnedHidden ? `≥${returnedTotal}` : returnedTotal, issued: issuedTotal, unreadable: report.coverage.unreadablePages,
        form: meta.timeSource.form, scan: meta.timeSource.scan, pending: meta.timeSource.pending,
      }) },
      { kind: 'columns', blocks: [needsBySite, atRiskBySite, { kind: 'note', tone: 'plain', text: fill(s('uam'), { n: headline.unaccompaniedMinors.provisional ? `${headline.unaccompaniedMinors.shown}*` : headline.unaccompaniedMinors.shown }) }] },
    ],
  };

  // ---- 1 Coverage
  const coverage: DocSection = {
    id: 'coverage', title: s('s1'),
    blocks: [
      { kind: 'table', head: [s('form'), s('site'), s('issued'), s('returned'), s('missing'), s('missing_ranges'), s('rescan_ranges')],
        rows: report.coverage.forms.map((row) => [plain(row.form), plain(row.site), num(row.issued), figureCell(row.returned), figureCell(row.missing),
          plain(row.missingRanges.join(', ') + (row.moreMissingRanges > 0 ? ` ${fill(s('more_ranges'), { n: row.moreMissingRanges })}` : '')),
          plain(row.rescanRanges.join(', '))]) },
      { kind: 'table', caption: s('outcome'), head: [s('outcome'), s('reason'), s('pages')],
        rows: report.coverage.outcomes.map((row) => [plain(row.outcomeLabel), plain(row.reason ? row.label : ''), num(row.pages, row.outcome === 'unreadable' ? { flag: true } : {})]) },
      { kind: 'note', tone: meta.provisional ? 'warn' : 'plain', text: fill(s('awaiting_fields'), {
        fields: report.coverage.fieldsAwaitingReview, sheets: report.coverage.sheetsAwaitingReview, incomplete: report.coverage.sheetsIncomplete }) },
    ],
  };

  // ---- 2 Needs
  const blocksBySite = new Map<string, typeof report.needs.blocks[number][]>();
  for (const block of report.needs.blocks) blocksBySite.set(block.site, [...(blocksBySite.get(block.site) ?? []), block]);
  const blockStarts = [...new Set(report.needs.blocks.map((block) => block.period.start))].sort();
  const trend: Chart = {
    kind: 'lines', title: s('trend'), xLabels: blockStarts.map(shortTime),
    series: sites.map((site) => ({ name: site, points: blockStarts.map((start) => (blocksBySite.get(site) ?? []).find((block) => block.period.start === start)?.households.value ?? null) })),
  };
  const needsChart: Chart = {
    kind: 'bars', title: s('needs_chart'),
    bars: [...report.needs.categories].map((category) => ({ label: category.label, value: report.needs.total.needs[category.code]!.value, shown: report.needs.total.needs[category.code]!.shown }))
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0)),
  };
  const topNeedCodes = [...report.needs.categories].sort((a, b) => (report.needs.total.needs[b.code]?.value ?? 0) - (report.needs.total.needs[a.code]?.value ?? 0)).slice(0, 6);
  const needs: DocSection = {
    id: 'needs', title: s('s2'),
    blocks: [
      { kind: 'chart', chart: needsChart, svg: chartSvg(needsChart) },
      { kind: 'chart', chart: trend, svg: chartSvg(trend) },
      { kind: 'table', caption: s('trend'), head: [s('site'), s('period'), s('hh'), s('pp'), ...topNeedCodes.map((category) => category.label)],
        rows: report.needs.blocks.filter((block) => block.households.value !== 0).map((block) => [plain(block.site), plain(shortTime(block.period.start)),
          figureCell(block.households), figureCell(block.persons), ...topNeedCodes.map((category) => figureCell(block.needs[category.code]!))]) },
      { kind: 'table', caption: s('most_urgent'), head: [s('need'), ...sites, s('total')],
        rows: report.needs.mostUrgent.map((need) => [plain(need.label), ...sites.map((site) => figureCell(need.bySite[site]!)), figureCell(need.households, { strong: true })]) },
      { kind: 'table', caption: s('urgency_by_site'), head: [s('site'), s('now'), s('h24')],
        rows: [...report.needs.urgencyBySite.map((row) => [plain(row.site), figureCell(row.now, { flag: (row.now.value ?? 1) > 0 }), figureCell(row.h24)]),
          [plain(s('total'), { strong: true }), figureCell(headline.urgentNow, { strong: true }), figureCell(headline.urgent24h, { strong: true })]] },
      { kind: 'table', caption: s('referrals'), head: ['', ...sites, s('total')],
        rows: report.needs.referrals.map((row) => [plain(row.label), ...sites.map((site) => figureCell(row.bySite[site]!)), figureCell(row.total, { strong: true })]) },
      { kind: 'table', caption: s('served'), head: ['', ...sites, s('total')],
        rows: report.needs.served.map((row) => [plain(row.label), ...sites.map((site) => figureCell(row.bySite[site]!)), figureCell(row.total, { strong: true })]) },
    ],
  };

  // ---- 3 At risk
  const atRisk: DocSection = {
    id: 'at-risk', title: s('s3'),
    blocks: [
      atRiskBySite,
      { kind: 'table', caption: s('at_risk_days'), head: [s('site'), s('day'), ...report.atRisk.categories.map((category) => category.label)],
        rows: report.atRisk.days.map((row) => [plain(row.site), plain(shortDay(row.day)), ...report.atRisk.categories.map((category) => figureCell(row.counts[category.code]!))]) },
    ],
  };

  // ---- 4 Family links
  const familyLinks: DocSection = {
    id: 'family-links', title: s('s4'),
    blocks: [
      { kind: 'note', tone: 'muted', text: s('rfl_note') },
      { kind: 'table', head: [s('site'), s('day'), s('safe'), s('tracing')],
        rows: [...report.familyLinks.days.map((row) => [plain(row.site), plain(shortDay(row.day)), figureCell(row.safe), figureCell(row.tracing)]),
          [plain(s('total'), { strong: true }), plain(''), figureCell(report.familyLinks.total.safe, { strong: true }), figureCell(report.familyLinks.total.tracing, { strong: true })]] },
    ],
  };

  // ---- 5 Supplies
  const supplies: DocSection = {
    id: 'supplies', title: s('s5'),
    blocks: report.supplies.rows.length === 0 ? [{ kind: 'note', tone: 'muted', text: s('no_data') }] : [
      { kind: 'note', tone: report.supplies.discrepancies.length > 0 ? 'warn' : 'plain', text: report.supplies.discrepancies.length > 0 ? fill(s('discrepancies'), { n: report.supplies.discrepancies.length }) : s('no_discrepancies') },
      { kind: 'table', head: [s('site'), s('period'), s('item'), s('opening'), s('received'), s('distributed'), s('closing'), s('discrepancy'), s('reached_hh'), s('reached_ind')],
        rows: report.supplies.rows.map((row) => [plain(row.site), plain(shortTime(row.period.start)), plain(row.label), num(row.opening), num(row.received),
          num(row.distributed, row.provisional ? { provisional: true, text: `${row.distributed}*` } : {}), num(row.closing),
          num(row.discrepancy, row.flagged ? { flag: true, strong: true } : {}), figureCell(row.reachedHouseholds), figureCell(row.reachedPersons)]) },
    ],
  };

  // ---- 6 Radio
  const radio: DocSection = {
    id: 'radio', title: s('s6'),
    blocks: report.radio.stations.length === 0 ? [{ kind: 'note', tone: 'muted', text: s('no_data') }] : [
      { kind: 'table', caption: s('by_precedence'), head: [s('station'), s('messages'), ...report.radio.precedences.map((p) => p.label), s('awaiting_review')],
        rows: report.radio.stations.map((row) => [plain(row.station), num(row.total, { strong: true }), ...report.radio.precedences.map((p) => num(row.byPrecedence[p.code] ?? 0)), num(row.byPrecedence['awaiting'] ?? 0)]) },
      { kind: 'table', caption: s('by_category'), head: [s('station'), ...report.radio.categories.map((c) => c.label), s('awaiting_review')],
        rows: report.radio.stations.map((row) => [plain(row.station), ...report.radio.categories.map((c) => num(row.byCategory[c.code] ?? 0)), num(row.byCategory['awaiting'] ?? 0)]) },
    ],
  };

  // ---- 7 Situation
  const situationBlocks: DocBlock[] = [];
  if (report.situation.sheets === 0) situationBlocks.push({ kind: 'note', tone: 'muted', text: s('no_data') });
  else {
    situationBlocks.push({ kind: 'note', tone: 'plain', text: fill(s('situation_sheets'), { n: report.situation.sheets }) });
    for (const count of report.situation.counts) {
      const starts = [...new Set(count.bySiteBlock.map((row) => row.period.start))].sort();
      const chart: Chart = { kind: 'lines', title: count.label, xLabels: starts.map(shortTime),
        series: sites.map((site) => ({ name: site, points: starts.map((start) => count.bySiteBlock.find((row) => row.site === site && row.period.start === start)?.value ?? null) })) };
      situationBlocks.push({ kind: 'chart', chart, svg: chartSvg(chart) });
    }
    for (const tick of report.situation.ticks) {
      situationBlocks.push({ kind: 'table', caption: tick.label, head: ['', ...sites, s('total')],
        rows: tick.options.map((option) => [plain(option.label), ...sites.map((site) => num(option.bySite[site] ?? 0)), num(option.total, { strong: true })]) });
    }
  }
  const situation: DocSection = { id: 'situation', title: s('s7'), blocks: situationBlocks };

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
    summary,
    sections: [coverage, needs, atRisk, familyLinks, supplies, radio, situation],
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
