/** Public surface of pdf: the one pdfkit document set-up (fonts, page size, reproducible dates) below the features. */
export { DEJAVU_SANS_FILES, newPdfDocument, pdfBytes, type PdfSetup } from './pdf-document.js';
