/** Public surface of radio: the SITREP message a site sends, and receiving it into a workspace. */
export { composeSitrep, parseSitrep, sitrepWords, MAX_SITREP_WORDS, NEED_WORDS, type SitrepFigures, type SitrepCount, type ParsedSitrep, type SitrepCheck } from './sitrep.js';
export { receiveSitrep, type ReceivedSitrep, type ReceiveOptions } from './receive-sitrep.js';
export { receiveFromSheets, type SheetReception } from './receive-from-sheets.js';
export { radioMessageFill, DEFAULT_PRECEDENCE, type RadioMessageFillRequest } from './radio-message-fill.js';
