/**
 * The report's meta block: title, period covered, time blocks, sites, the privacy settings in force, whether any
 * figure is provisional, how sheet times were found, and the forms (with layout versions) the figures come from.
 */
import type { FormDefinition } from '../model/index.js';
import type { AggregateOptions } from './report-data.js';
import type { SheetCounts } from './count-sheets.js';
import { blockPeriod, blockStart, REPORT_TIME_ZONE } from './local-time.js';
import { labelIn, REPORT_TEXT } from './report-text.js';
import { MIN_CELL_COUNT } from './suppress-counts.js';
import type { Period, SignalReport } from './signal-report.js';

/** The period asked for, else the blocks from the first to the last counted sheet; null when there is neither. */
function reportPeriod(counts: SheetCounts, options: AggregateOptions): Period | null {
  const { minTime, maxTime } = counts;
  if (!options.from && !options.to && !minTime) return null;
  return {
    start: options.from ?? blockStart(minTime ?? options.to ?? '', options.block),
    end: options.to ?? (maxTime ? blockPeriod(blockStart(maxTime, options.block), options.block).end : options.from ?? ''),
  };
}

export function metaSection(
  counts: SheetCounts, options: AggregateOptions, latest: ReadonlyMap<string, FormDefinition>, versions: ReadonlyMap<string, ReadonlySet<number>>,
): SignalReport['meta'] {
  const lang = options.lang;
  return {
    title: REPORT_TEXT[lang]['title']!,
    generatedAt: options.generatedAt,
    lang,
    period: reportPeriod(counts, options),
    block: options.block,
    timeZone: REPORT_TIME_ZONE,
    sites: counts.siteList,
    restricted: options.restricted,
    suppression: options.suppress,
    minCellCount: MIN_CELL_COUNT,
    provisional: counts.coverage.fieldsAwaitingReview > 0 || counts.coverage.sheetsIncomplete > 0,
    timeSource: counts.timeSource,
    forms: [...latest.values()].sort((a, b) => a.id.localeCompare(b.id))
      .map((definition) => ({ id: definition.id, title: labelIn(definition.title, lang), versions: [...(versions.get(definition.id) ?? [])].sort((a, b) => a - b) })),
  };
}
