/**
 * The neutral report document (sections of cards, tables, charts and notes in the report's language) that both the
 * HTML page and the PDF are drawn from, and the small cell builders every section uses. Types and pure helpers only.
 */
import type { Chart } from './charts.js';
import type { Figure, ReportLanguage } from './signal-report.js';

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

/** Looks up one of the document's words in the report's language (the key itself when missing). */
export type Say = (key: string) => string;

export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

export function figureCell(figure: Figure, extra: Partial<DocCell> = {}): DocCell {
  return {
    text: figure.provisional ? `${figure.shown}*` : figure.shown, num: true,
    ...(figure.hidden ? { hidden: true } : {}), ...(figure.provisional ? { provisional: true } : {}), ...extra,
  };
}

export function plain(text: string, extra: Partial<DocCell> = {}): DocCell {
  return { text, ...extra };
}

export function num(value: number | null, extra: Partial<DocCell> = {}): DocCell {
  return { text: value === null ? '–' : String(value), num: true, ...extra };
}

/** 'YYYY-MM-DDTHH:MM' → 'DD-MM HH:MM' (short, as people write it). */
export function shortTime(local: string): string {
  return `${local.slice(8, 10)}-${local.slice(5, 7)} ${local.slice(11, 16)}`;
}

export function shortDay(day: string): string {
  return `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;
}

