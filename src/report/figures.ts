/**
 * From tallied counts to published figures: every protected count is registered as an entry, the sums that tie
 * entries together as lines, and small-cell suppression (suppress-counts.ts) then decides what is hidden. The order
 * lines are added in is the order suppression works through them, so sections register in a fixed order.
 */
import { MIN_CELL_COUNT, suppressCounts, type CountEntry, type Line, type Suppression } from './suppress-counts.js';
import { ALL, Tally } from './tally.js';
import type { Figure } from './signal-report.js';

function awaitingKey(family: string, site: string): string {
  return `awaiting|${family}|${site}`;
}

/** The protected entries and lines of one report, gathered before anything is hidden. */
export class ProtectedCounts {
  readonly entries = new Map<string, CountEntry>();
  readonly lines: Line[] = [];

  constructor(readonly tally: Tally, readonly siteList: readonly string[]) {}

  /** Registers the tally's cell as a protected entry (once) and returns its key. */
  entry(family: string, category: string, site: string, period: string): string {
    const key = Tally.key(family, category, site, period);
    if (!this.entries.has(key)) this.entries.set(key, { value: this.tally.value(key), protect: true });
    return key;
  }

  /** A protected entry whose value does not come from the tally. */
  set(key: string, value: number): void {
    this.entries.set(key, { value, protect: true });
  }

  /** The number of sheets awaiting review in a family, per site and overall, as protected entries. */
  awaiting(families: readonly string[]): void {
    for (const family of families) {
      for (const site of [...this.siteList, ALL]) this.set(awaitingKey(family, site), this.tally.waiting(family, site, ALL));
    }
  }

  line(keys: Line): void {
    this.lines.push(keys);
  }

  /** Family × category over sites and periods: each site's periods add up to the site, the sites to the total. */
  hierarchy(family: string, categories: readonly string[], periods: readonly string[]): void {
    for (const category of categories) {
      for (const site of this.siteList) {
        if (periods.length > 0) this.lines.push([...periods.map((period) => this.entry(family, category, site, period)), this.entry(family, category, site, ALL)]);
        else this.entry(family, category, site, ALL);
      }
      this.lines.push([...this.siteList.map((site) => this.entry(family, category, site, ALL)), this.entry(family, category, ALL, ALL)]);
    }
  }

  /** Decides what is hidden (nothing when suppression is off) and returns the figures as published. */
  publish(suppress: boolean): ReportFigures {
    const hidden = suppress ? suppressCounts(this.entries, this.lines) : new Map<string, Suppression>();
    return new ReportFigures(this.tally, this.entries, hidden, this.siteList);
  }
}

/** Looks up published figures: a count, or its hidden marker, flagged provisional while sheets behind it await review. */
export class ReportFigures {
  constructor(
    readonly tally: Tally, private readonly entries: ReadonlyMap<string, CountEntry>, private readonly hidden: ReadonlyMap<string, Suppression>,
    private readonly siteList: readonly string[],
  ) {}

  get hiddenCells(): number {
    return this.hidden.size;
  }

  figureOf(key: string, awaitingFamily?: string, site = ALL, period = ALL): Figure {
    const value = this.entries.get(key)?.value ?? this.tally.value(key);
    const provisional = awaitingFamily !== undefined && this.tally.waiting(awaitingFamily, site, period) > 0;
    const suppression = this.hidden.get(key);
    const base = suppression
      ? { value: null, shown: suppression === 'primary' ? `<${MIN_CELL_COUNT}` : 'x', hidden: suppression }
      : { value, shown: String(value) };
    return provisional ? { ...base, provisional: true } : base;
  }

  fig(family: string, category: string, site: string, period: string, awaitingFamily?: string): Figure {
    return this.figureOf(Tally.key(family, category, site, period), awaitingFamily, site, period);
  }

  /** How many sheets of a site (or ALL) could not be counted in a family yet; itself a protected count. */
  awaitingFigure(family: string, site: string): Figure {
    return this.figureOf(awaitingKey(family, site));
  }

  /** Figures of one family and category for each site. */
  bySite(family: string, code: string, awaitingFamily: string): Readonly<Record<string, Figure>> {
    return Object.fromEntries(this.siteList.map((site) => [site, this.fig(family, code, site, ALL, awaitingFamily)]));
  }
}
