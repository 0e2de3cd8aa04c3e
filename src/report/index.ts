/** Public surface of the report: workspace → privacy-safe signal report files, and the separate restricted follow-up list. */
export { buildReport, parseReportTime, type ReportOptions, type ReportResult, type ReportFiles } from './build-report.js';
export { aggregateReport } from './aggregate.js';
export { MAX_MISSING_RANGES } from './section-coverage.js';
export type { SignalReport, Figure, Block, ReportLanguage } from './signal-report.js';
export { MIN_CELL_COUNT, suppressCounts } from './suppress-counts.js';
export { buildFollowupList, type FollowupOptions, type FollowupResult } from './build-followup.js';
export type { FollowupCase } from './select-followup.js';
export { siteFigures, siteFiguresOf, type SiteFigures, type SiteFiguresOptions } from './site-figures.js';
export type { ReportData, ReportSheet } from './report-data.js';
