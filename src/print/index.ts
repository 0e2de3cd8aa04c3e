/** Public surface of printing: forms and serial ranges → PDF pages with QR, marks and boxes. */
export { printSheets, renderSheetsPdf, validateSheetsToPrint, type PrintRequest, type PrintResult, type SheetsToPrint } from './print-sheets.js';
export { qrModules } from './draw-qr.js';
export type { SheetFill } from './draw-values.js';
/** Re-exported for callers that print: the codes come from the model (one implementation). */
export { sheetCodesFor } from '../model/index.js';
