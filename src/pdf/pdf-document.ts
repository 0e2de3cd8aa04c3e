/**
 * The one pdfkit document set-up every paperlink PDF starts from (printed forms, the report, exercise packs,
 * simulated captures): no automatic first page, no margins, compressed streams, the embedded DejaVu Sans fonts, and
 * fixed metadata dates so the same input gives the same bytes. Drawing stays with each feature.
 */
import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** DejaVu Sans ships in an npm package (offline) and covers Latin, Greek and Cyrillic, plus ✓ and ✗. */
export const DEJAVU_SANS_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  oblique: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
} as const;

export interface PdfSetup {
  readonly title: string;
  /** CreationDate and ModDate. pdfkit derives the file ID from the info dictionary, so a fixed date gives fixed bytes. */
  readonly date: Date;
  /** Font name (as the drawing code selects it) → font file, registered in this order. */
  readonly fonts?: Readonly<Record<string, string>>;
  /** Default page size in points, for documents whose pages all share one. */
  readonly sizePt?: readonly [number, number];
  /** Keep every page in memory until the end (for footers that need the page count). */
  readonly bufferPages?: boolean;
}

export function newPdfDocument(setup: PdfSetup): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    autoFirstPage: false, margin: 0, compress: true,
    ...(setup.bufferPages ? { bufferPages: true } : {}),
    ...(setup.sizePt ? { size: [setup.sizePt[0], setup.sizePt[1]] } : {}),
    info: { Title: setup.title, Creator: 'paperlink', Producer: 'paperlink', CreationDate: setup.date, ModDate: setup.date },
  });
  for (const [name, file] of Object.entries(setup.fonts ?? {})) doc.registerFont(name, file);
  return doc;
}

/** Draws into the document, ends it and resolves with its bytes. */
export async function pdfBytes(doc: PDFKit.PDFDocument, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolveDone, reject) => {
    doc.on('end', () => resolveDone());
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
