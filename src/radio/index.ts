/** Public surface of radio: the SITREP message a site sends, and receiving it into a workspace. */
export { composeSitrep, parseSitrep, sitrepWords, MAX_SITREP_WORDS, NEED_WORDS, type SitrepFigures, type SitrepCount, type ParsedSitrep, type SitrepCheck } from './sitrep.js';
export { receiveSitrep, type ReceivedSitrep, type ReceiveOptions } from './receive-sitrep.js';
export { receiveFromSheets, type SheetReception } from './receive-from-sheets.js';
export { sitrepFromSummary, SUMMARY_LINES, type SummaryLine, type SummaryField, type SummaryResult, type SummaryRefusalReason } from './sitrep-from-summary.js';
export { receiveFromSummaries } from './receive-from-summary.js';
export { radioMessageFill, DEFAULT_PRECEDENCE, type RadioMessageFillRequest } from './radio-message-fill.js';
