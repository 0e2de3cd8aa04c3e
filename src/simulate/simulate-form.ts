/**
 * The reusable composition for CLI, tests, demo and exercise packs: a form and a serial range → printed PDF (through an
 * injected renderer, so this feature never imports print/) → simulated images and truth. Touches no file itself.
 */
import { layoutForm, sheetCodesFor, type FormLayout, type LanguageCode, type PaperSize, type SheetCode } from '../model/index.js';
import { simulateBatch, type SimulateBatchRequest, type SimulateBatchResult } from './simulate-batch.js';

export interface SimulateFormRequest extends Omit<SimulateBatchRequest, 'layout' | 'codes' | 'pdf'> {
  readonly site: string;
  readonly serialFrom: number;
  /** Number of sheets (each with all its pages). */
  readonly count: number;
  readonly languages?: readonly LanguageCode[];
  readonly paper?: PaperSize;
  /** Renders (and, in the CLI, records) exactly these sheet pages, in this order: the real print path. */
  readonly renderPdf: (codes: readonly SheetCode[], layout: FormLayout) => Promise<Uint8Array>;
}

/** Sheet codes of `count` sheets from `serialFrom`, every page of each sheet, in print order. */
export function sheetCodesForSimulation(layout: FormLayout, site: string, serialFrom: number, count: number): SheetCode[] {
  return sheetCodesFor(layout, site, serialFrom, serialFrom + count - 1);
}

export async function simulateForm(request: SimulateFormRequest): Promise<SimulateBatchResult & { readonly layout: FormLayout; readonly codes: SheetCode[] }> {
  const { renderPdf, site, serialFrom, count, languages, paper, ...rest } = request;
  const layout = layoutForm(request.definition, { ...(paper ? { paper } : {}), ...(languages ? { languages } : {}) });
  const codes = sheetCodesForSimulation(layout, site, serialFrom, count);
  const pdf = await renderPdf(codes, layout);
  const result = await simulateBatch({ ...rest, layout, codes, pdf });
  return { ...result, layout, codes };
}
