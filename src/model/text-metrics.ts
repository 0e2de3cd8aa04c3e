/**
 * Width and wrapping of label text in the embedded font, in millimetres. Pure: uses the generated advance-width
 * table, so layout can decide line breaks and the printer only draws the lines it is given.
 */
import { FONT_ADVANCE_PER_MILLE } from './font-metrics.js';
import { ptToMm } from './units.js';

export type FontWeight = 'regular' | 'bold';

/** Line height as a multiple of the font size: DejaVu Sans ascent + descent (1901 + 483) / 2048 em. */
export const LINE_HEIGHT_PER_EM = 1.17;
/** Width used for characters outside the table (other scripts): a generous average, so nothing is clipped. */
const FALLBACK_ADVANCE_PER_MILLE = 700;

export function textWidthMm(text: string, sizePt: number, weight: FontWeight = 'regular'): number {
  const table = FONT_ADVANCE_PER_MILLE[weight];
  let perMille = 0;
  for (const char of text) perMille += table[char.codePointAt(0) ?? 32] ?? FALLBACK_ADVANCE_PER_MILLE;
  return ptToMm((perMille / 1000) * sizePt);
}

export function lineHeightMm(sizePt: number): number {
  return ptToMm(sizePt * LINE_HEIGHT_PER_EM);
}

/** Greedy word wrap; a word longer than the line is split by characters. Never returns an empty list. */
export function wrapText(text: string, widthMm: number, sizePt: number, weight: FontWeight = 'regular'): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidthMm(candidate, sizePt, weight) <= widthMm) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (textWidthMm(rest, sizePt, weight) > widthMm && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && textWidthMm(rest.slice(0, cut), sizePt, weight) > widthMm) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines.length > 0 ? lines : [''];
}
